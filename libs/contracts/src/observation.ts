import { z } from 'zod';

import { formatIssues, IsoInstant } from './common';

export const POST_KINDS = ['post', 'repost', 'reply', 'quote'] as const;
export const PostKind = z.enum(POST_KINDS);
export type PostKind = z.infer<typeof PostKind>;

const NonEmpty = z.string().min(1, 'must not be empty');
const Count = z.number().int().nonnegative();

export const AuthorSchema = z.object({
  id: NonEmpty,
  handle: z.string().nullish(),
  createdAt: IsoInstant.nullish(),
  followers: Count.nullish(),
  following: Count.nullish(),
  posts: Count.nullish(),
});
export type Author = z.infer<typeof AuthorSchema>;

export const PostObservationSchema = z.object({
  type: z.literal('post').default('post'),
  source: NonEmpty,
  id: NonEmpty,
  /** Event time: when the post was made, not when we saw it. */
  ts: IsoInstant,
  kind: PostKind.default('post'),
  parentId: z.string().nullish(),
  author: AuthorSchema,
  text: z.string().nullish(),
  hashtags: z.array(z.string()).nullish(),
  urls: z.array(z.string()).nullish(),
  lang: z.string().nullish(),
  metrics: z
    .object({ reposts: Count.nullish(), likes: Count.nullish(), replies: Count.nullish() })
    .nullish(),
});
export type PostObservation = z.infer<typeof PostObservationSchema>;

/** Interval of an aggregate count, e.g. `1m`, `5m`, `1h`, `1d`. */
export const IntervalSchema = z
  .string()
  .regex(/^[1-9]\d*(s|m|h|d)$/, 'must look like 30s, 5m, 1h or 1d');

export const CountObservationSchema = z.object({
  type: z.literal('count'),
  source: NonEmpty,
  term: NonEmpty,
  /** Start of the interval the count covers. */
  ts: IsoInstant,
  interval: IntervalSchema,
  count: z.number().nonnegative(),
});
export type CountObservation = z.infer<typeof CountObservationSchema>;

export const DeleteObservationSchema = z.object({
  type: z.literal('delete'),
  source: NonEmpty,
  id: NonEmpty,
});
export type DeleteObservation = z.infer<typeof DeleteObservationSchema>;

export type Observation = PostObservation | CountObservation | DeleteObservation;

const UNITS_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** Converts an interval such as `5m` to milliseconds. */
export function intervalToMs(interval: string): number {
  const unit = interval.slice(-1) as keyof typeof UNITS_MS;
  return Number(interval.slice(0, -1)) * UNITS_MS[unit];
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: string };

/**
 * Validates one decoded observation. `type` defaults to `post`; an unknown type is an error.
 * Errors name the field path, e.g. `author.id: must not be empty`.
 */
export function parseObservation(value: unknown): ParseResult<Observation> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, error: 'expected a JSON object' };
  }
  const type = (value as { type?: unknown }).type ?? 'post';
  const schema =
    type === 'post'
      ? PostObservationSchema
      : type === 'count'
        ? CountObservationSchema
        : type === 'delete'
          ? DeleteObservationSchema
          : undefined;
  if (schema === undefined) {
    return {
      ok: false,
      error: `type: must be one of post, count, delete (got ${JSON.stringify(type)})`,
    };
  }
  const result = schema.safeParse(value);
  return result.success
    ? { ok: true, value: result.data }
    : { ok: false, error: formatIssues(result.error) };
}

/** Parses one NDJSON line. Blank lines are the caller's to skip. */
export function parseObservationLine(line: string): ParseResult<Observation> {
  let decoded: unknown;
  try {
    decoded = JSON.parse(line);
  } catch (err) {
    return { ok: false, error: `invalid JSON: ${(err as Error).message}` };
  }
  return parseObservation(decoded);
}

export interface LineError {
  line: number;
  error: string;
}

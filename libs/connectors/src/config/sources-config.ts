import { z } from 'zod';
import { parse as parseYaml } from 'yaml';

import { checkUrlShape } from '../http/ssrf';

const Name = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_.-]{0,62}$/, 'must be a short slug (a-z, 0-9, _ . -)');
const EnvName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an environment variable name');
const Term = z.string().min(1, 'must not be empty').max(200);

const Common = {
  name: Name,
  enabled: z.boolean().default(true),
  /** Seconds between polls. */
  pollSeconds: z.number().int().min(5, 'must be at least 5').max(86_400).optional(),
  /** Allows http:// and private/loopback targets (tests, self-hosted instances). */
  allowPrivateNetwork: z.boolean().default(false),
  timeoutMs: z.number().int().min(100).max(120_000).optional(),
  /** Pages fetched per poll before yielding to the next poll. */
  maxPagesPerPoll: z.number().int().min(1).max(100).optional(),
};

const Url = z.string().min(1, 'must not be empty');

/** Following what discovery (trending tags/topics) reports: off unless `followTrending: true`. */
const Follow = {
  followTrending: z.boolean().default(false),
  /** At most this many trending terms followed at once. */
  followMax: z.number().int().min(1).max(50).default(10),
  /** A followed term is dropped this long after it was last reported trending. */
  followTtlMinutes: z.number().int().min(5).max(10_080).default(360),
};

export const MastodonSourceSchema = z.object({
  ...Common,
  type: z.literal('mastodon'),
  baseUrl: Url,
  tags: z.array(Term).default([]),
  publicTimeline: z.enum(['off', 'local', 'federated']).default('off'),
  trends: z.boolean().default(false),
  ...Follow,
  accessTokenEnv: EnvName.optional(),
  limit: z.number().int().min(1).max(40).optional(),
  /** Stream the configured tags (SSE) instead of polling them; needs a user token (`accessTokenEnv`). */
  streaming: z
    .object({
      /** Streaming server when it is not the REST host (`configuration.urls.streaming`). */
      url: Url.optional(),
      idleTimeoutSeconds: z.number().int().min(5).max(600).default(60),
    })
    .optional(),
});

export const BlueskySourceSchema = z.object({
  ...Common,
  type: z.literal('bluesky'),
  serviceUrl: Url.default('https://bsky.social'),
  identifierEnv: EnvName.optional(),
  appPasswordEnv: EnvName.optional(),
  queries: z.array(Term).default([]),
  /** Trending topics (getTrends / getTrendingTopics) for discovery. */
  trends: z.boolean().default(false),
  /** Where to ask for trends; defaults to `serviceUrl` (e.g. https://public.api.bsky.app without a session). */
  trendsUrl: Url.optional(),
  ...Follow,
  jetstream: z
    .object({
      endpoint: Url,
      terms: z.array(Term).default([]),
      rewindSeconds: z.number().min(0).max(600).default(5),
    })
    .optional(),
});

export const RedditSourceSchema = z.object({
  ...Common,
  type: z.literal('reddit'),
  baseUrl: Url.optional(),
  tokenUrl: Url.optional(),
  subreddits: z
    .array(z.string().regex(/^[A-Za-z0-9_]{2,32}$/, 'must be a subreddit name'))
    .default([]),
  searches: z
    .array(
      z.object({
        query: Term,
        subreddit: z
          .string()
          .regex(/^[A-Za-z0-9_]{2,32}$/)
          .optional(),
      }),
    )
    .default([]),
  clientIdEnv: EnvName.optional(),
  clientSecretEnv: EnvName.optional(),
});

export const XSourceSchema = z.object({
  ...Common,
  type: z.literal('x'),
  baseUrl: Url.optional(),
  bearerTokenEnv: EnvName,
  searches: z.array(Term.max(512)).default([]),
  counts: z
    .array(
      z.object({
        query: Term.max(512),
        term: Term.optional(),
        granularity: z.enum(['minute', 'hour', 'day']).default('minute'),
      }),
    )
    .default([]),
  endpoint: z.enum(['recent', 'all']).default('recent'),
});

export const GoogleTrendsSourceSchema = z.object({
  ...Common,
  type: z.literal('google-trends'),
  baseUrl: Url.optional(),
  geos: z
    .array(
      z.string().regex(/^[A-Z]{2}(-[A-Z0-9]{1,3})?$/, 'must be an ISO-3166 code like US or IN'),
    )
    .min(1),
  interval: z
    .string()
    .regex(/^[1-9]\d*(s|m|h|d)$/, 'must look like 30m or 1h')
    .default('1h'),
});

export const RssSourceSchema = z.object({
  ...Common,
  type: z.literal('rss'),
  urls: z.array(Url).min(1),
});

export const SourceSchema = z.discriminatedUnion('type', [
  MastodonSourceSchema,
  BlueskySourceSchema,
  RedditSourceSchema,
  XSourceSchema,
  GoogleTrendsSourceSchema,
  RssSourceSchema,
]);
export type SourceConfig = z.infer<typeof SourceSchema>;

export const SourcesFileSchema = z.object({
  defaults: z
    .object({
      pollSeconds: z.number().int().min(5).max(86_400).default(60),
      userAgent: z.string().min(1).optional(),
    })
    .default({ pollSeconds: 60 }),
  sources: z.array(SourceSchema),
});
export type SourcesFile = z.infer<typeof SourcesFileSchema>;

/** Which fields of each source type hold URLs (checked for SSRF at load time). */
function urlFields(s: SourceConfig): [string, string][] {
  switch (s.type) {
    case 'mastodon':
      return [
        ['baseUrl', s.baseUrl],
        ...(s.streaming?.url === undefined
          ? []
          : ([['streaming.url', s.streaming.url.replace(/^ws/, 'http')]] as [string, string][])),
      ];
    case 'bluesky':
      return [
        ['serviceUrl', s.serviceUrl],
        ...(s.trendsUrl === undefined ? [] : ([['trendsUrl', s.trendsUrl]] as [string, string][])),
        ...(s.jetstream === undefined
          ? []
          : ([['jetstream.endpoint', s.jetstream.endpoint.replace(/^ws/, 'http')]] as [
              string,
              string,
            ][])),
      ];
    case 'reddit':
    case 'x':
    case 'google-trends':
      return [
        ...(s.baseUrl === undefined ? [] : ([['baseUrl', s.baseUrl]] as [string, string][])),
        ...(s.type === 'reddit' && s.tokenUrl !== undefined
          ? ([['tokenUrl', s.tokenUrl]] as [string, string][])
          : []),
      ];
    case 'rss':
      return s.urls.map((u, i): [string, string] => [`urls.${i}`, u]);
  }
}

/**
 * Parses and validates a sources file (JSON, or YAML when `format` says so or JSON fails). Throws one
 * error listing every problem as `sources.<i>.<field>: message`.
 */
export function parseSourcesConfig(
  text: string,
  format: 'json' | 'yaml' | 'auto' = 'auto',
): SourcesFile {
  let raw: unknown;
  try {
    raw =
      format === 'yaml' ? parseYaml(text) : format === 'json' ? JSON.parse(text) : parseAuto(text);
  } catch (err) {
    throw new Error(
      `sources file is not valid ${format === 'auto' ? 'JSON or YAML' : format.toUpperCase()}: ${(err as Error).message}`,
    );
  }
  const result = SourcesFileSchema.safeParse(raw);
  if (!result.success) {
    const lines = result.error.issues.map(
      (i) => `  ${i.path.map(String).join('.') || '(root)'}: ${i.message}`,
    );
    throw new Error(`Invalid sources file:\n${lines.join('\n')}`);
  }
  const problems: string[] = [];
  const names = new Set<string>();
  result.data.sources.forEach((s, i) => {
    if (names.has(s.name)) problems.push(`  sources.${i}.name: duplicate name "${s.name}"`);
    names.add(s.name);
    for (const [field, url] of urlFields(s)) {
      try {
        checkUrlShape(url, { allowPrivateNetwork: s.allowPrivateNetwork });
      } catch (err) {
        problems.push(`  sources.${i}.${field}: ${(err as Error).message}`);
      }
    }
    if (
      s.type === 'bluesky' &&
      s.queries.length > 0 &&
      (s.identifierEnv === undefined) !== (s.appPasswordEnv === undefined)
    ) {
      problems.push(`  sources.${i}.appPasswordEnv: identifierEnv and appPasswordEnv go together`);
    }
    if (s.type === 'mastodon' && s.streaming !== undefined && s.accessTokenEnv === undefined) {
      problems.push(
        `  sources.${i}.streaming: needs accessTokenEnv (Mastodon 4.2+ streams only to user tokens)`,
      );
    }
    if ((s.type === 'mastodon' || s.type === 'bluesky') && s.followTrending && !s.trends) {
      problems.push(
        `  sources.${i}.followTrending: needs trends: true (nothing is discovered otherwise)`,
      );
    }
    if (
      s.type === 'bluesky' &&
      s.followTrending &&
      (s.identifierEnv === undefined || s.appPasswordEnv === undefined)
    ) {
      problems.push(
        `  sources.${i}.followTrending: needs identifierEnv and appPasswordEnv (followed topics are searched, and search needs a session)`,
      );
    }
    if (
      s.type === 'reddit' &&
      (s.clientIdEnv === undefined) !== (s.clientSecretEnv === undefined)
    ) {
      problems.push(`  sources.${i}.clientSecretEnv: clientIdEnv and clientSecretEnv go together`);
    }
  });
  if (problems.length > 0) throw new Error(`Invalid sources file:\n${problems.join('\n')}`);
  return result.data;
}

function parseAuto(text: string): unknown {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) return JSON.parse(text);
  return parseYaml(text);
}

import { z } from 'zod';

import { formatIssues } from './common';

// Watchlists (issue #3, ADR 0005): editable lists of watched keywords and phrases with per-list alert settings.

const MAX_TEXT = 200;
const MAX_SPELLINGS = 200;
const MAX_TERMS = 10_000;

const Spelling = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(MAX_TEXT, `must be at most ${MAX_TEXT} characters`);

/** One watched term: a name and every spelling, hashtag and translation that counts as it. */
export const WatchTermInputSchema = z.strictObject({
  /** Name the term is scored and alerted under (stored lower case, without a leading `#`). */
  term: Spelling.transform((t) => t.replace(/^#+/, '').toLowerCase()).refine(
    (t) => t.length > 0,
    'must name a word or phrase',
  ),
  /**
   * Evasion spellings beyond what folding already covers (case, spacing, punctuation inside words, diacritics,
   * 0→o 1→i 3→e 4→a 5→s 7→t @→a $→s need no entry), e.g. `mmss`.
   */
  variants: z.array(Spelling).max(MAX_SPELLINGS).default([]),
  /** Synonym group: the same idea in other words, scripts and languages, e.g. `एमएमएस`. */
  synonyms: z.array(Spelling).max(MAX_SPELLINGS).default([]),
  /** A victim's name, say: masked in emails, webhooks and exports, shown only to analysts. */
  protected: z.boolean().default(false),
});
export type WatchTermInput = z.input<typeof WatchTermInputSchema>;
export type WatchTermView = z.output<typeof WatchTermInputSchema>;

/** Alert settings of one watchlist; an unset field falls back to the global velocity rule. */
export const WatchlistSettingsSchema = z.strictObject({
  /** Minimum volume: posts in the scoring window needed to fire. */
  minWindowCount: z.number().int().min(1).max(1_000_000).optional(),
  /** Distinct authors in the window needed to fire. */
  minUniqueAuthors: z.number().int().min(1).max(1_000_000).optional(),
  /** Spread-score threshold (log10 evidence) needed to fire. */
  fireScore: z.number().min(0.5).max(60).optional(),
  /** Predicted final size at which a forecast alert fires. */
  forecastSize: z.number().int().min(1).max(1_000_000_000).optional(),
});
export type WatchlistSettingsView = z.output<typeof WatchlistSettingsSchema>;

/** Body of `POST /api/watchlists` and `PUT /api/watchlists/:id` (PUT replaces the whole list). */
export const WatchlistInputSchema = z
  .strictObject({
    name: Spelling,
    /** A disabled list is kept but matches nothing. */
    enabled: z.boolean().default(true),
    settings: WatchlistSettingsSchema.default({}),
    terms: z.array(WatchTermInputSchema).max(MAX_TERMS).default([]),
  })
  .superRefine((list, ctx) => {
    const seen = new Map<string, number>();
    list.terms.forEach((entry, i) => {
      const first = seen.get(entry.term);
      if (first !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['terms', i, 'term'],
          message: `duplicates terms.${first}.term (${JSON.stringify(entry.term)})`,
        });
      } else seen.set(entry.term, i);
    });
  });
export type WatchlistInput = z.input<typeof WatchlistInputSchema>;
export type WatchlistParsed = z.output<typeof WatchlistInputSchema>;

/** A stored watchlist as the API returns it. */
export interface WatchlistView extends WatchlistParsed {
  id: string;
  /** `builtin` for the seeded default, otherwise the user who created it. */
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

// Fields of a stored watchlist that a file may carry (a saved `GET /api/watchlists` answer) and that are ignored.
const VIEW_ONLY_KEYS = new Set(['id', 'createdBy', 'createdAt', 'updatedAt']);

const FileWatchlistSchema = z.preprocess(
  (value) =>
    value !== null && typeof value === 'object' && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value).filter(([key]) => !VIEW_ONLY_KEYS.has(key)))
      : value,
  WatchlistInputSchema,
);

const WatchlistFileListSchema = z
  .array(FileWatchlistSchema)
  .min(1, 'must hold at least one watchlist');

/**
 * Parses a watchlist file for `spreadwatch replay --watchlist FILE` (JSON or YAML, already parsed): one list or
 * an array of lists, in the shape `POST /api/watchlists` takes or `GET /api/watchlists` returns. Errors name the
 * list index and field.
 */
export function parseWatchlistFile(
  value: unknown,
): { ok: true; lists: WatchlistParsed[] } | { ok: false; error: string } {
  const result = Array.isArray(value)
    ? WatchlistFileListSchema.safeParse(value)
    : FileWatchlistSchema.transform((list) => [list]).safeParse(value);
  return result.success
    ? { ok: true, lists: result.data }
    : { ok: false, error: formatIssues(result.error) };
}

/** A watchlist as the scorer matches it (structurally `Watchlist` of @spreadwatch/scoring). */
export interface MatchableWatchlist {
  id: string;
  name: string;
  settings: {
    minWindowCount?: number;
    minUniqueAuthors?: number;
    fireScore?: number;
    forecastSize?: number;
  };
  /** Each term with every spelling that counts as it (variants and synonym group together). */
  terms: { term: string; synonyms: string[] }[];
}

/** Flattens a validated or stored watchlist for the scorer; unset settings stay unset (global rule applies). */
export function toMatchableWatchlist(list: {
  id?: string;
  name: string;
  settings: WatchlistSettingsView;
  terms: readonly WatchTermView[];
}): MatchableWatchlist {
  const settings: MatchableWatchlist['settings'] = {};
  const { minWindowCount, minUniqueAuthors, fireScore, forecastSize } = list.settings;
  if (minWindowCount !== undefined) settings.minWindowCount = minWindowCount;
  if (minUniqueAuthors !== undefined) settings.minUniqueAuthors = minUniqueAuthors;
  if (fireScore !== undefined) settings.fireScore = fireScore;
  if (forecastSize !== undefined) settings.forecastSize = forecastSize;
  return {
    id: list.id ?? list.name,
    name: list.name,
    settings,
    terms: list.terms.map((t) => ({ term: t.term, synonyms: [...t.variants, ...t.synonyms] })),
  };
}

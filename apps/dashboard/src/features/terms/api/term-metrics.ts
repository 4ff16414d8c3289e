import type { TermSummary } from '@spreadwatch/contracts';

/**
 * Optional fields the scoring work (#3) and watchlists add to a board row. Read defensively: a column
 * appears only when some row carries its field.
 */
export interface BoardExtras {
  acceleration?: number;
  uniqueAuthors?: number;
  firstTimeAuthors?: number;
  amplificationShare?: number;
  /** Reach forecast (#3): predicted further posts above baseline, with its 90% interval. */
  forecast?: { expected?: number; low?: number; high?: number; supercritical?: boolean };
  watchlists?: string[];
  sources?: string[];
  langs?: string[];
  related?: string[];
}

export type BoardRow = Omit<TermSummary, 'forecast'> & BoardExtras;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const numberOr = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? value : undefined;

const strings = (value: unknown): string[] | undefined =>
  Array.isArray(value) && value.every((v) => typeof v === 'string') ? value : undefined;

const remaining = (total: unknown, observed: unknown): number | undefined => {
  const t = numberOr(total);
  if (t === undefined) return undefined;
  return Math.max(0, t - (numberOr(observed) ?? 0));
};

/** Accepts the field names #3 might use (`lang` or `langs`, `relatedRising` or `related`). */
export const toBoardRow = (summary: TermSummary): BoardRow => {
  const raw = summary as unknown as Record<string, unknown>;
  const forecastRaw = raw['forecast'];
  const forecast = isRecord(forecastRaw)
    ? {
        // Remaining growth: predicted final excess size minus what was already observed.
        expected: remaining(forecastRaw['finalSize'], forecastRaw['observed']),
        low: remaining(forecastRaw['finalSizeLow'], forecastRaw['observed']),
        high: remaining(forecastRaw['finalSizeHigh'], forecastRaw['observed']),
        supercritical: forecastRaw['supercritical'] === true,
      }
    : undefined;
  return {
    ...summary,
    acceleration: numberOr(raw['acceleration']),
    uniqueAuthors: numberOr(raw['uniqueAuthors']),
    firstTimeAuthors: numberOr(raw['firstTimeAuthors']),
    amplificationShare: numberOr(raw['amplificationShare']),
    forecast,
    watchlists:
      strings(raw['watchlists']) ??
      (typeof raw['watchlist'] === 'string' ? [raw['watchlist']] : undefined),
    sources: strings(raw['sources']),
    langs: strings(raw['langs']) ?? (typeof raw['lang'] === 'string' ? [raw['lang']] : undefined),
    related: strings(raw['relatedRising'] ?? raw['related']),
  };
};

export interface BoardFilters {
  watchlist: string;
  source: string;
  lang: string;
}

/** Rows matching every set filter; a row without the field never matches a set filter. */
export const filterBoard = (rows: readonly BoardRow[], filters: BoardFilters): BoardRow[] =>
  rows.filter(
    (row) =>
      (filters.watchlist === '' || (row.watchlists ?? []).includes(filters.watchlist)) &&
      (filters.source === '' || (row.sources ?? []).includes(filters.source)) &&
      (filters.lang === '' || (row.langs ?? []).includes(filters.lang)),
  );

/** The distinct values of a list field across rows, sorted, for filter menus. */
export const distinctValues = (
  rows: readonly BoardRow[],
  pick: (row: BoardRow) => readonly string[] | undefined,
): string[] => [...new Set(rows.flatMap((row) => pick(row) ?? []))].sort();

export interface BoardColumns {
  acceleration: boolean;
  uniqueAuthors: boolean;
  firstTimeAuthors: boolean;
  amplificationShare: boolean;
  forecast: boolean;
}

export const presentColumns = (rows: readonly BoardRow[]): BoardColumns => ({
  acceleration: rows.some((r) => r.acceleration !== undefined),
  uniqueAuthors: rows.some((r) => r.uniqueAuthors !== undefined),
  firstTimeAuthors: rows.some((r) => r.firstTimeAuthors !== undefined),
  amplificationShare: rows.some((r) => r.amplificationShare !== undefined),
  forecast: rows.some((r) => r.forecast?.expected !== undefined),
});

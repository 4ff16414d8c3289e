/** Logical column types; each format maps them (see `PARQUET_TYPES` and the data dictionary). */
export type ColumnType = 'string' | 'int32' | 'int64' | 'double' | 'boolean' | 'timestamp' | 'json';

/**
 * How a column is made safe before it leaves the server:
 * - `account` / `handle` / `post` / `opaque-id`: replaced by a keyed HMAC pseudonym (`opaque-id` for ids
 *   derived from labels, such as alert fingerprints, which would otherwise let a reader guess a masked term);
 * - `account-list`: a JSON array of account ids, each pseudonymised;
 * - `term` / `term-list`: protected terms masked;
 * - `text`: protected terms masked and `@mentions` pseudonymised;
 * - `evidence`: JSON whose `topAccounts[].id` are pseudonymised and whose strings are masked;
 * - `masked-json`: JSON whose strings are masked;
 * - `shared-objects`: coordination shared objects: terms masked, parent post ids pseudonymised like post_id,
 *   links masked, hash keys (`text:`, `url:`, `post:`) pseudonymised as opaque ids;
 * - `edge-list`: co-action edges whose `source`/`target` accounts are pseudonymised.
 */
export type Privacy =
  | 'account'
  | 'account-list'
  | 'handle'
  | 'post'
  | 'opaque-id'
  | 'term'
  | 'term-list'
  | 'text'
  | 'evidence'
  | 'masked-json'
  | 'shared-objects'
  | 'edge-list';

/** How a 1-minute column is rolled up into a coarser bucket. */
export type Aggregation = 'sum' | 'last' | 'max' | 'mean' | 'key';

/** One column of a dataset: everything the writers, the privacy pass and the data dictionary need. */
export interface ColumnDef {
  name: string;
  type: ColumnType;
  nullable: boolean;
  /** What the value means, one sentence. */
  description: string;
  /** Unit of measure, or '' when dimensionless / not a quantity. */
  unit: string;
  privacy?: Privacy;
  /** Roll-up for time-series columns at 5m/1h; ignored elsewhere. */
  aggregation?: Aggregation;
}

export const DATASET_NAMES = [
  'term-series',
  'alerts',
  'posts',
  'clusters',
  'account-features',
] as const;
export type DatasetName = (typeof DATASET_NAMES)[number];

/** Names accepted for compatibility: `accounts` was the account-features dataset's first name. */
export const DATASET_ALIASES: Readonly<Record<string, DatasetName>> = Object.freeze({
  accounts: 'account-features',
});

/** A dataset name or alias as its canonical name; null when unknown. */
export function canonicalDatasetName(name: string): DatasetName | null {
  if ((DATASET_NAMES as readonly string[]).includes(name)) return name as DatasetName;
  return DATASET_ALIASES[name] ?? null;
}

export const RESOLUTIONS = ['1m', '5m', '1h'] as const;
export type Resolution = (typeof RESOLUTIONS)[number];

export const RESOLUTION_MS: Readonly<Record<Resolution, number>> = Object.freeze({
  '1m': 60_000,
  '5m': 300_000,
  '1h': 3_600_000,
});

export const EXPORT_FORMATS = ['csv', 'ndjson', 'parquet'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** A dataset: its name, a description for the dictionary, and its ordered columns. */
export interface DatasetDefinition {
  name: DatasetName;
  description: string;
  /** One line on what a row is. */
  rowMeaning: string;
  columns: readonly ColumnDef[];
}

/**
 * One row as the writers take it: values keyed by column name. Timestamps are ms since the epoch (UTC);
 * json columns hold plain JSON values; absent or undefined means null.
 */
export type ExportRow = Record<string, unknown>;

/** A dataset that cannot be exported yet; the API answers 400 with `reason`. */
export class DatasetUnavailableError extends Error {
  constructor(
    readonly dataset: DatasetName,
    readonly reason: string,
  ) {
    super(`dataset ${dataset} is not yet available: ${reason}`);
    this.name = 'DatasetUnavailableError';
  }
}

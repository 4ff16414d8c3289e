import type { DatasetDefinition, ExportFormat } from './dataset-definition';
import { PARQUET_TYPES } from './parquet-writer';

export const MANIFEST_FILE = 'manifest.json';
export const DICTIONARY_JSON_FILE = 'data-dictionary.json';
export const DICTIONARY_MD_FILE = 'data-dictionary.md';
export const MANIFEST_VERSION = 'spreadwatch-export/1';

const EXTENSIONS: Readonly<Record<ExportFormat, string>> = {
  csv: 'csv',
  ndjson: 'ndjson',
  parquet: 'parquet',
};

/** File name of a dataset's data file in a format. */
export function dataFileName(definition: DatasetDefinition, format: ExportFormat): string {
  return `${definition.name}.${EXTENSIONS[format]}`;
}

export interface ManifestFile {
  name: string;
  role: 'data' | 'dictionary';
  bytes: number;
  sha256: string;
  /** Data rows (data files only). */
  rows?: number;
}

export interface ManifestPseudonymisation {
  method: 'HMAC-SHA256';
  /** `per-export`: a fresh key, so pseudonyms cannot be joined with any other export. */
  scope: 'per-export' | 'stable';
  /** Public id of the key: equal across exports exactly when the key is the same (stable grants). */
  keyId: string;
  /** The study a stable key was granted for. */
  study?: string;
  pseudonymisedColumns: string[];
}

/** Everything needed to reproduce and verify an export; written as manifest.json beside the files. */
export interface ExportManifest {
  manifestVersion: typeof MANIFEST_VERSION;
  exportId: string;
  dataset: string;
  format: ExportFormat;
  createdAt: string;
  /** Who ran it (username) or `cli`. */
  requestedBy: string;
  parameters: Record<string, unknown>;
  filters: Record<string, unknown>;
  /** Where the rows came from: `database`, or `replay:<file> sha256:<hash>`. */
  source: string;
  rowCounts: Record<string, number>;
  files: ManifestFile[];
  codeVersion: string;
  scoringConfig: Record<string, unknown>;
  pseudonymisation: ManifestPseudonymisation;
  protectedTerms: { masked: boolean; count: number };
  notes: string[];
}

/** The data dictionary: every column with its meaning, unit and type in each format. */
export interface DataDictionary {
  dataset: string;
  description: string;
  row: string;
  columns: {
    name: string;
    type: string;
    parquetType: string;
    nullable: boolean;
    unit: string;
    description: string;
    pseudonymised: boolean;
    aggregation?: string;
  }[];
  conventions: string[];
}

const CONVENTIONS = [
  'Timestamps are UTC: ISO 8601 with milliseconds and Z in CSV and NDJSON, INT64 TIMESTAMP(MILLIS, UTC) in Parquet.',
  'Null is an empty cell in CSV and null in NDJSON and Parquet; NaN and infinities are written as null.',
  'CSV is RFC 4180, UTF-8 without BOM, CRLF line ends; JSON columns are JSON text in CSV.',
  "CSV text cells starting with = + - @ tab or CR are prefixed with ' so spreadsheets do not run them as formulas.",
  'Pseudonyms are keyed HMAC-SHA256 (first 80 bits, hex) with kind prefixes u_ account, h_ handle, p_ post, x_ id, t_ term.',
  'Protected terms appear as protected:t_<pseudonym> in every column and in text.',
];

export function buildDictionary(definition: DatasetDefinition): DataDictionary {
  return {
    dataset: definition.name,
    description: definition.description,
    row: definition.rowMeaning,
    columns: definition.columns.map((c) => ({
      name: c.name,
      type: c.type,
      parquetType: PARQUET_TYPES[c.type],
      nullable: c.nullable,
      unit: c.unit,
      description: c.description,
      pseudonymised: c.privacy !== undefined,
      ...(definition.name === 'term-series' && c.aggregation !== undefined
        ? { aggregation: c.aggregation }
        : {}),
    })),
    conventions: CONVENTIONS,
  };
}

/** The same dictionary as a Markdown table, for people who open the folder. */
export function dictionaryMarkdown(d: DataDictionary): string {
  const esc = (s: string): string => s.replace(/\|/g, '\\|');
  const lines = [
    `# ${d.dataset}`,
    '',
    d.description,
    '',
    `One row is ${d.row}.`,
    '',
    '| column | type | parquet | nullable | unit | meaning |',
    '| --- | --- | --- | --- | --- | --- |',
    ...d.columns.map(
      (c) =>
        `| ${esc(c.name)} | ${c.type} | ${esc(c.parquetType)} | ${c.nullable ? 'yes' : 'no'} | ${esc(c.unit)} | ${esc(c.description)} |`,
    ),
    '',
    '## Conventions',
    '',
    ...d.conventions.map((c) => `- ${c}`),
    '',
  ];
  return lines.join('\n');
}

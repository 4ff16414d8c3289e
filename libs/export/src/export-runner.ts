import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';

import { HashingFileSink } from './byte-sink';
import { CsvRowWriter } from './csv-writer';
import type { DatasetDefinition, ExportFormat, ExportRow } from './dataset-definition';
import {
  buildDictionary,
  dataFileName,
  DICTIONARY_JSON_FILE,
  DICTIONARY_MD_FILE,
  dictionaryMarkdown,
  type ExportManifest,
  MANIFEST_FILE,
  MANIFEST_VERSION,
  type ManifestFile,
} from './manifest';
import { NdjsonRowWriter } from './ndjson-writer';
import { ParquetRowWriter } from './parquet-writer';
import { privacyPass, type PrivacyContext } from './privacy';
import type { RowWriter } from './row-writer';

export interface ExportProgress {
  rows: number;
  /** Rows expected, when the source could count them; null otherwise. */
  expectedRows: number | null;
}

/** One export: what to write, from which rows, with which keys and metadata. */
export interface ExportJob {
  exportId: string;
  /** ISO instant the export was requested (the caller's clock). */
  createdAt: string;
  requestedBy: string;
  definition: DatasetDefinition;
  format: ExportFormat;
  outDir: string;
  rows: AsyncIterable<ExportRow> | Iterable<ExportRow>;
  privacy: PrivacyContext;
  pseudonymScope: 'per-export' | 'stable';
  study?: string;
  parameters: Record<string, unknown>;
  filters: Record<string, unknown>;
  source: string;
  codeVersion: string;
  scoringConfig: Record<string, unknown>;
  expectedRows?: number | null;
  onProgress?: (progress: ExportProgress) => void;
  /** Rows between progress callbacks. */
  progressEvery?: number;
  parquetRowGroupRows?: number;
  notes?: string[];
}

function createRowWriter(job: ExportJob, sink: HashingFileSink): RowWriter {
  switch (job.format) {
    case 'csv':
      return new CsvRowWriter(sink, job.definition.columns);
    case 'ndjson':
      return new NdjsonRowWriter(sink, job.definition.columns);
    case 'parquet':
      return new ParquetRowWriter(sink, job.definition.columns, {
        rowGroupRows: job.parquetRowGroupRows,
        kvMetadata: [{ key: 'spreadwatch.dataset', value: job.definition.name }],
      });
  }
}

async function writeTextFile(
  path: string,
  text: string,
): Promise<{ bytes: number; sha256: string }> {
  const sink = new HashingFileSink(path);
  await sink.write(Buffer.from(text, 'utf8'));
  await sink.close();
  return sink.digest();
}

/**
 * Writes one dataset (data file, data dictionary as JSON and Markdown, manifest.json) into `outDir`, streaming
 * rows through the privacy pass into the format writer. Memory stays bounded whatever the row count: text
 * formats hold one 256 KiB batch, Parquet one row group. Returns the manifest it wrote.
 */
export async function runExport(job: ExportJob): Promise<ExportManifest> {
  await mkdir(job.outDir, { recursive: true });
  const dataName = dataFileName(job.definition, job.format);
  const sink = new HashingFileSink(join(job.outDir, dataName));
  const writer = createRowWriter(job, sink);
  const protect = privacyPass(job.definition, job.privacy);
  const every = job.progressEvery ?? 10_000;
  const expectedRows = job.expectedRows ?? null;
  let rows = 0;
  try {
    for await (const row of job.rows) {
      const pending = writer.write(protect(row));
      if (pending !== undefined) await pending;
      rows++;
      if (rows % every === 0) job.onProgress?.({ rows, expectedRows });
    }
    await writer.end();
  } finally {
    await sink.close();
  }
  job.onProgress?.({ rows, expectedRows });

  const dictionary = buildDictionary(job.definition);
  const files: ManifestFile[] = [
    { name: dataName, role: 'data', ...sink.digest(), rows },
    {
      name: DICTIONARY_JSON_FILE,
      role: 'dictionary',
      ...(await writeTextFile(
        join(job.outDir, DICTIONARY_JSON_FILE),
        `${JSON.stringify(dictionary, null, 2)}\n`,
      )),
    },
    {
      name: DICTIONARY_MD_FILE,
      role: 'dictionary',
      ...(await writeTextFile(
        join(job.outDir, DICTIONARY_MD_FILE),
        dictionaryMarkdown(dictionary),
      )),
    },
  ];
  const manifest: ExportManifest = {
    manifestVersion: MANIFEST_VERSION,
    exportId: job.exportId,
    dataset: job.definition.name,
    format: job.format,
    createdAt: job.createdAt,
    requestedBy: job.requestedBy,
    parameters: job.parameters,
    filters: job.filters,
    source: job.source,
    rowCounts: { [dataName]: rows },
    files,
    codeVersion: job.codeVersion,
    scoringConfig: job.scoringConfig,
    pseudonymisation: {
      method: 'HMAC-SHA256',
      scope: job.pseudonymScope,
      keyId: job.privacy.pseudonymiser.keyId(),
      ...(job.study === undefined ? {} : { study: job.study }),
      pseudonymisedColumns: job.definition.columns
        .filter((c) => c.privacy !== undefined)
        .map((c) => c.name),
    },
    protectedTerms: { masked: job.privacy.masker.size > 0, count: job.privacy.masker.size },
    notes: job.notes ?? [],
  };
  await writeTextFile(join(job.outDir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

import {
  EXPORT_FORMATS,
  type ExportFormat,
  type ExportRow,
  Pseudonymiser,
  runExport,
  TermMasker,
  termSeriesDefinition,
} from '@spreadwatch/export';

import type { Io } from '../io';
import { ProgressBar } from '../progress-bar';
import { numberOption, UsageError, withUsage } from '../usage-error';
import { progressTarget } from './export';

export const BENCH_EXPORT_USAGE = `Usage: spreadwatch bench-export [--rows N] [--formats csv,ndjson,parquet] [--terms N] [--keep DIR]

Generates a synthetic per-term series in a stream (never held in memory) and exports it in each format through
the same writer, privacy pass and manifest as a real export. Prints rows/s and peak resident memory
(process.memoryUsage().rss sampled every 10,000 rows and every 50 ms).

Options:
  --rows N        rows per format (default 10000000)
  --formats LIST  formats to measure (default csv,ndjson,parquet)
  --terms N       distinct terms (default 1000)
  --keep DIR      write the files to DIR and keep them (default: a temp directory, removed)`;

// The columns term_buckets holds today plus a few detector columns, so row width is realistic.
const BENCH_DEFINITION = termSeriesDefinition('1m', [
  { name: 'count', type: 'double' },
  { name: 'unique_authors', type: 'int32' },
  { name: 'rate', type: 'double' },
  { name: 'baseline', type: 'double' },
  { name: 'velocity', type: 'double' },
  { name: 'score', type: 'double' },
  { name: 'acceleration', type: 'double' },
  { name: 'first_time_authors', type: 'int32' },
  { name: 'burst_level', type: 'int32' },
]);

const T0 = Date.parse('2026-01-01T00:00:00Z');

/** Synthetic 1-minute rows, term-major like a database export; deterministic (no randomness). */
export function* syntheticSeries(rows: number, terms: number): Generator<ExportRow> {
  const perTerm = Math.ceil(rows / terms);
  let emitted = 0;
  for (let t = 0; t < terms && emitted < rows; t++) {
    const term = `#bench${t}`;
    for (let m = 0; m < perTerm && emitted < rows; m++, emitted++) {
      // A daily-ish wave plus a term-specific level: plausible magnitudes, cheap to compute.
      const count = ((t % 17) + 1) * (1 + Math.sin(m / 90)) + (m % 7);
      yield {
        term,
        bucket_start: T0 + m * 60_000,
        minutes: 1,
        count,
        unique_authors: Math.floor(count * 0.8),
        rate: count * 0.95,
        baseline: (t % 17) + 1,
        velocity: Math.cos(m / 90) / 90,
        score: (m % 97) / 10,
        acceleration: -Math.sin(m / 90) / 8100,
        first_time_authors: m % 5,
        burst_level: m % 113 === 0 ? 1 : 0,
      };
    }
  }
}

export interface ExportBenchResult {
  format: ExportFormat;
  rows: number;
  seconds: number;
  rowsPerSecond: number;
  peakRssMiB: number;
  baselineRssMiB: number;
  bytes: number;
}

/** Exports `rows` synthetic rows in one format and measures throughput and peak RSS. */
export async function benchExportFormat(
  format: ExportFormat,
  rows: number,
  terms: number,
  dir: string,
  io: Io,
): Promise<ExportBenchResult> {
  global.gc?.();
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sample = (): void => {
    const rss = process.memoryUsage().rss;
    if (rss > peak) peak = rss;
  };
  const timer = setInterval(sample, 50);
  const bar = new ProgressBar(progressTarget(io), `bench-export ${format}`);
  const pseudonymiser = new Pseudonymiser(Buffer.alloc(32, 7));
  const started = performance.now();
  try {
    const manifest = await runExport({
      exportId: `bench-${format}`,
      createdAt: new Date(T0).toISOString(),
      requestedBy: 'bench',
      definition: BENCH_DEFINITION,
      format,
      outDir: join(dir, format),
      rows: syntheticSeries(rows, terms),
      privacy: { pseudonymiser, masker: new TermMasker(['#bench3'], pseudonymiser) },
      pseudonymScope: 'stable',
      parameters: { bench: true },
      filters: {},
      source: 'synthetic',
      codeVersion: 'bench',
      scoringConfig: {},
      expectedRows: rows,
      onProgress: (p) => {
        sample();
        bar.update(p.rows, p.expectedRows);
      },
    });
    const seconds = (performance.now() - started) / 1000;
    bar.finish(rows);
    const data = manifest.files[0];
    return {
      format,
      rows,
      seconds,
      rowsPerSecond: rows / seconds,
      peakRssMiB: peak / 2 ** 20,
      baselineRssMiB: baseline / 2 ** 20,
      bytes: data?.bytes ?? 0,
    };
  } finally {
    clearInterval(timer);
  }
}

export function formatBenchRow(r: ExportBenchResult): string {
  return [
    r.format.padEnd(8),
    `${r.rows} rows`.padStart(16),
    `${r.seconds.toFixed(1)} s`.padStart(9),
    `${Math.round(r.rowsPerSecond).toLocaleString('en-US')} rows/s`.padStart(18),
    `peak RSS ${r.peakRssMiB.toFixed(0)} MiB (start ${r.baselineRssMiB.toFixed(0)})`.padStart(32),
    `${(r.bytes / 2 ** 20).toFixed(1)} MiB file`.padStart(16),
  ].join('  ');
}

/** `spreadwatch bench-export`. */
export async function benchExportCommand(args: string[], io: Io): Promise<ExportBenchResult[]> {
  const { values } = withUsage(BENCH_EXPORT_USAGE, () =>
    parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        rows: { type: 'string' },
        formats: { type: 'string' },
        terms: { type: 'string' },
        keep: { type: 'string' },
      },
    }),
  );
  const rows = numberOption(values.rows, 'rows', BENCH_EXPORT_USAGE, {
    integer: true,
    min: 1,
    fallback: 10_000_000,
  });
  const terms = numberOption(values.terms, 'terms', BENCH_EXPORT_USAGE, {
    integer: true,
    min: 1,
    fallback: 1000,
  });
  const formats = (values.formats ?? EXPORT_FORMATS.join(',')).split(',').map((f) => f.trim());
  for (const f of formats) {
    if (!(EXPORT_FORMATS as readonly string[]).includes(f)) {
      throw new UsageError(`--formats: unknown format ${JSON.stringify(f)}`, BENCH_EXPORT_USAGE);
    }
  }
  const dir = values.keep ?? (await mkdtemp(join(tmpdir(), 'sw-bench-export-')));
  const results: ExportBenchResult[] = [];
  try {
    for (const format of formats as ExportFormat[]) {
      const r = await benchExportFormat(format, rows, terms, dir, io);
      results.push(r);
      io.out(formatBenchRow(r));
    }
  } finally {
    if (values.keep === undefined) await rm(dir, { recursive: true, force: true });
  }
  return results;
}

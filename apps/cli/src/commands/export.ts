import { randomUUID } from 'node:crypto';
import { access, readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { parseArgs } from 'node:util';

import { DEFAULT_VELOCITY_RULE } from '@spreadwatch/alerting';
import {
  ACCOUNT_FEATURES_DATASET,
  ALERTS_DATASET,
  canonicalDatasetName,
  CLUSTERS_DATASET,
  DATASET_ALIASES,
  DATASET_NAMES,
  type DatasetDefinition,
  type DatasetName,
  EXPORT_FORMATS,
  type ExportFormat,
  type ExportManifest,
  type ExportRow,
  generatePseudonymKey,
  planDatabaseExport,
  postKey,
  postsDefinition,
  Pseudonymiser,
  replayCoordinationRows,
  replayPostRows,
  replayScoreRows,
  RESOLUTIONS,
  type Resolution,
  resolveCodeVersion,
  rollUp,
  runExport,
  ScoreColumnCollector,
  type SqlQueryable,
  TermMasker,
  termSeriesDefinition,
} from '@spreadwatch/export';
import { DEFAULT_SCORING_CONFIG, normalizeTerm } from '@spreadwatch/scoring';
import { Pool } from 'pg';

import { readObservations, sha256File } from '../export/observation-file';
import { type Io, processIo } from '../io';
import { ProgressBar, type ProgressTarget } from '../progress-bar';
import { numberOption, requireOption, UsageError, withUsage } from '../usage-error';

export const EXPORT_USAGE = `Usage: spreadwatch export --dataset NAME --format csv|ndjson|parquet --out DIR
         [--from ISO] [--to ISO] [--terms T1,T2] [--resolution 1m|5m|1h] [--include-text]
         [--input FILE.ndjson] [--pseudonym-key-file FILE] [--protected-terms T1,T2] [--retention-days N]

Writes a research dataset, its data dictionary and a manifest (parameters, filters, row counts, SHA-256 of
every file, code version, scoring configuration) into DIR. Account ids and handles are replaced by keyed
HMAC-SHA256 pseudonyms (a new random key per export unless --pseudonym-key-file gives a stable one); protected
terms are masked; deleted posts are never exported.

Reads PostgreSQL at DATABASE_URL, or with --input replays an observation file instead (no database).

Options:
  --dataset NAME            ${DATASET_NAMES.join(' | ')} (accounts = account-features)
  --format FMT              csv (RFC 4180) | ndjson | parquet
  --out DIR                 output directory (created)
  --from ISO, --to ISO      event-time window [from, to); required with the database
  --terms LIST              comma-separated terms (hashtags with #); default every term
  --resolution R            term-series bucket: 1m (default), 5m or 1h
  --include-text            posts: add text and links (protected terms masked, mentions pseudonymised)
  --input FILE              NDJSON observations to replay (every dataset; deleted posts are left out)
  --pseudonym-key-file FILE stable key (64 hex characters) granted for a longitudinal study
  --protected-terms LIST    comma-separated terms to mask (default: PROTECTED_TERMS)
  --retention-days N        posts older than this (by ingest) are not exported (default 30)`;

interface ExportArgs {
  dataset: DatasetName;
  format: ExportFormat;
  out: string;
  fromMs: number;
  toMs: number;
  terms: string[];
  resolution: Resolution;
  includeText: boolean;
  input: string | null;
  key: Buffer | null;
  protectedTerms: string[];
  retentionDays: number;
}

function oneOf<T extends string>(
  value: string | undefined,
  allowed: readonly T[],
  name: string,
  fallback?: T,
): T {
  if (value === undefined && fallback !== undefined) return fallback;
  if (value === undefined) throw new UsageError(`--${name} is required`, EXPORT_USAGE);
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(
      `--${name} must be one of ${allowed.join(', ')} (got ${JSON.stringify(value)})`,
      EXPORT_USAGE,
    );
  }
  return value as T;
}

function instant(value: string | undefined, name: string, fallback: number | null): number {
  if (value === undefined) {
    if (fallback !== null) return fallback;
    throw new UsageError(`--${name} is required when reading the database`, EXPORT_USAGE);
  }
  const ms = Date.parse(value);
  if (Number.isNaN(ms) || !/(Z|[+-]\d\d:?\d\d)$/i.test(value.trim())) {
    throw new UsageError(
      `--${name} must be an ISO instant with Z or an offset (got ${JSON.stringify(value)})`,
      EXPORT_USAGE,
    );
  }
  return ms;
}

function list(value: string | undefined): string[] {
  if (value === undefined) return [];
  return value
    .split(',')
    .map((t) => normalizeTerm(t))
    .filter((t) => t.length > 0);
}

async function readKey(path: string | undefined): Promise<Buffer | null> {
  if (path === undefined) return null;
  const text = (
    await readFile(path, 'utf8').catch(() => {
      throw new UsageError(`cannot read --pseudonym-key-file ${path}`, EXPORT_USAGE);
    })
  ).trim();
  if (!/^[0-9a-f]{64}$/i.test(text)) {
    throw new UsageError(
      '--pseudonym-key-file must hold 64 hex characters (a 32-byte key)',
      EXPORT_USAGE,
    );
  }
  return Buffer.from(text, 'hex');
}

async function parseExportArgs(args: string[]): Promise<ExportArgs> {
  const { values } = withUsage(EXPORT_USAGE, () =>
    parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        dataset: { type: 'string' },
        format: { type: 'string' },
        out: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        terms: { type: 'string' },
        resolution: { type: 'string' },
        'include-text': { type: 'boolean' },
        input: { type: 'string' },
        'pseudonym-key-file': { type: 'string' },
        'protected-terms': { type: 'string' },
        'retention-days': { type: 'string' },
      },
    }),
  );
  const named = oneOf(
    values.dataset,
    [...DATASET_NAMES, ...Object.keys(DATASET_ALIASES)],
    'dataset',
  );
  const dataset = canonicalDatasetName(named);
  if (dataset === null) throw new UsageError(`unknown --dataset ${named}`, EXPORT_USAGE);
  const input = values.input ?? null;
  const fromMs = instant(values.from, 'from', input === null ? null : Number.NEGATIVE_INFINITY);
  const toMs = instant(values.to, 'to', input === null ? null : Number.POSITIVE_INFINITY);
  if (!(fromMs < toMs)) throw new UsageError('--from must be before --to', EXPORT_USAGE);
  return {
    dataset,
    format: oneOf(values.format, EXPORT_FORMATS, 'format'),
    out: requireOption(values.out, 'out', EXPORT_USAGE),
    fromMs,
    toMs,
    terms: list(values.terms),
    resolution: oneOf(values.resolution, RESOLUTIONS, 'resolution', '1m'),
    includeText: values['include-text'] === true,
    input,
    key: await readKey(values['pseudonym-key-file']),
    protectedTerms: list(values['protected-terms'] ?? process.env['PROTECTED_TERMS']),
    retentionDays: numberOption(values['retention-days'], 'retention-days', EXPORT_USAGE, {
      integer: true,
      min: 1,
      fallback: 30,
    }),
  };
}

function isoOrNull(ms: number): string | null {
  return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}

interface Plan {
  definition: DatasetDefinition;
  rows: AsyncIterable<ExportRow>;
  expectedRows: number | null;
  source: string;
  notes: string[];
}

/** Rows of a replay file: posts (deletions applied), computed series, or alerts. */
async function planFromInput(a: ExportArgs, input: string, io: Io): Promise<Plan> {
  let rejected = 0;
  const onError = (line: number, error: string): void => {
    rejected++;
    if (rejected <= 20) io.err(`line ${line}: ${error}`);
  };
  const source = `replay:${basename(input)} sha256:${await sha256File(input)}`;
  const termSet = new Set(a.terms);
  if (a.dataset === 'posts') {
    // First pass: which posts the file deletes (a delete may come after its post).
    const deleted = new Set<string>();
    for await (const obs of readObservations(input, onError))
      if (obs.type === 'delete') deleted.add(postKey(obs.source, obs.id));
    return {
      definition: postsDefinition(a.includeText),
      rows: replayPostRows(
        readObservations(input, () => undefined),
        deleted,
        { fromMs: a.fromMs, toMs: a.toMs, terms: termSet },
        a.includeText,
      ),
      expectedRows: null,
      source,
      notes: [`${deleted.size} posts deleted in the input were left out`],
    };
  }
  if (a.dataset === 'clusters' || a.dataset === 'account-features') {
    // Deleted posts never enter the replay, so no cluster or score derives from them.
    const deleted = new Set<string>();
    for await (const obs of readObservations(input, onError))
      if (obs.type === 'delete') deleted.add(postKey(obs.source, obs.id));
    const out = await replayCoordinationRows(
      readObservations(input, () => undefined),
      deleted,
      {
        fromMs: a.fromMs,
        toMs: a.toMs,
        terms: termSet,
      },
    );
    const rows = a.dataset === 'clusters' ? out.clusters : out.accounts;
    return {
      definition: a.dataset === 'clusters' ? CLUSTERS_DATASET : ACCOUNT_FEATURES_DATASET,
      rows: toAsync(rows),
      expectedRows: rows.length,
      source,
      notes: [
        'clusters computed by replaying the input through SpreadPipeline (coordination stage, default configuration); each cluster and account in its latest state',
        `${deleted.size} posts deleted in the input were left out of the replay`,
      ],
    };
  }
  const inWindow = (r: ExportRow): boolean => {
    const t = Number(r['bucket_start'] ?? r['fired_at']);
    return t >= a.fromMs && t < a.toMs && (termSet.size === 0 || termSet.has(String(r['term'])));
  };
  if (a.dataset === 'alerts') {
    // Alerts are few: keep each alert's latest state, as the database does.
    const latest = new Map<string, ExportRow>();
    for await (const _ of replayScoreRows(readObservations(input, onError), {}, (alert) =>
      latest.set(String(alert['alert_id']), alert),
    )) {
      // Scores are not needed here; replaying them is what produces the alerts.
    }
    const rows = [...latest.values()]
      .filter(inWindow)
      .sort((x, y) => Number(x['seq']) - Number(y['seq']));
    return {
      definition: ALERTS_DATASET,
      rows: toAsync(rows),
      expectedRows: rows.length,
      source,
      notes: [],
    };
  }
  // term-series: a first replay finds the columns the scorer produces (data-driven, like term_buckets).
  const collector = new ScoreColumnCollector();
  for await (const row of replayScoreRows(readObservations(input, onError))) collector.add(row);
  const definition = termSeriesDefinition(a.resolution, collector.list());
  const minutes = filterAsync(replayScoreRows(readObservations(input, () => undefined)), inWindow);
  return {
    definition,
    rows: rollUp(minutes, definition, a.resolution, 'time-major'),
    expectedRows: null,
    source,
    notes: [
      'series computed by replaying the input through SpreadPipeline with the default configuration',
    ],
  };
}

async function* toAsync<T>(items: Iterable<T>): AsyncGenerator<T> {
  // Yields to the event loop between rows like any other source does.
  for (const item of items) yield await Promise.resolve(item);
}

async function* filterAsync<T>(
  items: AsyncIterable<T>,
  keep: (item: T) => boolean,
): AsyncGenerator<T> {
  for await (const item of items) if (keep(item)) yield item;
}

/** Rows from PostgreSQL through keyset pages (constant memory). */
async function planFromDatabase(a: ExportArgs, db: SqlQueryable, now: number): Promise<Plan> {
  const plan = await planDatabaseExport(db, {
    dataset: a.dataset,
    from: new Date(a.fromMs).toISOString(),
    to: new Date(a.toMs).toISOString(),
    terms: a.terms,
    resolution: a.resolution,
    includeText: a.includeText,
    retentionDays: a.retentionDays,
    now,
  });
  return { ...plan, source: 'database' };
}

/** The bar redraws in place on an interactive stderr; otherwise (pipes, tests) it logs plain lines. */
export function progressTarget(io: Io): ProgressTarget {
  const tty = io === processIo && process.stderr.isTTY === true;
  return tty
    ? { tty: true, write: (s) => process.stderr.write(s) }
    : { tty: false, write: (s) => io.err(s.trimEnd()) };
}

/** Runs one export from parsed arguments; returns its manifest. */
export async function exportDataset(
  a: ExportArgs,
  io: Io,
  now = Date.now(),
): Promise<ExportManifest> {
  const url = process.env['DATABASE_URL'];
  if (a.input === null && (url === undefined || url.length === 0)) {
    throw new UsageError(
      'set DATABASE_URL to read the database, or give --input FILE',
      EXPORT_USAGE,
    );
  }
  const pool = a.input === null ? new Pool({ connectionString: url, max: 2 }) : null;
  try {
    const db: SqlQueryable | null =
      pool === null
        ? null
        : {
            query: async (sql, params) =>
              (await pool.query(sql, params)).rows as Record<string, unknown>[],
          };
    const plan =
      a.input !== null
        ? await planFromInput(a, a.input, io)
        : await planFromDatabase(a, db as SqlQueryable, now);
    const pseudonymiser = new Pseudonymiser(a.key ?? generatePseudonymKey());
    const bar = new ProgressBar(progressTarget(io), `export ${a.dataset}`);
    const manifest = await runExport({
      exportId: randomUUID(),
      createdAt: new Date(now).toISOString(),
      requestedBy: 'cli',
      definition: plan.definition,
      format: a.format,
      outDir: resolve(a.out),
      rows: plan.rows,
      privacy: { pseudonymiser, masker: new TermMasker(a.protectedTerms, pseudonymiser) },
      pseudonymScope: a.key === null ? 'per-export' : 'stable',
      parameters: {
        dataset: a.dataset,
        format: a.format,
        resolution: a.dataset === 'term-series' ? a.resolution : undefined,
        includeText: a.includeText,
      },
      filters: { from: isoOrNull(a.fromMs), to: isoOrNull(a.toMs), terms: a.terms },
      source: plan.source,
      codeVersion: resolveCodeVersion(process.cwd()),
      scoringConfig: {
        scoring: { ...DEFAULT_SCORING_CONFIG },
        velocityRule: { ...DEFAULT_VELOCITY_RULE },
      },
      expectedRows: plan.expectedRows,
      onProgress: (p) => bar.update(p.rows, p.expectedRows),
      notes: plan.notes,
    });
    bar.finish(Object.values(manifest.rowCounts)[0] ?? 0);
    return manifest;
  } finally {
    await pool?.end();
  }
}

/** `spreadwatch export`. */
export async function exportCommand(args: string[], io: Io): Promise<void> {
  const parsed = await parseExportArgs(args);
  if (parsed.input !== null) {
    try {
      await access(parsed.input);
    } catch {
      throw new Error(`cannot read --input ${parsed.input}`);
    }
  }
  const manifest = await exportDataset(parsed, io);
  for (const f of manifest.files)
    io.out(
      `${f.name}  ${f.bytes} bytes  sha256 ${f.sha256}${f.rows === undefined ? '' : `  ${f.rows} rows`}`,
    );
  io.out(
    `manifest.json written to ${resolve(parsed.out)} (pseudonym key id ${manifest.pseudonymisation.keyId}, ${manifest.pseudonymisation.scope})`,
  );
}

import { access } from 'node:fs/promises';
import { parseArgs } from 'node:util';

import type { Observation } from '@spreadwatch/contracts';
import { AlertSchema } from '@spreadwatch/contracts';
import type { AlertDraft, SpreadPipelineOptions } from '@spreadwatch/alerting';
import { AlertStamper, SpreadPipeline } from '@spreadwatch/alerting';
import { normalizeTerm } from '@spreadwatch/scoring';

import { CsvSeriesReader } from '../csv-series';
import { parseObservationLineFast } from '@spreadwatch/contracts';
import type { Io } from '../io';
import { forEachLine } from '../line-reader';
import { LineWriter } from '../line-writer';
import { UsageError, withUsage } from '../usage-error';
import { loadWatchlists } from '../watchlist-file';

export const REPLAY_USAGE = `Usage: spreadwatch replay --input FILE --alerts-out FILE [--format ndjson|csv] [--term NAME]
                          [--watchlist FILE|default]

Replays observations in event time through the scoring and alerting pipeline (no database) and writes every
alert transition (firing and resolved) as NDJSON.

Options:
  --input FILE        NDJSON observations, or a timestamp,value CSV series
  --alerts-out FILE   where alerts are written, one JSON object per line
  --format FMT        ndjson (default) or csv; a .csv input defaults to csv
  --term NAME         the term a CSV series counts (required with csv)
  --watchlist SPEC    also match watched keywords and phrases in post text: default (the built-in list) or
                      a JSON/YAML file of watchlists as the API's /api/watchlists takes them`;

export type InputFormat = 'ndjson' | 'csv';

export interface ReplayOptions {
  input: string;
  format: InputFormat;
  term?: string;
  /** Null runs the same path but keeps alerts in memory only (the bench). */
  alertsOut: string | null;
  pipeline?: SpreadPipelineOptions;
}

export interface ReplayReport {
  lines: number;
  posts: number;
  counts: number;
  deletes: number;
  rejected: number;
  lateDropped: number;
  alerts: number;
  firing: number;
  resolved: number;
  elapsedMs: number;
  postsPerSecond: number;
  linesPerSecond: number;
}

/**
 * Replays a file through SpreadPipeline. Malformed lines are reported on `io.err` as `line N: <error>` and
 * skipped. Alerts are stamped (in-memory seq), validated against AlertSchema and written as NDJSON.
 */
export async function replayFile(options: ReplayOptions, io: Io): Promise<ReplayReport> {
  const started = performance.now();
  const pipeline = new SpreadPipeline(options.pipeline);
  const stamper = new AlertStamper();
  const writer = options.alertsOut === null ? null : new LineWriter(options.alertsOut);
  const tally = { posts: 0, counts: 0, deletes: 0, rejected: 0, alerts: 0, firing: 0, resolved: 0 };

  const emit = (drafts: AlertDraft[]): Promise<void> | undefined => {
    let pending: Promise<void> | undefined;
    for (const draft of drafts) {
      const alert = AlertSchema.parse(stamper.stamp(draft));
      tally.alerts++;
      if (alert.status === 'firing') tally.firing++;
      else tally.resolved++;
      const wait = writer?.write(JSON.stringify(alert));
      if (wait !== undefined) pending = pending === undefined ? wait : pending.then(() => wait);
    }
    return pending;
  };
  const ingest = (obs: Observation): Promise<void> | undefined => {
    if (obs.type === 'post') tally.posts++;
    else if (obs.type === 'count') tally.counts++;
    else tally.deletes++;
    const out = pipeline.ingest(obs);
    return out.alerts.length === 0 ? undefined : emit(out.alerts);
  };
  const reject = (line: number, error: string): void => {
    tally.rejected++;
    io.err(`line ${line}: ${error}`);
  };

  let lines: number;
  try {
    if (options.format === 'csv') {
      const term = normalizeTerm(options.term ?? '');
      const csv = new CsvSeriesReader(term);
      lines = await forEachLine(options.input, (line, lineNo) => {
        const { observations, error } = csv.push(line, lineNo);
        if (error !== undefined) reject(error.line, error.error);
        return ingestAll(observations, ingest);
      });
      const rest = csv.end();
      if (rest.error !== undefined) reject(rest.error.line, rest.error.error);
      await ingestAll(rest.observations, ingest);
    } else {
      lines = await forEachLine(options.input, (line, lineNo) => {
        if (isBlank(line)) return undefined;
        const result = parseObservationLineFast(line);
        if (!result.ok) {
          reject(lineNo, result.error);
          return undefined;
        }
        return ingest(result.value);
      });
    }
    await emit(pipeline.flush().alerts);
  } finally {
    await writer?.close();
  }

  const elapsedMs = performance.now() - started;
  const seconds = Math.max(elapsedMs, 1e-3) / 1000;
  return {
    lines,
    ...tally,
    lateDropped: pipeline.stats().lateDropped,
    elapsedMs,
    postsPerSecond: (tally.posts + tally.counts) / seconds,
    linesPerSecond: lines / seconds,
  };
}

function ingestAll(
  observations: Observation[],
  ingest: (obs: Observation) => Promise<void> | undefined,
): Promise<void> | undefined {
  let pending: Promise<void> | undefined;
  for (const obs of observations) {
    const wait = ingest(obs);
    if (wait !== undefined) pending = pending === undefined ? wait : pending.then(() => wait);
  }
  return pending;
}

function isBlank(line: string): boolean {
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c !== 32 && c !== 9) return false;
  }
  return true;
}

export function formatReplayReport(report: ReplayReport): string[] {
  const seconds = report.elapsedMs / 1000;
  return [
    `lines read:     ${report.lines}`,
    `posts:          ${report.posts}${report.counts > 0 ? ` (+ ${report.counts} count observations)` : ''}`,
    `deletes:        ${report.deletes}`,
    `rejected lines: ${report.rejected}`,
    `late, dropped:  ${report.lateDropped}`,
    `alerts:         ${report.alerts} (${report.firing} firing, ${report.resolved} resolved)`,
    `elapsed:        ${seconds.toFixed(2)} s`,
    `posts/s:        ${Math.round(report.postsPerSecond)}${report.counts > 0 ? ' (posts + count observations)' : ''}`,
  ];
}

/** `spreadwatch replay`: parses arguments, replays, prints the report. */
export async function replayCommand(args: string[], io: Io): Promise<void> {
  const { values } = withUsage(REPLAY_USAGE, () =>
    parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        input: { type: 'string' },
        'alerts-out': { type: 'string' },
        format: { type: 'string' },
        term: { type: 'string' },
        watchlist: { type: 'string' },
      },
    }),
  );
  const input = values.input;
  const alertsOut = values['alerts-out'];
  if (input === undefined) throw new UsageError('--input is required', REPLAY_USAGE);
  if (alertsOut === undefined) throw new UsageError('--alerts-out is required', REPLAY_USAGE);
  const format = values.format ?? (input.toLowerCase().endsWith('.csv') ? 'csv' : 'ndjson');
  if (format !== 'ndjson' && format !== 'csv') {
    throw new UsageError(
      `--format must be ndjson or csv (got ${JSON.stringify(format)})`,
      REPLAY_USAGE,
    );
  }
  if (format === 'csv' && (values.term === undefined || normalizeTerm(values.term).length === 0)) {
    throw new UsageError('--term is required with --format csv', REPLAY_USAGE);
  }
  try {
    await access(input);
  } catch {
    throw new Error(`cannot read --input ${input}`);
  }

  const watchlists =
    values.watchlist === undefined ? undefined : await loadWatchlists(values.watchlist);
  const report = await replayFile(
    {
      input,
      format,
      term: values.term,
      alertsOut,
      ...(watchlists === undefined ? {} : { pipeline: { watchlists } }),
    },
    io,
  );
  for (const line of formatReplayReport(report)) io.out(line);
  io.out(`alerts written to ${alertsOut}`);
}

import type { AlertDraft, SpreadPipelineOptions } from '@spreadwatch/alerting';
import { AlertStamper, SpreadPipeline } from '@spreadwatch/alerting';
import type { Cluster, Observation, PostObservation } from '@spreadwatch/contracts';
import { extractTerms, type TermScore } from '@spreadwatch/scoring';

import type { ColumnType, ExportRow } from './dataset-definition';
import type { BucketColumn } from './datasets';

/** Key of a post for deletions: a `delete` line removes the post with the same (source, id). */
export function postKey(source: string, id: string): string {
  return `${source}\u0000${id}`;
}

/** One post observation as a posts-dataset row (before pseudonymisation). */
export function postRow(post: PostObservation, includeText: boolean): ExportRow {
  const row: ExportRow = {
    source: post.source,
    post_id: post.id,
    ts: Date.parse(post.ts),
    kind: post.kind,
    parent_id: post.parentId ?? null,
    author_id: post.author.id,
    author_handle: post.author.handle ?? null,
    author_created_at:
      post.author.createdAt === undefined || post.author.createdAt === null
        ? null
        : Date.parse(post.author.createdAt),
    terms: extractTerms(post),
    lang: post.lang ?? null,
    metrics: post.metrics ?? null,
  };
  if (includeText) {
    row['text'] = post.text ?? null;
    row['urls'] = post.urls ?? null;
  }
  return row;
}

/**
 * Posts of a replay file as rows, skipping those a `delete` line removes anywhere in the file (`deleted`
 * comes from a first pass, so a deletion after the post still wins) and repeats of a (source, id).
 */
export async function* replayPostRows(
  observations: AsyncIterable<Observation>,
  deleted: ReadonlySet<string>,
  filter: { fromMs: number; toMs: number; terms: ReadonlySet<string> },
  includeText: boolean,
): AsyncGenerator<ExportRow> {
  // Dedupe as the API stores posts: once per (source, id). Bounded by the file's posts in the window.
  const seen = new Set<string>();
  for await (const obs of observations) {
    if (obs.type !== 'post') continue;
    const key = postKey(obs.source, obs.id);
    if (deleted.has(key) || seen.has(key)) continue;
    const ts = Date.parse(obs.ts);
    if (ts < filter.fromMs || ts >= filter.toMs) continue;
    const row = postRow(obs, includeText);
    if (filter.terms.size > 0 && !(row['terms'] as string[]).some((t) => filter.terms.has(t)))
      continue;
    seen.add(key);
    yield row;
  }
}

// Score fields that are counts of people or minutes; every other number is a double.
const INT_FIELDS = new Set([
  'unique_authors',
  'first_time_authors',
  'window_unique_authors',
  'window_minutes',
  'burst_level',
]);
// Not series values: identity (term, bucketStart), lists (top accounts, related terms).
const SKIP_FIELDS = new Set(['term', 'bucketStart']);

function snake(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/**
 * Flattens a TermScore into column → value: scalars keep their (snake_case) name, nested objects such as
 * `detectors` or `forecast` become `detectors_<k>`; arrays are left out. Whatever the scorer adds appears here.
 */
export function flattenScore(score: TermScore): ExportRow {
  const out: ExportRow = { term: score.term, bucket_start: score.bucketStart };
  const walk = (obj: object, prefix: string): void => {
    for (const [k, v] of Object.entries(obj) as [string, unknown][]) {
      if (prefix === '' && SKIP_FIELDS.has(k)) continue;
      const name = prefix + snake(k);
      if (typeof v === 'number' || typeof v === 'boolean') out[name] = v;
      else if (v !== null && typeof v === 'object' && !Array.isArray(v)) walk(v, `${name}_`);
    }
  };
  walk(score, '');
  return out;
}

/** Columns seen in flattened scores, in first-seen order, with their types. */
export class ScoreColumnCollector {
  private readonly columns = new Map<string, ColumnType>();

  add(row: ExportRow): void {
    for (const [k, v] of Object.entries(row)) {
      if (k === 'term' || k === 'bucket_start' || this.columns.has(k)) continue;
      if (typeof v === 'boolean') this.columns.set(k, 'boolean');
      else if (typeof v === 'number') this.columns.set(k, INT_FIELDS.has(k) ? 'int32' : 'double');
    }
  }

  list(): BucketColumn[] {
    return [...this.columns].map(([name, type]) => ({ name, type }));
  }
}

/**
 * Replays observations through the same SpreadPipeline as the server and yields each closed minute's score
 * (flattened) and each alert transition, in event time. `onAlert` receives the stamped alerts, `onClusters`
 * the coordination clusters that appeared, changed or resolved at each step.
 */
export async function* replayScoreRows(
  observations: AsyncIterable<Observation>,
  options: SpreadPipelineOptions = {},
  onAlert?: (alert: ExportRow) => void,
  onClusters?: (updates: readonly { cluster: Cluster }[]) => void,
): AsyncGenerator<ExportRow> {
  const pipeline = new SpreadPipeline(options);
  const stamper = new AlertStamper();
  const alerts = (drafts: AlertDraft[]): void => {
    if (onAlert === undefined) return;
    for (const d of drafts) onAlert(alertRowFromAlert(stamper.stamp(d)));
  };
  for await (const obs of observations) {
    const out = pipeline.ingest(obs);
    alerts(out.alerts);
    if (out.clusters !== undefined) onClusters?.(out.clusters);
    for (const s of out.scores) yield flattenScore(s);
  }
  const rest = pipeline.flush();
  alerts(rest.alerts);
  if (rest.clusters !== undefined) onClusters?.(rest.clusters);
  for (const s of rest.scores) yield flattenScore(s);
}

/** An alert (contract shape) as an alerts-dataset row. */
export function alertRowFromAlert(alert: {
  id: string;
  fingerprint: string;
  seq: number;
  kind: string;
  status: string;
  severity: string;
  term?: string;
  accounts?: string[];
  score: number;
  firedAt: string;
  resolvedAt: string | null;
  summary: string;
  labels: Record<string, string>;
  evidence: Record<string, unknown>;
}): ExportRow {
  return {
    alert_id: alert.id,
    fingerprint: alert.fingerprint,
    seq: alert.seq,
    kind: alert.kind,
    status: alert.status,
    severity: alert.severity,
    term: alert.term ?? null,
    accounts: alert.accounts ?? null,
    score: alert.score,
    fired_at: Date.parse(alert.firedAt),
    resolved_at: alert.resolvedAt === null ? null : Date.parse(alert.resolvedAt),
    summary: alert.summary,
    labels: alert.labels,
    evidence: alert.evidence,
  };
}

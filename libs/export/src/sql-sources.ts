import type { ClusterEdge, CoordinationEvidence, FeatureAttribution } from '@spreadwatch/contracts';
import { normalizeUrl } from '@spreadwatch/coordination';

import {
  accountFeaturesRow,
  type ClusterSnapshot,
  clusterRow,
  type SharedObjectBacking,
} from './coordination-rows';
import type { ColumnType, ExportRow } from './dataset-definition';
import type { BucketColumn } from './datasets';
import { BUCKET_KEY_COLUMNS } from './datasets';
import { isHashKey } from './privacy';

/**
 * The one thing the export needs from a database: run a parameterised query. TypeORM's `DataSource.query`
 * and `pg.Pool.query` (wrapped to return `rows`) both fit, so the API and the CLI share these readers.
 */
export interface SqlQueryable {
  query(sql: string, params: unknown[]): Promise<Record<string, unknown>[]>;
}

/** Rows per keyset page: large enough to amortise round trips, small enough to bound memory. */
export const PAGE_ROWS = 5_000;

const PG_TYPES: Readonly<Record<string, ColumnType>> = {
  'double precision': 'double',
  real: 'double',
  numeric: 'double',
  integer: 'int32',
  smallint: 'int32',
  bigint: 'int64',
  boolean: 'boolean',
  text: 'string',
  'character varying': 'string',
  jsonb: 'json',
  json: 'json',
  'timestamp with time zone': 'timestamp',
};

/** term_buckets' measurement columns as migrated right now (detector columns appear here when added). */
export async function describeTermBuckets(
  db: SqlQueryable,
): Promise<{ columns: BucketColumn[]; skipped: string[] }> {
  const rows = await db.query(
    `SELECT column_name, data_type FROM information_schema.columns
      WHERE table_schema = current_schema() AND table_name = 'term_buckets' ORDER BY ordinal_position`,
    [],
  );
  const columns: BucketColumn[] = [];
  const skipped: string[] = [];
  for (const r of rows) {
    const name = String(r['column_name']);
    if (BUCKET_KEY_COLUMNS.includes(name)) continue;
    const type = PG_TYPES[String(r['data_type'])];
    if (type === undefined) skipped.push(`${name} (${String(r['data_type'])})`);
    else columns.push({ name, type });
  }
  return { columns, skipped };
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export interface TimeFilter {
  /** Inclusive, ISO instant. */
  from: string;
  /** Exclusive, ISO instant. */
  to: string;
  /** Normalised terms; empty means every term. */
  terms: readonly string[];
}

function toMs(v: unknown): number | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v.getTime();
  const ms = typeof v === 'string' ? Date.parse(v) : Number.NaN;
  return Number.isNaN(ms) ? null : ms;
}

function toNumber(v: unknown): number | null {
  if (v === null || v === undefined) return null;
  return typeof v === 'number' ? v : Number(v);
}

/** Converts driver values (Date, bigint strings, numeric strings) to export values by column type. */
function normalise(
  row: Record<string, unknown>,
  types: ReadonlyMap<string, ColumnType>,
): ExportRow {
  const out: ExportRow = {};
  for (const [k, v] of Object.entries(row)) {
    const t = types.get(k);
    out[k] =
      t === 'timestamp'
        ? toMs(v)
        : t === 'double' || t === 'int32' || t === 'int64'
          ? toNumber(v)
          : v;
  }
  return out;
}

/**
 * Every stored minute of term_buckets in the filter, ordered by (term, bucket_start), read by keyset pages
 * over the primary key: constant memory and O(rows) work however large the table.
 */
export async function* termBucketRows(
  db: SqlQueryable,
  filter: TimeFilter,
  columns: readonly BucketColumn[],
  pageRows = PAGE_ROWS,
): AsyncGenerator<ExportRow> {
  const types = new Map<string, ColumnType>([
    ['bucket_start', 'timestamp'],
    ...columns.map((c) => [c.name, c.type] as const),
  ]);
  const select = ['term', 'bucket_start', ...columns.map((c) => c.name)].map(quoteIdent).join(', ');
  const termClause = filter.terms.length > 0 ? ' AND term = ANY($5::text[])' : '';
  const sql = `SELECT ${select} FROM term_buckets
    WHERE bucket_start >= $1 AND bucket_start < $2 AND (term, bucket_start) > ($3::text, $4::timestamptz)${termClause}
    ORDER BY term, bucket_start LIMIT ${pageRows}`;
  let lastTerm = '';
  let lastStart: Date | string = '-infinity';
  for (;;) {
    const params: unknown[] = [filter.from, filter.to, lastTerm, lastStart];
    if (filter.terms.length > 0) params.push(filter.terms);
    const page = await db.query(sql, params);
    for (const r of page) yield normalise(r, types);
    const last = page.at(-1);
    if (last === undefined || page.length < pageRows) return;
    lastTerm = String(last['term']);
    lastStart = last['bucket_start'] as Date;
  }
}

/** Rows term_bucketRows will yield at `widthMs` resolution (for progress). */
export async function countTermBuckets(
  db: SqlQueryable,
  filter: TimeFilter,
  widthMs: number,
): Promise<number> {
  const termClause = filter.terms.length > 0 ? ' AND term = ANY($3::text[])' : '';
  const params: unknown[] = [filter.from, filter.to];
  if (filter.terms.length > 0) params.push(filter.terms);
  const sql =
    widthMs === 60_000
      ? `SELECT count(*) AS n FROM term_buckets WHERE bucket_start >= $1 AND bucket_start < $2${termClause}`
      : `SELECT count(*) AS n FROM (SELECT 1 FROM term_buckets WHERE bucket_start >= $1 AND bucket_start < $2${termClause}
           GROUP BY term, floor(extract(epoch FROM bucket_start) * 1000 / ${widthMs})) s`;
  const rows = await db.query(sql, params);
  return Number(rows[0]?.['n'] ?? 0);
}

const ALERT_TYPES = new Map<string, ColumnType>([
  ['seq', 'int64'],
  ['score', 'double'],
  ['fired_at', 'timestamp'],
  ['resolved_at', 'timestamp'],
]);

/** Alerts fired in the window (each alert's latest state), in seq order. */
export async function* alertRows(
  db: SqlQueryable,
  filter: TimeFilter,
  pageRows = PAGE_ROWS,
): AsyncGenerator<ExportRow> {
  const termClause = filter.terms.length > 0 ? ' AND term = ANY($4::text[])' : '';
  const sql = `SELECT id AS alert_id, fingerprint, seq, kind::text AS kind, status, severity::text AS severity, term, accounts,
      score, fired_at, resolved_at, summary, labels, evidence
    FROM alerts WHERE fired_at >= $1 AND fired_at < $2 AND seq > $3${termClause}
    ORDER BY seq LIMIT ${pageRows}`;
  let lastSeq = 0;
  for (;;) {
    const params: unknown[] = [filter.from, filter.to, lastSeq];
    if (filter.terms.length > 0) params.push(filter.terms);
    const page = await db.query(sql, params);
    for (const r of page) yield normalise(r, ALERT_TYPES);
    const last = page.at(-1);
    if (last === undefined || page.length < pageRows) return;
    lastSeq = Number(last['seq']);
  }
}

export async function countAlerts(db: SqlQueryable, filter: TimeFilter): Promise<number> {
  const termClause = filter.terms.length > 0 ? ' AND term = ANY($3::text[])' : '';
  const params: unknown[] = [filter.from, filter.to];
  if (filter.terms.length > 0) params.push(filter.terms);
  const rows = await db.query(
    `SELECT count(*) AS n FROM alerts WHERE fired_at >= $1 AND fired_at < $2${termClause}`,
    params,
  );
  return Number(rows[0]?.['n'] ?? 0);
}

const POST_TYPES = new Map<string, ColumnType>([
  ['ts', 'timestamp'],
  ['author_created_at', 'timestamp'],
]);

export interface PostFilter extends TimeFilter {
  /** Posts ingested before this instant are outside the retention period (their identifiers are purged). */
  retainedSince: string;
  includeText: boolean;
}

function postWhere(filter: PostFilter, firstParam: number): { clause: string; params: unknown[] } {
  // Deleted posts are tombstones: never exported. Posts past retention have lost their identifiers: skipped.
  let clause = `deleted_at IS NULL AND ingested_at >= $${firstParam} AND ts >= $${firstParam + 1} AND ts < $${firstParam + 2}`;
  const params: unknown[] = [filter.retainedSince, filter.from, filter.to];
  if (filter.terms.length > 0) {
    clause += ` AND terms && $${firstParam + 3}::text[]`;
    params.push(filter.terms);
  }
  return { clause, params };
}

/** Stored posts in the window and within retention, never deleted ones, ordered by (ts, source, id). */
export async function* postRows(
  db: SqlQueryable,
  filter: PostFilter,
  pageRows = PAGE_ROWS,
): AsyncGenerator<ExportRow> {
  const text = filter.includeText ? ', text, urls' : '';
  const where = postWhere(filter, 4);
  const sql = `SELECT source, id AS post_id, ts, kind, parent_id, author_id, author_handle, author_created_at,
      to_jsonb(terms) AS terms, lang, metrics${text}
    FROM observations WHERE (ts, source, id) > ($1::timestamptz, $2::text, $3::text) AND ${where.clause}
    ORDER BY ts, source, id LIMIT ${pageRows}`;
  let last: [Date | string, string, string] = ['-infinity', '', ''];
  for (;;) {
    const page = await db.query(sql, [...last, ...where.params]);
    for (const r of page) yield normalise(r, POST_TYPES);
    const tail = page.at(-1);
    if (tail === undefined || page.length < pageRows) return;
    last = [tail['ts'] as Date, String(tail['source']), String(tail['post_id'])];
  }
}

export async function countPosts(db: SqlQueryable, filter: PostFilter): Promise<number> {
  const where = postWhere(filter, 1);
  const rows = await db.query(
    `SELECT count(*) AS n FROM observations WHERE ${where.clause}`,
    where.params,
  );
  return Number(rows[0]?.['n'] ?? 0);
}

/** Clusters are few but carry large evidence: smaller pages bound memory per page. */
export const CLUSTER_PAGE_ROWS = 500;
// Evidence lists members' recent actions, which may precede the cluster's first activity a little.
const BACKING_MARGIN_MS = 3_600_000;

function iso(v: unknown): string {
  const ms = toMs(v);
  return new Date(ms ?? 0).toISOString();
}

function clusterWhere(
  filter: TimeFilter,
  firstParam: number,
): { clause: string; params: unknown[] } {
  // A cluster belongs to the window when its activity overlaps [from, to).
  let clause = `last_activity >= $${firstParam} AND first_activity < $${firstParam + 1}`;
  const params: unknown[] = [filter.from, filter.to];
  if (filter.terms.length > 0) {
    clause += ` AND terms && $${firstParam + 2}::text[]`;
    params.push(filter.terms);
  }
  return { clause, params };
}

/**
 * Which of a cluster's shared parents and links a live stored post still backs: members' posts in the
 * cluster's time span that are not deleted (a deletion blanks parent_id and urls, so deleted posts never
 * back anything) and whose parent is not itself deleted. Posts past retention have lost them too.
 */
async function clusterBacking(
  db: SqlQueryable,
  cluster: ClusterSnapshot,
): Promise<SharedObjectBacking> {
  const parents = cluster.evidence.sharedObjects
    .filter((o) => o.channel === 'parent' && !isHashKey(o.key))
    .map((o) => o.key);
  const hasUrls = cluster.evidence.sharedObjects.some(
    (o) => o.channel === 'url' && !isHashKey(o.key),
  );
  const sources = new Map<string, string>();
  const urls = new Set<string>();
  if (parents.length > 0 || hasUrls) {
    const rows = await db.query(
      `SELECT source, parent_id, urls FROM observations
        WHERE author_id = ANY($1::text[]) AND ts >= $2 AND ts <= $3 AND deleted_at IS NULL
          AND (parent_id = ANY($4::text[]) OR ($5::boolean AND urls IS NOT NULL))`,
      [
        cluster.accounts,
        new Date(Date.parse(cluster.firstActivity) - BACKING_MARGIN_MS).toISOString(),
        new Date(Date.parse(cluster.lastActivity) + 60_000).toISOString(),
        parents,
        hasUrls,
      ],
    );
    const gone =
      parents.length === 0
        ? new Set<string>()
        : new Set(
            (
              await db.query(
                `SELECT source, id FROM observations WHERE id = ANY($1::text[]) AND deleted_at IS NOT NULL`,
                [parents],
              )
            ).map((r) => `${String(r['source'])}\u0000${String(r['id'])}`),
          );
    for (const r of rows) {
      const source = String(r['source']);
      const parent = r['parent_id'];
      if (typeof parent === 'string' && !gone.has(`${source}\u0000${parent}`))
        sources.set(parent, source);
      if (Array.isArray(r['urls']))
        for (const u of r['urls']) if (typeof u === 'string') urls.add(normalizeUrl(u));
    }
  }
  return { parentSource: (id) => sources.get(id) ?? null, hasUrl: (u) => urls.has(u) };
}

/**
 * Clusters whose activity overlaps the window (each cluster's latest state), ordered by (first_activity, id)
 * and read by keyset pages. Shared parents and links no live post backs are left out (see clusterBacking).
 */
export async function* clusterRows(
  db: SqlQueryable,
  filter: TimeFilter,
  pageRows = CLUSTER_PAGE_ROWS,
): AsyncGenerator<ExportRow> {
  const where = clusterWhere(filter, 3);
  const sql = `SELECT id, status, size, score, accounts, terms, first_activity, last_activity, flagged_at, evidence
    FROM clusters WHERE (first_activity, id) > ($1::timestamptz, $2::text) AND ${where.clause}
    ORDER BY first_activity, id LIMIT ${pageRows}`;
  let last: [Date | string, string] = ['-infinity', ''];
  for (;;) {
    const page = await db.query(sql, [...last, ...where.params]);
    for (const r of page) {
      const { edgeList, ...evidence } = r['evidence'] as CoordinationEvidence & {
        edgeList?: ClusterEdge[];
      };
      const cluster: ClusterSnapshot = {
        id: String(r['id']),
        status: r['status'] as ClusterSnapshot['status'],
        accounts: r['accounts'] as string[],
        size: Number(r['size']),
        score: Number(r['score']),
        terms: r['terms'] as string[],
        firstActivity: iso(r['first_activity']),
        lastActivity: iso(r['last_activity']),
        flaggedAt: iso(r['flagged_at']),
        evidence,
        edges: edgeList ?? [],
      };
      yield clusterRow(cluster, await clusterBacking(db, cluster));
    }
    const tail = page.at(-1);
    if (tail === undefined || page.length < pageRows) return;
    last = [tail['first_activity'] as Date, String(tail['id'])];
  }
}

export async function countClusters(db: SqlQueryable, filter: TimeFilter): Promise<number> {
  const where = clusterWhere(filter, 1);
  const rows = await db.query(
    `SELECT count(*) AS n FROM clusters WHERE ${where.clause}`,
    where.params,
  );
  return Number(rows[0]?.['n'] ?? 0);
}

function accountWhere(
  filter: TimeFilter,
  firstParam: number,
): { clause: string; params: unknown[] } {
  let clause = `as_of >= $${firstParam} AND as_of < $${firstParam + 1}`;
  const params: unknown[] = [filter.from, filter.to];
  if (filter.terms.length > 0) {
    // With a term filter: accounts last seen in a cluster that pushed one of the terms.
    clause += ` AND cluster_id IN (SELECT id FROM clusters WHERE terms && $${firstParam + 2}::text[])`;
    params.push(filter.terms);
  }
  return { clause, params };
}

/** Accounts' latest bot-likeness scored in the window (by as_of), ordered by account id, keyset paged. */
export async function* accountFeatureRows(
  db: SqlQueryable,
  filter: TimeFilter,
  pageRows = PAGE_ROWS,
): AsyncGenerator<ExportRow> {
  const where = accountWhere(filter, 2);
  const sql = `SELECT account_id, handle, cluster_id, score, bias, observed_posts, as_of, attributions
    FROM account_scores WHERE account_id > $1 AND ${where.clause}
    ORDER BY account_id LIMIT ${pageRows}`;
  let last = '';
  for (;;) {
    const page = await db.query(sql, [last, ...where.params]);
    for (const r of page) {
      yield accountFeaturesRow({
        accountId: String(r['account_id']),
        handle: typeof r['handle'] === 'string' ? r['handle'] : null,
        clusterId: typeof r['cluster_id'] === 'string' ? r['cluster_id'] : null,
        score: Number(r['score']),
        bias: Number(r['bias']),
        observedPosts: Number(r['observed_posts']),
        asOf: iso(r['as_of']),
        attributions: r['attributions'] as FeatureAttribution[],
      });
    }
    const tail = page.at(-1);
    if (tail === undefined || page.length < pageRows) return;
    last = String(tail['account_id']);
  }
}

export async function countAccountFeatures(db: SqlQueryable, filter: TimeFilter): Promise<number> {
  const where = accountWhere(filter, 1);
  const rows = await db.query(
    `SELECT count(*) AS n FROM account_scores WHERE ${where.clause}`,
    where.params,
  );
  return Number(rows[0]?.['n'] ?? 0);
}

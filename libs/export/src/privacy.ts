import type { ColumnDef, DatasetDefinition, ExportRow, Privacy } from './dataset-definition';
import type { Pseudonymiser } from './pseudonymiser';
import type { TermMasker } from './term-masker';

/** The keyed pseudonymiser and protected-term masker of one export. */
export interface PrivacyContext {
  pseudonymiser: Pseudonymiser;
  masker: TermMasker;
}

type Transform = (value: unknown, row: ExportRow) => unknown;

/**
 * Builds the per-row privacy pass of a dataset: every column tagged with a `privacy` rule is rewritten,
 * the others pass through. Rows are modified in place (they are produced for this export only).
 */
export function privacyPass(
  definition: DatasetDefinition,
  ctx: PrivacyContext,
): (row: ExportRow) => ExportRow {
  const steps: { name: string; fn: Transform }[] = [];
  for (const column of definition.columns) {
    if (column.privacy !== undefined)
      steps.push({ name: column.name, fn: transformFor(column, column.privacy, ctx) });
  }
  if (steps.length === 0) return (row) => row;
  return (row) => {
    for (const { name, fn } of steps) {
      const value = row[name];
      if (value !== null && value !== undefined) row[name] = fn(value, row);
    }
    return row;
  };
}

function transformFor(column: ColumnDef, privacy: Privacy, ctx: PrivacyContext): Transform {
  const { pseudonymiser: p, masker: m } = ctx;
  switch (privacy) {
    case 'account':
      return (v) => p.pseudonym('account', String(v));
    case 'handle':
      return (v) => p.handle(String(v));
    case 'opaque-id':
      return (v) => p.pseudonym('id', String(v));
    case 'post':
      // Post ids are unique per source only, so the source is part of what is hashed.
      return (v, row) =>
        p.pseudonym(
          'post',
          `${String((row['source'] as string | undefined) ?? '')}\u0000${String(v)}`,
        );
    case 'account-list':
      return (v) => (Array.isArray(v) ? v.map((id) => p.pseudonym('account', String(id))) : v);
    case 'term':
      return (v) => m.maskTerm(String(v));
    case 'term-list':
      return (v) =>
        Array.isArray(v) ? v.map((t: unknown) => (typeof t === 'string' ? m.maskTerm(t) : t)) : v;
    case 'text':
      return (v) => m.sanitiseText(String(v));
    case 'masked-json':
      return (v) => mapStrings(v, (s) => m.maskText(s));
    case 'evidence':
      return (v) => maskEvidence(v, ctx);
    case 'shared-objects':
      return (v) => (Array.isArray(v) ? v.map((o: unknown) => maskSharedObject(o, ctx)) : v);
    case 'edge-list':
      return (v) =>
        Array.isArray(v)
          ? v.map((edge: unknown) => {
              if (edge === null || typeof edge !== 'object') return edge;
              const e = edge as Record<string, unknown>;
              return {
                ...e,
                source: p.pseudonym('account', String(e['source'])),
                target: p.pseudonym('account', String(e['target'])),
              };
            })
          : v;
    default: {
      const never: never = privacy;
      throw new Error(`unknown privacy rule ${String(never)} on ${column.name}`);
    }
  }
}

// Keys the coordination detector shows as 32-bit hashes (`text:1f…`) when no member still holds the string.
const HASH_KEY = /^(?:post|url|text):[0-9a-f]{1,8}$/;

/** A shared object's key is a hash (`post:…`, `url:…`, `text:…`), not content from a post. */
export function isHashKey(key: string): boolean {
  return HASH_KEY.test(key);
}

/**
 * A coordination shared object: a term is masked like a term column, a parent post id gets the posts
 * dataset's post_id pseudonym (same source and id, same key), a link stays text with protected terms masked,
 * hash keys become opaque pseudonyms.
 */
// Hash keys are pseudonymised so a reader cannot test a guessed text against them.
function maskSharedObject(value: unknown, ctx: PrivacyContext): unknown {
  if (value === null || typeof value !== 'object') return value;
  const o = value as Record<string, unknown>;
  const key = String(o['key']);
  const { pseudonymiser: p, masker: m } = ctx;
  let masked: string;
  if (o['channel'] === 'term') masked = m.maskTerm(key);
  else if (isHashKey(key) || (o['channel'] !== 'parent' && o['channel'] !== 'url'))
    masked = p.pseudonym('id', key);
  else if (o['channel'] === 'parent')
    masked = p.pseudonym(
      'post',
      `${typeof o['source'] === 'string' ? o['source'] : ''}\u0000${key}`,
    );
  else masked = m.maskText(key);
  return { ...o, key: masked };
}

/** Pseudonymises account ids wherever evidence names accounts, then masks protected terms in every string. */
function maskEvidence(value: unknown, ctx: PrivacyContext): unknown {
  const walk = (v: unknown, key: string | null): unknown => {
    if (typeof v === 'string') {
      if (key !== null && ACCOUNT_KEYS.has(key)) return ctx.pseudonymiser.pseudonym('account', v);
      // Cluster ids get the clusters dataset's cluster_id pseudonym, so alerts and clusters join.
      if (key !== null && CLUSTER_KEYS.has(key)) return ctx.pseudonymiser.pseudonym('id', v);
      return ctx.masker.sanitiseText(v);
    }
    if (Array.isArray(v)) {
      if (key !== null && ACCOUNT_LIST_KEYS.has(key))
        return v.map((x) =>
          typeof x === 'string' ? ctx.pseudonymiser.pseudonym('account', x) : walk(x, null),
        );
      if (key !== null && CLUSTER_KEYS.has(key))
        return v.map((x) =>
          typeof x === 'string' ? ctx.pseudonymiser.pseudonym('id', x) : walk(x, null),
        );
      // Coordination evidence inside alerts: the same rules as the clusters dataset's shared_objects.
      if (key === 'sharedObjects') return v.map((o) => maskSharedObject(o, ctx));
      return v.map((x) => walk(x, key));
    }
    if (v !== null && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) {
        // topAccounts: [{ id, count }] and botLikeness: [{ id, score }]: `id` inside is an account.
        out[k] =
          key !== null && ACCOUNT_ROW_KEYS.has(key) && k === 'id' && typeof x === 'string'
            ? ctx.pseudonymiser.pseudonym('account', x)
            : walk(x, k);
      }
      return out;
    }
    return v;
  };
  return walk(value, null);
}

// Keys under which evidence names accounts (velocity evidence today; coordination evidence adds the others).
const ACCOUNT_KEYS = new Set(['accountId', 'account', 'authorId', 'author']);
const ACCOUNT_LIST_KEYS = new Set(['accounts', 'members', 'accountIds']);
// Arrays of objects whose `id` is an account.
const ACCOUNT_ROW_KEYS = new Set(['topAccounts', 'botLikeness']);
// Opaque ids: the `cluster` label, `clusterId`, `clusterIds` (pseudonymised like cluster_id of the clusters
// dataset) and `relatedAlerts` fingerprints (like the alerts dataset's fingerprint column).
const CLUSTER_KEYS = new Set(['cluster', 'clusterId', 'clusterIds', 'relatedAlerts']);

function mapStrings(v: unknown, fn: (s: string) => string): unknown {
  if (typeof v === 'string') return fn(v);
  if (Array.isArray(v)) return v.map((x) => mapStrings(x, fn));
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[fn(k)] = mapStrings(x, fn);
    return out;
  }
  return v;
}

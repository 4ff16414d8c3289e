import type { SpreadPipelineOptions } from '@spreadwatch/alerting';
import type {
  AccountScore,
  Cluster,
  ClusterEdge,
  CoordinationEvidence,
  Observation,
  SharedObject,
} from '@spreadwatch/contracts';

import { BOT_FEATURES } from './coordination-datasets';
import type { ExportRow } from './dataset-definition';
import { isHashKey } from './privacy';
import { replayScoreRows } from './replay-sources';

/** What a cluster row is built from: the contract's cluster (members and edges optional). */
export type ClusterSnapshot = Omit<Cluster, 'members' | 'edges'> & {
  edges?: readonly ClusterEdge[];
};

/**
 * Answers whether evidence strings taken from posts are still backed by a live post. A deleted post's
 * identifiers and links must not reach an export, so shared parents and links without a live post go.
 */
export interface SharedObjectBacking {
  /** Source of a live stored post with this parent id, or null (then the object is left out). */
  parentSource(parentId: string): string | null;
  /** Whether a live stored post carries this normalised link. */
  hasUrl(url: string): boolean;
}

/** Shared objects kept for export; parents gain the source their post id is unique within. */
export function backedSharedObjects(
  objects: readonly SharedObject[],
  backing: SharedObjectBacking,
): (SharedObject & { source?: string })[] {
  const out: (SharedObject & { source?: string })[] = [];
  for (const o of objects) {
    if (o.channel === 'parent' && !isHashKey(o.key)) {
      const source = backing.parentSource(o.key);
      if (source !== null) out.push({ ...o, source });
    } else if (o.channel === 'url' && !isHashKey(o.key)) {
      if (backing.hasUrl(o.key)) out.push(o);
    } else {
      out.push(o);
    }
  }
  return out;
}

/** A cluster as a clusters-dataset row (before pseudonymisation). */
export function clusterRow(cluster: ClusterSnapshot, backing: SharedObjectBacking): ExportRow {
  const e: CoordinationEvidence = cluster.evidence;
  const top = e.terms[0];
  return {
    cluster_id: cluster.id,
    status: cluster.status,
    size: cluster.size,
    score: cluster.score,
    accounts: cluster.accounts,
    terms: cluster.terms,
    top_term: top?.term ?? null,
    amplification_share: top?.amplificationShare ?? 0,
    first_activity: Date.parse(cluster.firstActivity),
    last_activity: Date.parse(cluster.lastActivity),
    flagged_at: Date.parse(cluster.flaggedAt),
    edges: e.edges,
    coactions: e.coactions,
    fast_share: e.fastShare,
    text_similarity: e.textSimilarity,
    mean_bot_likeness: e.meanBotLikeness,
    edge_threshold: e.edgeThreshold,
    edge_percentile: e.edgePercentile,
    window_minutes: e.windowMinutes,
    gap_histogram: e.gapHistogram,
    channels: e.channels,
    terms_pushed: e.terms,
    shared_objects: backedSharedObjects(e.sharedObjects, backing),
    edge_list: cluster.edges ?? [],
  };
}

/** An account's bot-likeness as an account-features row: each documented feature flattened into columns. */
export function accountFeaturesRow(
  score: Omit<AccountScore, 'clusterId'> & {
    clusterId?: string | null;
  },
): ExportRow {
  const row: ExportRow = {
    account_id: score.accountId,
    handle: score.handle,
    cluster_id: score.clusterId ?? null,
    score: score.score,
    bias: score.bias,
    observed_posts: score.observedPosts,
    as_of: Date.parse(score.asOf),
  };
  for (const f of BOT_FEATURES) {
    const a = score.attributions.find((x) => x.feature === f.feature);
    row[`${f.column}_value`] = a?.value ?? null;
    row[`${f.column}_x`] = a?.x ?? null;
    row[`${f.column}_contribution`] = a?.contribution ?? null;
  }
  row['attributions'] = score.attributions;
  return row;
}

/** Latest clusters and member scores of a replay, for the clusters and account-features datasets. */
export interface ReplayCoordination {
  clusters: ExportRow[];
  accounts: ExportRow[];
}

/**
 * Replays observations through SpreadPipeline (coordination on) and keeps each cluster's latest state and
 * each member's latest score. Posts in `deleted` never enter the pipeline, so nothing in the rows derives
 * from a deleted post. Rows are sorted by (first_activity, cluster id) and account id, as the database
 * readers order them. Memory: the clusters and scored accounts of the file (few), plus parent → source.
 */
export async function replayCoordinationRows(
  observations: AsyncIterable<Observation>,
  deleted: ReadonlySet<string>,
  filter: { fromMs: number; toMs: number; terms: ReadonlySet<string> },
  options: SpreadPipelineOptions = {},
): Promise<ReplayCoordination> {
  const latest = new Map<string, Cluster>();
  const scores = new Map<string, AccountScore>();
  const parentSources = new Map<string, string>();
  async function* live(): AsyncGenerator<Observation> {
    for await (const obs of observations) {
      if (obs.type === 'delete') continue;
      if (obs.type === 'post') {
        if (deleted.has(`${obs.source}\u0000${obs.id}`)) continue;
        if (obs.parentId !== undefined && obs.parentId !== null)
          parentSources.set(obs.parentId, obs.source);
      }
      yield obs;
    }
  }
  for await (const _ of replayScoreRows(live(), options, undefined, (updates) => {
    for (const { cluster } of updates) {
      latest.set(cluster.id, cluster);
      for (const m of cluster.members) scores.set(m.accountId, { ...m, clusterId: cluster.id });
    }
  })) {
    // Scores are not exported here; replaying them is what advances the coordination stage.
  }
  const inWindow = (c: Cluster): boolean =>
    Date.parse(c.lastActivity) >= filter.fromMs &&
    Date.parse(c.firstActivity) < filter.toMs &&
    (filter.terms.size === 0 || c.terms.some((t) => filter.terms.has(t)));
  const backing: SharedObjectBacking = {
    parentSource: (id) => parentSources.get(id) ?? null,
    hasUrl: () => true,
  };
  const clusters = [...latest.values()]
    .filter(inWindow)
    .sort((x, y) => Date.parse(x.firstActivity) - Date.parse(y.firstActivity) || cmp(x.id, y.id));
  // With a term filter, accounts of clusters that pushed one of the terms (as the database reader does).
  const clusterIds = new Set(
    [...latest.values()].filter((c) => c.terms.some((t) => filter.terms.has(t))).map((c) => c.id),
  );
  const accounts = [...scores.values()]
    .filter((s) => {
      const t = Date.parse(s.asOf);
      if (t < filter.fromMs || t >= filter.toMs) return false;
      return filter.terms.size === 0 || (s.clusterId != null && clusterIds.has(s.clusterId));
    })
    .sort((x, y) => cmp(x.accountId, y.accountId));
  return {
    clusters: clusters.map((c) => clusterRow(c, backing)),
    accounts: accounts.map((s) => accountFeaturesRow(s)),
  };
}

// Code-unit order: deterministic, so the same replay gives byte-identical files.
function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

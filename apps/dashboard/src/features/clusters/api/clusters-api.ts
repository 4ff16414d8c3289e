import type { AccountScore, Cluster, ClusterSummary, SharedObject } from '@spreadwatch/contracts';
import { queryOptions } from '@tanstack/react-query';

import { apiClient, isMissingEndpoint } from '../../../lib/api-client';
import { formatNumber } from '../../../lib/format';
import { queryKeys } from '../../../lib/query-keys';

/**
 * Coordination clusters (issue #5, libs/contracts coordination.ts). Views are adapted defensively: the page
 * shows what is there, and a missing endpoint yields null (the page then says so).
 */
export interface ClusterSummaryView {
  id: string;
  label?: string;
  terms?: string[];
  size?: number;
  accountCount?: number;
  score?: number;
  amplificationShare?: number;
  status?: string;
  lastSeen?: string;
}

export interface ClusterAccountView {
  id: string;
  handle?: string | null;
  botLikeness?: number;
  attributions?: { feature: string; contribution: number; value: number | null }[];
  posts?: number;
}

export interface ClusterEdgeView {
  source: string;
  target: string;
  weight?: number;
  channels?: string[];
}

export interface ClusterDetailView extends ClusterSummaryView {
  accounts: ClusterAccountView[];
  edges: ClusterEdgeView[];
  gapHistogram: { label: string; count: number }[];
  fastShare?: number;
  textSimilarity?: number | null;
  sharedObjects: SharedObject[];
  termShares: { term: string; amplificationShare: number }[];
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const gapLabel = (lo: number, hi: number | null): string => {
  const unit = (s: number) =>
    s >= 60 ? `${formatNumber(s / 60, 0)} min` : `${formatNumber(s, 0)} s`;
  return hi === null ? `≥${unit(lo)}` : `${unit(lo)}–${unit(hi)}`;
};

export const toAccountView = (a: AccountScore): ClusterAccountView => ({
  id: a.accountId,
  handle: a.handle,
  botLikeness: a.score,
  attributions: a.attributions.map((f) => ({
    feature: f.feature,
    contribution: f.contribution,
    value: f.value,
  })),
  posts: a.observedPosts,
});

export const toSummaryView = (c: ClusterSummary | Cluster): ClusterSummaryView => ({
  id: c.id,
  label: c.terms[0] === undefined ? undefined : `Group pushing ${c.terms[0]}`,
  terms: c.terms,
  size: c.size,
  score: c.score,
  status: c.status,
  lastSeen: c.lastActivity,
  amplificationShare:
    'amplificationShare' in c
      ? c.amplificationShare
      : Math.max(0, ...c.evidence.terms.map((t) => t.amplificationShare)),
});

/** Scored members first, then the members whose scores the server capped (still nodes of the network). */
const accountsOf = (c: Cluster): ClusterAccountView[] => {
  const scored = c.members.map(toAccountView);
  const seen = new Set(scored.map((a) => a.id));
  return [...scored, ...c.accounts.filter((id) => !seen.has(id)).map((id) => ({ id }))];
};

export const toDetailView = (c: Cluster): ClusterDetailView => ({
  ...toSummaryView(c),
  accounts: accountsOf(c),
  // Clusters stored before edges were kept have none; the graph then shows the members only.
  edges: (c.edges ?? []).map((e) => ({
    source: e.source,
    target: e.target,
    weight: e.weight,
    channels: e.channels,
  })),
  gapHistogram: c.evidence.gapHistogram.map((b) => ({
    label: gapLabel(b.lo, b.hi),
    count: b.count,
  })),
  fastShare: c.evidence.fastShare,
  textSimilarity: c.evidence.textSimilarity,
  sharedObjects: c.evidence.sharedObjects,
  termShares: c.evidence.terms.map((t) => ({
    term: t.term,
    amplificationShare: t.amplificationShare,
  })),
});

const orNullWhenMissing = async <T>(load: () => Promise<T>): Promise<T | null> => {
  try {
    return await load();
  } catch (error) {
    if (isMissingEndpoint(error)) return null;
    throw error;
  }
};

const listOf = <T>(body: unknown): T[] => {
  if (Array.isArray(body)) return body as T[];
  if (isRecord(body) && Array.isArray(body['items'])) return body['items'] as T[];
  if (isRecord(body) && Array.isArray(body['clusters'])) return body['clusters'] as T[];
  return [];
};

export const clustersApi = {
  list: (signal?: AbortSignal) =>
    orNullWhenMissing(async () =>
      listOf<ClusterSummary>(
        await apiClient.get<unknown>('/api/clusters?limit=100', { signal }),
      ).map(toSummaryView),
    ),
  detail: async (id: string, signal?: AbortSignal) =>
    toDetailView(
      await apiClient.get<Cluster>(`/api/clusters/${encodeURIComponent(id)}`, { signal }),
    ),
  ofTerm: (term: string, signal?: AbortSignal) =>
    orNullWhenMissing(async () => {
      const body = await apiClient.get<unknown>(`/api/terms/${encodeURIComponent(term)}/clusters`, {
        signal,
      });
      // Either cluster rows or a TermPicture with ids.
      if (isRecord(body) && Array.isArray(body['clusterIds'])) {
        return (body['clusterIds'] as unknown[])
          .filter((id): id is string => typeof id === 'string')
          .map((id): ClusterSummaryView => ({ id }));
      }
      return listOf<ClusterSummary>(body).map(toSummaryView);
    }),
  account: async (id: string, signal?: AbortSignal) =>
    toAccountView(
      await apiClient.get<AccountScore>(`/api/accounts/${encodeURIComponent(id)}`, { signal }),
    ),
};

export const clustersQuery = () =>
  queryOptions({
    queryKey: queryKeys.clusters.list,
    queryFn: ({ signal }) => clustersApi.list(signal),
    refetchInterval: 60_000,
  });

export const clusterQuery = (id: string) =>
  queryOptions({
    queryKey: queryKeys.clusters.detail(id),
    queryFn: ({ signal }) => clustersApi.detail(id, signal),
  });

export const termClustersQuery = (term: string) =>
  queryOptions({
    queryKey: queryKeys.terms.clusters(term),
    queryFn: ({ signal }) => clustersApi.ofTerm(term, signal),
    refetchInterval: 60_000,
  });

/** Attributions as sorted [feature, weight] pairs, largest first, whichever shape the server sends. */
export const attributionList = (account: ClusterAccountView): [string, number][] =>
  (account.attributions ?? [])
    .map((a): [string, number] => [a.feature, a.contribution])
    .sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]));

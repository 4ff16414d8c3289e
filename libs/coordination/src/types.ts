import type { Cluster } from '@spreadwatch/contracts';

/** Tunables of the coordination detector (defaults in DEFAULT_COORDINATION_CONFIG, rationale in ADR 0006). */
export interface CoordinationConfig {
  /** Two actions on one object within this many ms are a co-action (field default: 60 s). */
  windowMs: number;
  /** Gaps under this are automation-grade (reported as fastShare). */
  automationMs: number;
  /** Near-duplicate (MinHash/LSH) matching window, ms; kept short so the buckets stay small. */
  nearDupWindowMs: number;
  /** Most recent actions per object a new action is paired with (bounds work on busy objects). */
  maxPartners: number;
  /**
   * On terms and links, an action is paired only with this many nearest other actions in time: co-posting a
   * busy hashtag or link is expected by chance, so each action gets a fixed budget of pairs. Texts and parents
   * (copy-paste, co-repost) pair with up to `maxPartners`.
   */
  popularAccounts: number;
  /** Weight of a co-action that shares only a term (hashtag flooding is the weakest signal). */
  termOnlyWeight: number;
  /** Half-life of pair weights and account activity, ms. */
  halfLifeMs: number;
  /** Pairs untouched for between one and two of these periods are forgotten. */
  edgePeriodMs: number;
  /** Percentile (0–1) of active pairs' weights an edge must reach. */
  edgePercentile: number;
  /** Minimum (decayed) weight an edge needs whatever the percentile: repeated co-action, not one coincidence. */
  minEdgeWeight: number;
  /** Hyperactive guard: weight / max(activity of the two accounts) must reach this. */
  minEdgeShare: number;
  /** Share of a cluster's edges that must include a link, text or parent co-action ... */
  minStrongShare: number;
  /** ... or else the share of its co-actions within `automationMs` (term-only groups). */
  termOnlyMinFastShare: number;
  /** Smallest group reported as a cluster. */
  minClusterSize: number;
  /** Event-time interval between cluster evaluations. */
  evaluateEveryMs: number;
  /** A cluster not found again for this long is resolved. */
  resolveAfterMs: number;
  /** Window over which amplification share of a term is measured. */
  amplificationWindowMs: number;
  /** Louvain resolution (1 = modularity). */
  resolution: number;
  /** Accounts idle this long are forgotten (bounded memory on an endless stream). */
  accountIdleMs: number;
}

export const DEFAULT_COORDINATION_CONFIG: Readonly<CoordinationConfig> = Object.freeze({
  windowMs: 60_000,
  automationMs: 5_000,
  nearDupWindowMs: 60_000,
  maxPartners: 48,
  popularAccounts: 8,
  termOnlyWeight: 0.5,
  halfLifeMs: 30 * 60_000,
  edgePeriodMs: 10 * 60_000,
  edgePercentile: 0.9,
  minEdgeWeight: 3,
  minEdgeShare: 0.2,
  minStrongShare: 0.25,
  termOnlyMinFastShare: 0.5,
  minClusterSize: 4,
  evaluateEveryMs: 60_000,
  resolveAfterMs: 30 * 60_000,
  amplificationWindowMs: 10 * 60_000,
  resolution: 1,
  accountIdleMs: 6 * 3_600_000,
});

export type ClusterChange = 'new' | 'updated' | 'resolved';

/** A cluster that appeared, changed materially, or resolved at one evaluation. */
export interface ClusterUpdate {
  change: ClusterChange;
  cluster: Cluster;
}

/** Counters for benchmarks and health. */
export interface CoordinationStats {
  posts: number;
  accounts: number;
  objects: number;
  edges: number;
  strongEdges: number;
  coactions: number;
  activeClusters: number;
  evaluations: number;
  evaluationMs: number;
}

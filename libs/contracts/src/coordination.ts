import type { Page } from './api';

/** Co-action channels: how two accounts acted on the same object within the window. */
export const COACTION_CHANNELS = ['term', 'parent', 'url', 'text', 'near-text'] as const;
export type CoactionChannel = (typeof COACTION_CHANNELS)[number];

/** One feature's part in a bot-likeness score (logit contribution = weight × x). */
export interface FeatureAttribution {
  feature: string;
  /** The raw value (e.g. account age in days); null when the metadata was missing. */
  value: number | null;
  /** The value mapped to [0, 1], 1 = most bot-like, shrunk toward 0 when based on few posts. */
  x: number;
  weight: number;
  /** weight × x, in logit units; the score is sigmoid(bias + Σ contribution). */
  contribution: number;
}

/** Bot-likeness of one account from metadata only (docs/adr/0006-coordination-and-bot-likeness.md). */
export interface AccountScore {
  accountId: string;
  handle: string | null;
  /** Probability-like score in [0, 1]. */
  score: number;
  bias: number;
  /** Every feature of the model, largest absolute contribution first. */
  attributions: FeatureAttribution[];
  /** Posts of the account the stream has seen. */
  observedPosts: number;
  /** Event time the score was computed at, ISO. */
  asOf: string;
  /** Cluster the account was last seen in, if any. */
  clusterId?: string | null;
}

/** An object several cluster members acted on. */
export interface SharedObject {
  channel: CoactionChannel;
  /** The term, normalised URL, parent post id, or a text hash (`text:<hex>`). */
  key: string;
  accounts: number;
  actions: number;
}

/** The numbers behind a cluster. */
export interface CoordinationEvidence {
  /** Retained co-action edges among members and their total (decayed) weight. */
  edges: number;
  coactions: number;
  /** Share of co-actions within the automation-grade gap (default 5 s). */
  fastShare: number;
  /** Time gaps between paired actions: counts per bin, bins in seconds [lo, hi). */
  gapHistogram: { lo: number; hi: number | null; count: number }[];
  /** Co-actions per channel. */
  channels: Partial<Record<CoactionChannel, number>>;
  /** Mean estimated Jaccard similarity of members' latest texts (MinHash), null without texts. */
  textSimilarity: number | null;
  sharedObjects: SharedObject[];
  /** Terms members pushed, most posts first, with the cluster's share of each term's volume in the window. */
  terms: { term: string; clusterPosts: number; totalPosts: number; amplificationShare: number }[];
  /** Minutes over which amplification share is measured. */
  windowMinutes: number;
  /** Edge weight threshold used (max of the minimum and the percentile of active pairs). */
  edgeThreshold: number;
  edgePercentile: number;
  meanBotLikeness: number;
}

export const CLUSTER_STATUSES = ['active', 'resolved'] as const;
export type ClusterStatus = (typeof CLUSTER_STATUSES)[number];

/** A retained co-action link between two members (decayed weight at the snapshot). */
export interface ClusterEdge {
  source: string;
  target: string;
  /** Decayed pair weight (co-actions, exponentially discounted). */
  weight: number;
  /** Channels the pair co-acted on. */
  channels?: CoactionChannel[];
}

/** A group of accounts acting together, as the coordination stage sees it now. */
export interface Cluster {
  id: string;
  status: ClusterStatus;
  accounts: string[];
  size: number;
  /** Ranking score: log-scaled size × weight × speed, see ADR 0006. */
  score: number;
  /** Terms the cluster pushed, most first. */
  terms: string[];
  firstActivity: string;
  lastActivity: string;
  /** Event time the cluster was first flagged, ISO. */
  flaggedAt: string;
  evidence: CoordinationEvidence;
  /** Bot-likeness of members, highest first (capped). */
  members: AccountScore[];
  /** Member-to-member co-action links, heaviest first (capped); absent on clusters stored before. */
  edges?: ClusterEdge[];
}

/** Row of GET /api/clusters. */
export type ClusterSummary = Omit<Cluster, 'members' | 'evidence' | 'edges'> & {
  topTerm: string | null;
  amplificationShare: number;
};

export type ClusterPage = Page<ClusterSummary>;

/**
 * One picture of a term for analysts when a velocity alert and a coordination alert concern it: how fast it
 * spreads and how much of that the flagged clusters account for. Both alerts cross-reference each other
 * through `evidence.relatedAlerts` (fingerprints) and `evidence.amplificationShare`.
 */
export interface TermPicture {
  term: string;
  velocityFingerprint: string | null;
  coordinationFingerprints: string[];
  clusterIds: string[];
  /** Largest share of the term's volume (window) attributed to one cluster. */
  amplificationShare: number;
}

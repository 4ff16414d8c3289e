import type {
  AccountScore,
  Cluster,
  ClusterEdge,
  CoactionChannel,
  CoordinationEvidence,
  PostObservation,
  SharedObject,
} from '@spreadwatch/contracts';
import { TermExtractor } from '@spreadwatch/scoring';

import { ActionLog } from './action-log';
import { type AccountProfile, scoreAccount } from './bot-likeness';
import { findCommunities, type WeightedEdge } from './cluster-finder';
import {
  MINHASH_BANDS,
  MINHASH_SIZE,
  minhashSimilarity,
  type TextSignature,
  textSignatureInto,
} from './text-signature';
import {
  type ClusterUpdate,
  type CoordinationConfig,
  type CoordinationStats,
  DEFAULT_COORDINATION_CONFIG,
} from './types';
import { normalizeUrl } from './url-normalizer';

const TERM = 1;
const PARENT = 2;
const URL = 4;
const TEXT = 8;
const NEAR = 16;
const CHANNEL_BITS: [number, CoactionChannel][] = [
  [TERM, 'term'],
  [PARENT, 'parent'],
  [URL, 'url'],
  [TEXT, 'text'],
  [NEAR, 'near-text'],
];
// Pair key = lo · 2^26 + hi: exact in a double while account slots stay below 2^26 (67 M live accounts).
const PAIR_SHIFT = 2 ** 26;
// Gap histogram bin edges, seconds.
const GAP_BINS = [0, 1, 5, 15, 30, 60] as const;
const RING = 16;
// Pre-filter buckets (2^20: 16 MB) and the weight at which a pair gets an exact edge.
const PREFILTER_MASK = (1 << 20) - 1;
const PROMOTE_WEIGHT = 1.5;
// Action log: initial entries and the cap (52 bytes each; see ActionLog).
const LOG_INITIAL = 1 << 14;
const LOG_MAX = 1 << 21;
const RESERVOIR = 4096;
// Placeholder of AccountState.hours: the histogram lives in hoursFlat and is attached only to score.
const NO_HOURS = new Uint16Array(0);
const NO_UPDATES = Object.freeze([]) as unknown as ClusterUpdate[];
const MIN_PERCENTILE_POPULATION = 200;
// Material change between two emissions of one cluster: re-emitted at most this often unless it grows a lot.
const REEMIT_MS = 5 * 60_000;
const MAX_MEMBER_SCORES = 100;
// Heaviest member-to-member links kept for drawing the network (bounds the stored jsonb).
const MAX_EDGE_LIST = 600;
const MAX_SIM_MEMBERS = 30;
const HOUR_MS = 3_600_000;
// One seed for every evaluation: the same graph always splits the same way, so cluster ids stay stable.
const LOUVAIN_SEED = 1;
const MINUTE_MS = 60_000;

interface AccountState extends AccountProfile {
  slot: number;
  /** Decayed post count (same half-life as pair weights), for the hyperactive guard. */
  activity: number;
  activityAt: number;
  /** Actions held in this account's slot of the flat action rings (≤ RING), and the next position. */
  ringLen: number;
  ringPos: number;
  lastMinhash: Uint32Array | null;
  clusterId: string | null;
  /** Has a strong pair: only candidates keep recent actions for evidence (bounded memory). */
  candidate: boolean;
}

class Edge {
  w = 0;
  n = 0;
  fast = 0;
  mask = 0;
  strong = false;
  g0 = 0;
  g1 = 0;
  g2 = 0;
  g3 = 0;
  g4 = 0;
  g5 = 0;
  first: number;
  t: number;
  constructor(
    readonly a: number,
    readonly b: number,
    at: number,
  ) {
    this.first = at;
    this.t = at;
  }
}

class TermVolume {
  readonly slots: Float64Array;
  lastMinute = Number.NEGATIVE_INFINITY;
  /** The term string every account's action ring shares (one copy per term, not per post). */
  constructor(
    readonly term: string,
    size: number,
  ) {
    this.slots = new Float64Array(size);
  }

  add(minute: number): void {
    const size = this.slots.length;
    if (minute > this.lastMinute) {
      const from = Math.max(this.lastMinute + 1, minute - size + 1);
      for (let m = from; m <= minute; m++) this.slots[((m % size) + size) % size] = 0;
      this.lastMinute = minute;
    } else if (minute <= this.lastMinute - size) {
      return;
    }
    this.slots[((minute % size) + size) % size]! += 1;
  }

  total(nowMinute: number): number {
    const size = this.slots.length;
    let sum = 0;
    for (
      let m = Math.max(nowMinute - size + 1, this.lastMinute - size + 1);
      m <= Math.min(nowMinute, this.lastMinute);
      m++
    ) {
      sum += this.slots[((m % size) + size) % size] ?? 0;
    }
    return sum;
  }
}

interface ActiveCluster {
  id: string;
  members: Set<string>;
  flaggedAt: number;
  lastFound: number;
  lastEmitted: number;
  emittedSize: number;
  emittedTopTerm: string | null;
  snapshot: Cluster;
}

/**
 * Streaming co-action detector (pure: event time only). Each post is paired with the recent actions of other
 * accounts on the same term, parent post, normalised URL, normalised text and near-duplicate text bucket within
 * the window; pair weights accumulate with exponential decay. Every `evaluateEveryMs` of event time, pairs above
 * the data-driven threshold form a graph whose Louvain communities are the clusters, each with its evidence and
 * the bot-likeness of its members.
 */
export class CoordinationDetector {
  readonly config: Readonly<CoordinationConfig>;
  private readonly decayPerMs: number;
  private readonly accounts = new Map<string, AccountState>();
  private readonly bySlot: (AccountState | undefined)[] = [];
  private readonly freeSlots: number[] = [];
  // Recent actions on every object (terms, parents, links, texts, LSH buckets), keyed by two 32-bit hashes.
  private readonly log: ActionLog;
  private k1 = 0;
  private k2 = 0;
  private readonly volumes = new Map<string, TermVolume>();
  private gen0 = new Map<number, Edge>();
  private gen1 = new Map<number, Edge>();
  private readonly strong = new Set<Edge>();
  // Pair keys sampled uniformly among pairs that co-acted in this period (one-offs included).
  private readonly reservoir: number[] = [];
  private reservoirSeen = 0;
  private readonly active = new Map<string, ActiveCluster>();
  private readonly extractor = new TermExtractor();
  private readonly termScratch: string[] = [];
  private readonly sig: TextSignature = {
    tokens: 0,
    exact: 0,
    bands: new Uint32Array(MINHASH_BANDS),
    minhash: new Uint32Array(MINHASH_SIZE),
  };
  // Per-post partner scratch, indexed by account slot.
  private stamp = new Int32Array(1024);
  private maskOf = new Uint8Array(1024);
  private gapOf = new Float64Array(1024);
  private weightOf = new Float64Array(1024);
  private readonly partners: number[] = [];
  // Flat per-account action rings, indexed slot · RING + k (terms and strings at twice that, + 0/1).
  private ringT = new Float64Array(1024 * RING);
  private ringUrl = new Uint32Array(1024 * RING);
  private ringText = new Uint32Array(1024 * RING);
  private ringParent = new Uint32Array(1024 * RING);
  private ringTerm: (string | null)[] = new Array<string | null>(2048 * RING).fill(null);
  private ringStr: (string | null)[] = new Array<string | null>(2048 * RING).fill(null);
  // Posts per UTC hour of every account at slot · 24 (a view is handed to scoreAccount).
  private hoursFlat = new Uint16Array(1024 * 24);
  // Pre-filter buckets, interleaved (weight at 2b, time at 2b + 1): one cache line per pair lookup.
  private readonly pre = new Float64Array(2 * (PREFILTER_MASK + 1));
  private postSeq = 0;
  private watermark = Number.NEGATIVE_INFINITY;
  private nextEvalAt = Number.NEGATIVE_INFINITY;
  private nextRotateAt = Number.NEGATIVE_INFINITY;
  private nextAccountSweepAt = Number.NEGATIVE_INFINITY;
  private lastThreshold = 0;
  // Set when a strong pair gains weight: without that, the graph can only have decayed since the last look.
  private dirty = false;
  private readonly counters = { posts: 0, coactions: 0, evaluations: 0, evaluationMs: 0 };

  constructor(config: Partial<CoordinationConfig> = {}) {
    const merged = { ...DEFAULT_COORDINATION_CONFIG, ...config };
    if (!(merged.windowMs > 0 && merged.nearDupWindowMs > 0 && merged.halfLifeMs > 0)) {
      throw new RangeError('invalid coordination config: windows and half-life must be > 0');
    }
    if (!(merged.edgePercentile >= 0 && merged.edgePercentile <= 1)) {
      throw new RangeError('invalid coordination config: edgePercentile must be within [0, 1]');
    }
    if (!(merged.maxPartners >= 1 && merged.minClusterSize >= 2)) {
      throw new RangeError('invalid coordination config: maxPartners ≥ 1 and minClusterSize ≥ 2');
    }
    this.config = Object.freeze(merged);
    this.decayPerMs = Math.LN2 / merged.halfLifeMs;
    this.log = new ActionLog(
      LOG_INITIAL,
      LOG_MAX,
      Math.max(merged.windowMs, merged.nearDupWindowMs),
      merged.maxPartners,
    );
  }

  /** Feeds one post at event time `ts` (ms). Cheap: O(objects × maxPartners). */
  observePost(post: PostObservation, ts: number): void {
    const cfg = this.config;
    this.counters.posts++;
    if (ts > this.watermark) this.watermark = ts;
    if (this.nextEvalAt === Number.NEGATIVE_INFINITY) this.startAt(ts);
    const account = this.intern(post, ts);
    const self = account.slot;
    const seq = ++this.postSeq;
    this.partners.length = 0;

    const nTerms = this.extractor.extractInto(post, this.termScratch);
    const minute = Math.floor(ts / MINUTE_MS);
    for (let i = 0; i < nTerms; i++) {
      const term = this.termScratch[i] as string;
      let volume = this.volumes.get(term);
      if (volume === undefined) {
        volume = new TermVolume(
          term,
          Math.max(1, Math.ceil(cfg.amplificationWindowMs / MINUTE_MS)),
        );
        this.volumes.set(term, volume);
      }
      volume.add(minute);
      if (i < 2) this.termScratch[i] = volume.term;
    }

    let url: string | null = null;
    let textHash = 0;
    const parentId = post.parentId ?? null;
    if (post.kind === 'repost') {
      // A repost is one action on its parent: its copied text, tags and links are not separate actions.
      if (parentId !== null) {
        this.hashKey(parentId, PARENT);
        this.coact(this.k1, this.k2, PARENT, ts, self, seq, cfg.windowMs, 1, false);
      }
    } else {
      // Register the post as an original so that fast reposts pair with its author.
      this.hashKey(post.id, PARENT);
      this.log.append(this.k1, this.k2, self, ts);
      if (parentId !== null) {
        this.hashKey(parentId, PARENT);
        this.coact(this.k1, this.k2, PARENT, ts, self, seq, cfg.windowMs, 1, false);
      }
      for (let i = 0; i < nTerms; i++) {
        this.hashKey(this.termScratch[i] as string, TERM);
        this.coact(this.k1, this.k2, TERM, ts, self, seq, cfg.windowMs, cfg.termOnlyWeight, true);
      }
      const urls = post.urls;
      if (urls !== undefined && urls !== null) {
        for (const raw of urls) {
          const u = normalizeUrl(raw);
          if (u.length === 0) continue;
          url ??= u;
          this.hashKey(u, URL);
          this.coact(this.k1, this.k2, URL, ts, self, seq, cfg.windowMs, 1, true);
        }
      }
      const text = post.text;
      if (text !== undefined && text !== null && text.length > 0) {
        const sig = this.sig;
        const near = textSignatureInto(text, sig);
        if (sig.exact !== 0) {
          textHash = sig.exact;
          this.coact(sig.exact | 0, TEXT, TEXT, ts, self, seq, cfg.windowMs, 1, false);
        }
        if (near) {
          const bands = sig.bands as Uint32Array;
          account.lastMinhash ??= new Uint32Array(MINHASH_SIZE);
          account.lastMinhash.set(sig.minhash as Uint32Array);
          for (let b = 0; b < bands.length; b++) {
            this.coact(
              (bands[b] as number) | 0,
              NEAR,
              NEAR,
              ts,
              self,
              seq,
              cfg.nearDupWindowMs,
              1,
              // Short texts from a small vocabulary collide in LSH buckets: near-duplicates get the nearest-partner budget.
              true,
            );
          }
        }
      }
    }

    this.record(account, ts, nTerms, url, textHash, parentId);
    const partners = this.partners;
    if (partners.length === 0) return;
    let duplicate = false;
    for (let i = 0; i < partners.length; i++) {
      const p = partners[i] as number;
      const mask = this.maskOf[p] as number;
      if ((mask & (TEXT | NEAR)) !== 0) duplicate = true;
      this.addCoaction(self, p, mask, this.gapOf[p] as number, this.weightOf[p] as number, ts);
    }
    if (duplicate) account.duplicates++;
  }

  // Every account keeps its last RING actions in flat arrays at slot · RING (no per-action objects). Only
  // candidates keep links and parent ids as strings: those may pin whole input lines in memory.
  private record(
    account: AccountState,
    ts: number,
    nTerms: number,
    url: string | null,
    text: number,
    parent: string | null,
  ): void {
    const keep = account.candidate;
    const i = account.slot * RING + account.ringPos;
    this.ringT[i] = ts;
    this.ringTerm[2 * i] = nTerms > 0 ? (this.termScratch[0] as string) : null;
    this.ringTerm[2 * i + 1] = nTerms > 1 ? (this.termScratch[1] as string) : null;
    this.ringUrl[i] = url === null ? 0 : hash32(url);
    this.ringText[i] = text;
    this.ringParent[i] = parent === null ? 0 : hash32(parent);
    this.ringStr[2 * i] = keep ? url : null;
    this.ringStr[2 * i + 1] = keep ? parent : null;
    account.ringPos = (account.ringPos + 1) % RING;
    if (account.ringLen < RING) account.ringLen++;
  }

  /** Moves event time forward; evaluates clusters when an evaluation is due. Never moves back. */
  advanceTo(eventTimeMs: number): ClusterUpdate[] {
    if (eventTimeMs > this.watermark) this.watermark = eventTimeMs;
    // Shared empty result (callers only read it): the per-post path allocates nothing.
    if (this.watermark < this.nextEvalAt) return NO_UPDATES;
    const now = this.watermark;
    const out: ClusterUpdate[] = [];
    // One evaluation at the newest time: clusters are a view of now, not of every skipped minute.
    this.nextEvalAt = now - (now % this.config.evaluateEveryMs) + this.config.evaluateEveryMs;
    if (now >= this.nextRotateAt) {
      this.gen1 = this.gen0;
      this.gen0 = new Map();
      // Promoted markers of pairs now forgotten become free buckets again.
      const pre = this.pre;
      for (let i = 0; i < pre.length; i += 2) if ((pre[i] as number) < 0) pre[i] = 0;
      this.reservoir.length = 0;
      this.reservoirSeen = 0;
      this.nextRotateAt = now + this.config.edgePeriodMs;
    }
    this.sweepVolumes(now);
    if (now >= this.nextAccountSweepAt) {
      this.sweepAccounts(now);
      this.nextAccountSweepAt = now + HOUR_MS;
    }
    if (this.dirty || this.strong.size > 0 !== this.active.size > 0) {
      this.dirty = false;
      this.evaluate(now, out);
    } else {
      this.resolveStale(now, new Set(), out);
    }
    return out;
  }

  /** Bot-likeness of one account at the current event time, or null if unknown. */
  accountScore(accountId: string): AccountScore | null {
    const account = this.accounts.get(accountId);
    if (account === undefined) return null;
    return { ...scoreAccount(this.profile(account), this.now()), clusterId: account.clusterId };
  }

  /** Clusters currently active. */
  activeClusters(): Cluster[] {
    return [...this.active.values()].map((c) => c.snapshot);
  }

  stats(): CoordinationStats {
    return {
      posts: this.counters.posts,
      accounts: this.accounts.size,
      objects: this.log.size,
      edges: this.gen0.size + this.gen1.size,
      strongEdges: this.strong.size,
      coactions: this.counters.coactions,
      activeClusters: this.active.size,
      evaluations: this.counters.evaluations,
      evaluationMs: this.counters.evaluationMs,
    };
  }

  /** The account as scoreAccount reads it: with a copy of its hour histogram. */
  private profile(account: AccountState): AccountProfile {
    const from = account.slot * 24;
    return { ...account, hours: this.hoursFlat.slice(from, from + 24) };
  }

  private now(): number {
    return Number.isFinite(this.watermark) ? this.watermark : 0;
  }

  private startAt(ts: number): void {
    const every = this.config.evaluateEveryMs;
    this.nextEvalAt = ts - (ts % every) + every;
    this.nextRotateAt = ts + this.config.edgePeriodMs;
    this.nextAccountSweepAt = ts + HOUR_MS;
  }

  private intern(post: PostObservation, ts: number): AccountState {
    const author = post.author;
    let account = this.accounts.get(author.id);
    if (account === undefined) {
      const slot = this.freeSlots.pop() ?? this.bySlot.length;
      account = {
        id: author.id,
        handle: author.handle ?? null,
        createdAtMs: author.createdAt == null ? Number.NaN : Date.parse(author.createdAt),
        followers: author.followers ?? null,
        following: author.following ?? null,
        lifetimePosts: author.posts ?? null,
        observed: 0,
        reposts: 0,
        duplicates: 0,
        firstSeenMs: ts,
        lastSeenMs: ts,
        gapCount: 0,
        gapMean: 0,
        gapM2: 0,
        hours: NO_HOURS,
        slot,
        activity: 0,
        activityAt: ts,
        ringLen: 0,
        ringPos: 0,
        lastMinhash: null,
        clusterId: null,
        candidate: false,
      };
      this.accounts.set(author.id, account);
      this.bySlot[slot] = account;
      if (slot >= this.stamp.length) this.growScratch(slot + 1);
      // A reused slot starts with an empty hour histogram.
      this.hoursFlat.fill(0, slot * 24, slot * 24 + 24);
    } else {
      if (author.followers != null) account.followers = author.followers;
      if (author.following != null) account.following = author.following;
      if (author.posts != null) account.lifetimePosts = author.posts;
      if (author.handle != null) account.handle = author.handle;
      if (account.observed > 0 && ts >= account.lastSeenMs) {
        // Welford update of inter-post gaps.
        const gap = ts - account.lastSeenMs;
        account.gapCount++;
        const delta = gap - account.gapMean;
        account.gapMean += delta / account.gapCount;
        account.gapM2 += delta * (gap - account.gapMean);
      }
    }
    account.observed++;
    if (post.kind === 'repost') account.reposts++;
    const hour = Math.floor((((ts % 86_400_000) + 86_400_000) % 86_400_000) / HOUR_MS);
    this.hoursFlat[account.slot * 24 + hour]! += 1;
    if (ts > account.lastSeenMs) account.lastSeenMs = ts;
    if (ts > account.activityAt) {
      account.activity *= Math.exp((account.activityAt - ts) * this.decayPerMs);
      account.activityAt = ts;
    }
    account.activity += 1;
    return account;
  }

  private growScratch(min: number): void {
    let size = this.stamp.length;
    while (size < min) size *= 2;
    const stamp = new Int32Array(size);
    stamp.set(this.stamp);
    const mask = new Uint8Array(size);
    mask.set(this.maskOf);
    const gap = new Float64Array(size);
    gap.set(this.gapOf);
    const weight = new Float64Array(size);
    weight.set(this.weightOf);
    this.weightOf = weight;
    const ringT = new Float64Array(size * RING);
    ringT.set(this.ringT);
    this.ringT = ringT;
    const ringUrl = new Uint32Array(size * RING);
    ringUrl.set(this.ringUrl);
    this.ringUrl = ringUrl;
    const ringText = new Uint32Array(size * RING);
    ringText.set(this.ringText);
    this.ringText = ringText;
    const ringParent = new Uint32Array(size * RING);
    ringParent.set(this.ringParent);
    this.ringParent = ringParent;
    this.ringTerm = grownArray(this.ringTerm, 2 * size * RING);
    this.ringStr = grownArray(this.ringStr, 2 * size * RING);
    const hours = new Uint16Array(size * 24);
    hours.set(this.hoursFlat);
    this.hoursFlat = hours;
    this.stamp = stamp;
    this.maskOf = mask;
    this.gapOf = gap;
  }

  /** Two 32-bit hashes of a string object key and its channel into `k1`/`k2` (one pass, no allocation). */
  private hashKey(key: string, channel: number): void {
    let h1 = 0x811c9dc5 ^ channel;
    let h2 = 0x9747b28c + channel;
    for (let i = 0; i < key.length; i++) {
      const c = key.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 + c, 0x5bd1e995) ^ (h2 >>> 15);
    }
    this.k1 = h1 ^ (h1 >>> 16);
    this.k2 = h2;
  }

  /**
   * Pairs the action with the object's recent actions by other accounts (its last `maxPartners`), then records
   * it on the object. On busy channels (`discount`: terms, links, LSH buckets) only the `popularAccounts`
   * nearest partners in time are paired, since co-posting a busy hashtag or link is expected by chance.
   */
  private coact(
    k1: number,
    k2: number,
    channel: number,
    ts: number,
    self: number,
    seq: number,
    window: number,
    weight: number,
    discount: boolean,
  ): void {
    const log = this.log;
    const cfg = this.config;
    const n = log.scan(
      k1,
      k2,
      ts,
      self,
      window,
      cfg.maxPartners,
      discount ? cfg.popularAccounts : cfg.maxPartners,
    );
    const hitAcc = log.hitAcc;
    const hitGap = log.hitGap;
    for (let j = 0; j < n; j++) {
      const other = hitAcc[j] as number;
      const gap = hitGap[j] as number;
      if (this.stamp[other] !== seq) {
        this.stamp[other] = seq;
        this.maskOf[other] = channel;
        this.gapOf[other] = gap;
        this.weightOf[other] = weight;
        this.partners.push(other);
      } else {
        this.maskOf[other] = (this.maskOf[other] as number) | channel;
        if (gap < (this.gapOf[other] as number)) this.gapOf[other] = gap;
        if ((this.weightOf[other] as number) < weight) this.weightOf[other] = weight;
      }
    }
    log.append(k1, k2, self, ts);
  }

  private addCoaction(
    x: number,
    y: number,
    mask: number,
    gap: number,
    weight: number,
    ts: number,
  ): void {
    const lo = x < y ? x : y;
    const hi = x < y ? y : x;
    // Pre-filter: most pairs co-act once. Their decayed weight lives in a hashed table of numbers; a pair gets
    // an exact edge only once its bucket reaches PROMOTE_WEIGHT (a collision only promotes a pair early).
    const bucket = 2 * ((Math.imul(lo, 0x9e3779b1) ^ Math.imul(hi, 0x85ebca77)) & PREFILTER_MASK);
    const pre = this.pre;
    const pending = pre[bucket] as number;
    let carried = 0;
    if (pending >= 0) {
      if (pending === 0) this.sample(lo, hi);
      const at = pre[bucket + 1] as number;
      const decayed = ts > at ? pending * Math.exp((at - ts) * this.decayPerMs) : pending;
      if (decayed + weight < PROMOTE_WEIGHT) {
        pre[bucket] = decayed + weight;
        pre[bucket + 1] = ts > at ? ts : at;
        this.counters.coactions++;
        return;
      }
      carried = decayed;
      pre[bucket] = -1;
    }
    const key = lo * PAIR_SHIFT + hi;
    let edge = this.gen0.get(key);
    if (edge === undefined) {
      edge = this.gen1.get(key);
      if (edge === undefined) {
        edge = new Edge(lo, hi, ts);
        // The co-actions held in the pre-filter count as one earlier co-action.
        if (carried > 0) {
          edge.w = carried;
          edge.n = 1;
        }
      }
      this.gen0.set(key, edge);
    }
    if (ts > edge.t) {
      edge.w *= Math.exp((edge.t - ts) * this.decayPerMs);
      edge.t = ts;
    }
    edge.w += weight;
    edge.n++;
    edge.mask |= mask;
    if (gap < this.config.automationMs) edge.fast++;
    const s = gap / 1000;
    if (s < 1) edge.g0++;
    else if (s < 5) edge.g1++;
    else if (s < 15) edge.g2++;
    else if (s < 30) edge.g3++;
    else if (s < 60) edge.g4++;
    else edge.g5++;
    this.counters.coactions++;
    if (edge.strong) {
      this.dirty = true;
    } else if (edge.w >= this.config.minEdgeWeight) {
      edge.strong = true;
      this.strong.add(edge);
      this.dirty = true;
      const a = this.bySlot[edge.a];
      const b = this.bySlot[edge.b];
      if (a !== undefined) a.candidate = true;
      if (b !== undefined) b.candidate = true;
    }
  }

  // Uniform reservoir over the pairs that became active in this period: the percentile's population.
  private sample(lo: number, hi: number): void {
    this.reservoirSeen++;
    const key = lo * PAIR_SHIFT + hi;
    if (this.reservoir.length < RESERVOIR) {
      this.reservoir.push(key);
      return;
    }
    // Deterministic pseudo-random slot (replay gives the same threshold).
    const r = (Math.imul(this.reservoirSeen, 0x9e3779b1) >>> 0) % this.reservoirSeen;
    if (r < RESERVOIR) this.reservoir[r] = key;
  }

  /** Current decayed weight of a pair, from its edge or its pre-filter bucket. */
  private pairWeight(key: number, now: number): number {
    const edge = this.gen0.get(key) ?? this.gen1.get(key);
    if (edge !== undefined) return this.decayed(edge, now);
    const lo = Math.floor(key / PAIR_SHIFT);
    const hi = key - lo * PAIR_SHIFT;
    const bucket = 2 * ((Math.imul(lo, 0x9e3779b1) ^ Math.imul(hi, 0x85ebca77)) & PREFILTER_MASK);
    const w = this.pre[bucket] as number;
    if (w <= 0) return 0;
    const at = this.pre[bucket + 1] as number;
    return now > at ? w * Math.exp((at - now) * this.decayPerMs) : w;
  }

  private decayed(edge: Edge, now: number): number {
    return now > edge.t ? edge.w * Math.exp((edge.t - now) * this.decayPerMs) : edge.w;
  }

  private activityAt(account: AccountState, now: number): number {
    return now > account.activityAt
      ? account.activity * Math.exp((account.activityAt - now) * this.decayPerMs)
      : account.activity;
  }

  private percentileThreshold(now: number): number {
    // A percentile needs a population: with few active pairs only the minimum weight applies.
    if (this.reservoir.length < MIN_PERCENTILE_POPULATION) return 0;
    const weights = this.reservoir.map((k) => this.pairWeight(k, now)).sort((a, b) => a - b);
    const idx = Math.min(
      weights.length - 1,
      Math.floor(this.config.edgePercentile * weights.length),
    );
    return weights[idx] ?? 0;
  }

  private evaluate(now: number, out: ClusterUpdate[]): void {
    const started = performance.now();
    const cfg = this.config;
    this.counters.evaluations++;
    const threshold =
      this.strong.size === 0
        ? cfg.minEdgeWeight
        : Math.max(cfg.minEdgeWeight, this.percentileThreshold(now));
    this.lastThreshold = threshold;
    const retained: Edge[] = [];
    for (const edge of this.strong) {
      const w = this.decayed(edge, now);
      if (w < cfg.minEdgeWeight || now - edge.t > 2 * cfg.edgePeriodMs) {
        edge.strong = false;
        this.strong.delete(edge);
        continue;
      }
      if (w < threshold) continue;
      const a = this.bySlot[edge.a];
      const b = this.bySlot[edge.b];
      if (a === undefined || b === undefined) continue;
      // Hyperactive guard: the pair must be a real share of the busier account's recent activity.
      if (w / Math.max(this.activityAt(a, now), this.activityAt(b, now), 1) < cfg.minEdgeShare)
        continue;
      retained.push(edge);
    }
    const weighted: WeightedEdge[] = [];
    for (const e of retained) {
      weighted.push({
        a: (this.bySlot[e.a] as AccountState).id,
        b: (this.bySlot[e.b] as AccountState).id,
        w: this.decayed(e, now),
      });
    }
    const communities =
      weighted.length === 0
        ? []
        : findCommunities(weighted, cfg.minClusterSize, cfg.resolution, LOUVAIN_SEED);
    communities.sort((x, y) => y.length - x.length || (x[0] ?? '').localeCompare(y[0] ?? ''));

    const edgesBySlot = new Map<number, Edge[]>();
    for (const e of retained) {
      pushTo(edgesBySlot, e.a, e);
      pushTo(edgesBySlot, e.b, e);
    }
    const matched = new Set<string>();
    for (const members of communities) {
      const memberSet = new Set(members);
      const probe = this.snapshot(null, members, memberSet, edgesBySlot, now, threshold);
      if (!this.qualifies(probe)) continue;
      const cluster = this.match(members, matched);
      const snapshot: Cluster =
        cluster === null
          ? probe
          : {
              ...probe,
              id: cluster.id,
              members: probe.members.map((m) => ({ ...m, clusterId: cluster.id })),
            };
      if (cluster === null) {
        const created: ActiveCluster = {
          id: snapshot.id,
          members: memberSet,
          flaggedAt: now,
          lastFound: now,
          lastEmitted: now,
          emittedSize: members.length,
          emittedTopTerm: snapshot.terms[0] ?? null,
          snapshot,
        };
        this.active.set(created.id, created);
        matched.add(created.id);
        this.tagMembers(members, created.id);
        out.push({ change: 'new', cluster: snapshot });
        continue;
      }
      matched.add(cluster.id);
      snapshot.flaggedAt = cluster.snapshot.flaggedAt;
      if (Date.parse(cluster.snapshot.firstActivity) < Date.parse(snapshot.firstActivity)) {
        snapshot.firstActivity = cluster.snapshot.firstActivity;
      }
      cluster.members = memberSet;
      cluster.lastFound = now;
      cluster.snapshot = snapshot;
      this.tagMembers(members, cluster.id);
      const topTerm = snapshot.terms[0] ?? null;
      const grew =
        members.length >= cluster.emittedSize * 1.25 ||
        members.length <= cluster.emittedSize * 0.75;
      const changed = topTerm !== cluster.emittedTopTerm || members.length !== cluster.emittedSize;
      if (grew || (changed && now - cluster.lastEmitted >= REEMIT_MS)) {
        cluster.lastEmitted = now;
        cluster.emittedSize = members.length;
        cluster.emittedTopTerm = topTerm;
        out.push({ change: 'updated', cluster: snapshot });
      }
    }
    this.resolveStale(now, matched, out);
    this.counters.evaluationMs += performance.now() - started;
  }

  private resolveStale(now: number, matched: ReadonlySet<string>, out: ClusterUpdate[]): void {
    for (const cluster of [...this.active.values()]) {
      if (matched.has(cluster.id) || now - cluster.lastFound < this.config.resolveAfterMs) continue;
      this.active.delete(cluster.id);
      out.push({ change: 'resolved', cluster: { ...cluster.snapshot, status: 'resolved' } });
    }
  }

  /**
   * A group that only co-posts hashtags is held to automation-grade timing: without shared links, texts or
   * parents, co-posting a tag at human pace is what organic crowds do.
   */
  private qualifies(cluster: Cluster): boolean {
    const e = cluster.evidence;
    if (e.edges === 0) return false;
    const ch = e.channels;
    const strong = Math.max(ch.parent ?? 0, ch.url ?? 0, ch.text ?? 0, ch['near-text'] ?? 0);
    return (
      strong / e.edges >= this.config.minStrongShare ||
      e.fastShare >= this.config.termOnlyMinFastShare
    );
  }

  private tagMembers(members: readonly string[], id: string): void {
    for (const m of members) {
      const account = this.accounts.get(m);
      if (account !== undefined) account.clusterId = id;
    }
  }

  /** The active cluster sharing most members (at least half of the smaller group), not yet matched. */
  private match(members: readonly string[], matched: Set<string>): ActiveCluster | null {
    let best: ActiveCluster | null = null;
    let bestOverlap = 0;
    for (const cluster of this.active.values()) {
      if (matched.has(cluster.id)) continue;
      let overlap = 0;
      for (const m of members) if (cluster.members.has(m)) overlap++;
      if (overlap > bestOverlap && overlap * 2 >= Math.min(members.length, cluster.members.size)) {
        best = cluster;
        bestOverlap = overlap;
      }
    }
    return best;
  }

  private snapshot(
    id: string | null,
    members: readonly string[],
    memberSet: ReadonlySet<string>,
    edgesBySlot: Map<number, Edge[]>,
    now: number,
    threshold: number,
  ): Cluster {
    const cfg = this.config;
    const states = members
      .map((m) => this.accounts.get(m))
      .filter((a): a is AccountState => a !== undefined);
    let edges = 0;
    let coactions = 0;
    let fast = 0;
    let first = Number.POSITIVE_INFINITY;
    let last = Number.NEGATIVE_INFINITY;
    const gaps = [0, 0, 0, 0, 0, 0];
    const channels: Partial<Record<CoactionChannel, number>> = {};
    const edgeList: ClusterEdge[] = [];
    for (const a of states) {
      for (const e of edgesBySlot.get(a.slot) ?? []) {
        if (e.a !== a.slot) continue;
        const other = this.bySlot[e.b];
        if (other === undefined || !memberSet.has(other.id)) continue;
        edges++;
        coactions += e.n;
        fast += e.fast;
        if (e.first < first) first = e.first;
        if (e.t > last) last = e.t;
        gaps[0]! += e.g0;
        gaps[1]! += e.g1;
        gaps[2]! += e.g2;
        gaps[3]! += e.g3;
        gaps[4]! += e.g4;
        gaps[5]! += e.g5;
        const edgeChannels: CoactionChannel[] = [];
        for (const [bit, name] of CHANNEL_BITS) {
          if ((e.mask & bit) === 0) continue;
          channels[name] = (channels[name] ?? 0) + 1;
          edgeChannels.push(name);
        }
        edgeList.push({
          source: a.id,
          target: other.id,
          weight: round(this.decayed(e, now), 2),
          channels: edgeChannels,
        });
      }
    }
    edgeList.sort((x, y) => y.weight - x.weight);

    // Shared objects and pushed terms from members' recent actions.
    const objects = new Map<
      string,
      { channel: CoactionChannel; key: string; accounts: Set<string>; actions: number }
    >();
    const termPosts = new Map<string, number>();
    const nowMinute = Math.floor(now / MINUTE_MS);
    const since = now - cfg.amplificationWindowMs;
    const touch = (
      channel: CoactionChannel,
      key: string,
      account: string,
      display: string | null = null,
    ): void => {
      const k = `${channel}\u0000${key}`;
      let o = objects.get(k);
      if (o === undefined) {
        o = { channel, key: display ?? key, accounts: new Set(), actions: 0 };
        objects.set(k, o);
      }
      if (display !== null && o.key !== display) o.key = display;
      o.accounts.add(account);
      o.actions++;
    };
    for (const a of states) {
      for (let k = 0; k < a.ringLen; k++) {
        const i = a.slot * RING + k;
        const t = this.ringT[i] as number;
        for (let j = 0; j < 2; j++) {
          const term = this.ringTerm[2 * i + j] ?? null;
          if (term === null) continue;
          touch('term', term, a.id);
          if (t > since) termPosts.set(term, (termPosts.get(term) ?? 0) + 1);
        }
        // Keyed by hash; shown by the text when a member's entry still holds it.
        const urlHash = this.ringUrl[i] as number;
        if (urlHash !== 0)
          touch('url', `url:${urlHash.toString(16)}`, a.id, this.ringStr[2 * i] ?? null);
        const parentHash = this.ringParent[i] as number;
        if (parentHash !== 0) {
          touch('parent', `post:${parentHash.toString(16)}`, a.id, this.ringStr[2 * i + 1] ?? null);
        }
        const text = this.ringText[i] as number;
        if (text !== 0) touch('text', `text:${text.toString(16)}`, a.id);
      }
    }
    const sharedObjects: SharedObject[] = [...objects.values()]
      .filter((o) => o.accounts.size >= 2)
      .sort((x, y) => y.accounts.size - x.accounts.size || y.actions - x.actions)
      .slice(0, 10)
      .map((o) => ({
        channel: o.channel,
        key: o.key,
        accounts: o.accounts.size,
        actions: o.actions,
      }));
    const terms = [...termPosts.entries()]
      .map(([term, clusterPosts]) => {
        const totalPosts = Math.max(clusterPosts, this.volumes.get(term)?.total(nowMinute) ?? 0);
        return {
          term,
          clusterPosts,
          totalPosts,
          amplificationShare: round(clusterPosts / totalPosts, 3),
        };
      })
      .filter((t) => t.clusterPosts >= 2)
      .sort((x, y) => y.clusterPosts - x.clusterPosts || x.term.localeCompare(y.term))
      .slice(0, 10);

    const sims: number[] = [];
    const hashes = states
      .map((a) => a.lastMinhash)
      .filter((m): m is Uint32Array => m !== null)
      .slice(0, MAX_SIM_MEMBERS);
    for (let i = 0; i < hashes.length; i++) {
      for (let j = i + 1; j < hashes.length; j++)
        sims.push(minhashSimilarity(hashes[i]!, hashes[j]!));
    }
    const textSimilarity =
      sims.length === 0 ? null : round(sims.reduce((s, x) => s + x, 0) / sims.length, 3);

    const scores = states.map((a) => ({ ...scoreAccount(this.profile(a), now), clusterId: id }));
    const meanBot =
      scores.length === 0 ? 0 : scores.reduce((s, x) => s + x.score, 0) / scores.length;
    scores.sort((x, y) => y.score - x.score || x.accountId.localeCompare(y.accountId));
    const fastShare = coactions === 0 ? 0 : fast / coactions;
    const maxShare = terms.reduce((m, t) => Math.max(m, t.amplificationShare), 0);
    const clusterId =
      id ??
      `c${Math.floor(first === Number.POSITIVE_INFINITY ? now : first).toString(36)}-${hashString(members.join(','))}`;
    for (const s of scores) s.clusterId = clusterId;
    const evidence: CoordinationEvidence = {
      edges,
      coactions,
      fastShare: round(fastShare, 3),
      gapHistogram: GAP_BINS.map((lo, i) => ({
        lo,
        hi: GAP_BINS[i + 1] ?? null,
        count: gaps[i] ?? 0,
      })),
      channels,
      textSimilarity,
      sharedObjects,
      terms,
      windowMinutes: cfg.amplificationWindowMs / MINUTE_MS,
      edgeThreshold: round(threshold, 3),
      edgePercentile: cfg.edgePercentile,
      meanBotLikeness: round(meanBot, 3),
    };
    return {
      id: clusterId,
      status: 'active',
      accounts: [...members],
      size: members.length,
      score: round(Math.log2(1 + members.length) * (0.5 + fastShare) * (1 + maxShare), 2),
      terms: terms.map((t) => t.term),
      firstActivity: new Date(Number.isFinite(first) ? first : now).toISOString(),
      lastActivity: new Date(Number.isFinite(last) ? last : now).toISOString(),
      flaggedAt: new Date(now).toISOString(),
      evidence,
      members: scores.slice(0, MAX_MEMBER_SCORES),
      edges: edgeList.slice(0, MAX_EDGE_LIST),
    };
  }

  private sweepVolumes(now: number): void {
    const minute = Math.floor(now / MINUTE_MS);
    for (const [term, volume] of this.volumes) {
      if (volume.lastMinute < minute - volume.slots.length) this.volumes.delete(term);
    }
  }

  private sweepAccounts(now: number): void {
    const horizon = now - this.config.accountIdleMs;
    for (const [id, account] of this.accounts) {
      if (account.lastSeenMs >= horizon) continue;
      this.accounts.delete(id);
      this.bySlot[account.slot] = undefined;
      // Drop the slot's strings now rather than when the slot is reused.
      this.ringTerm.fill(null, 2 * account.slot * RING, 2 * (account.slot + 1) * RING);
      this.ringStr.fill(null, 2 * account.slot * RING, 2 * (account.slot + 1) * RING);
      this.freeSlots.push(account.slot);
    }
  }
}

function grownArray(from: readonly (string | null)[], size: number): (string | null)[] {
  const out = new Array<string | null>(size).fill(null);
  for (let i = 0; i < from.length; i++) out[i] = from[i] ?? null;
  return out;
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0 || 1;
}

function hashString(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(36);
}

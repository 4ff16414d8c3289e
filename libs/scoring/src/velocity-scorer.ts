import type { CountObservation, PostObservation } from '@spreadwatch/contracts';
import { intervalToMs } from '@spreadwatch/contracts';

import type { DetectorValues } from './detectors';
import {
  BurstAutomaton,
  cusumStep,
  laplaceTailScore,
  ScoreCalibration,
  SeasonalProfile,
  spreadScore,
} from './detectors';
import { isoToMs } from './iso-time';
import { poissonTailScore } from './poisson';
import { ReachForecaster } from './reach-forecast';
import { normalizeTerm, TermExtractor } from './terms';
import type { ScoringConfig, TermBucket, TermScore } from './types';

const MINUTE_MS = 60_000;
// A term whose window is empty and whose smoothed rate is below this stops emitting per-minute scores.
const DORMANT_RATE = 0.05;
// Window sums are float (spread aggregates); below this they are zero.
const ZERO = 1e-9;
// Idle terms are swept this often (minutes) rather than every minute.
const SWEEP_EVERY_MINUTES = 15;
// Shared result when nothing closes; frozen so a consumer cannot push into everyone's copy.
const NO_SCORES = Object.freeze([]) as unknown as TermScore[];
const NO_RELATED = Object.freeze([]) as unknown as string[];
// Mean absolute deviation × this estimates a normal standard deviation.
const MAD_TO_SD = 1.2533;
// Residuals beyond this many robust sd are clipped before they teach the scale (spikes must not widen it).
const SCALE_CLIP_SD = 4;
// A forecast episode ends after this many quiet minutes.
const EPISODE_END_MINUTES = 30;
// Co-occurrence counts with watched terms decay by this per minute (about a 5-minute memory).
const RELATED_DECAY = 0.8;
// A decayed co-occurrence count at or above this names the watched term as related.
const RELATED_MIN = 1.5;

/** Defaults of the spread score (docs/adr/0005-spread-score.md). */
export const DEFAULT_SCORING_CONFIG: Readonly<ScoringConfig> = Object.freeze({
  windowMinutes: 5,
  // An hour while the daily shape is unknown: the level itself must follow the daily cycle.
  baselineHalfLifeMinutes: 60,
  // Half a day once the hour-of-day profile carries the daily shape: the level only follows day-to-day drift,
  // so a level shift lasting hours is still measured against the old level.
  seasonalBaselineHalfLifeMinutes: 720,
  // Two days behind an hour slot before its profile is trusted to carry the shape (one day is one sample).
  seasonalLearnedDays: 2,
  coldStartRate: 0.2,
  allowedLatenessMs: 30_000,
  idleEvictMinutes: 180,
  warmupMinutes: 15,
  rateHalfLifeMinutes: 2,
  winsorSigma: 3,
  anomalyScore: 4,
  maxDispersion: 100,
  topAccountsLimit: 5,
  seasonality: true,
  // One day: the robust scale follows the noise of the term, not of the last spike.
  scaleHalfLifeMinutes: 1440,
  cusumRatio: 2,
  cusumCap: 30,
  burstRatio: 2,
  // ln(1000): a burst starting in any given minute is a priori a 1-in-1000 event.
  burstUpCost: Math.log(1000),
  forecastKernelMinutes: 5,
  forecastStartScore: 5,
  firstTimeAuthorsLimit: 20_000,
  // A week of memory; a day of nominal prior before a term's own history can discount its scores.
  calibrationHalfLifeMinutes: 10_080,
  calibrationPriorMinutes: 1440,
});

/** Adds watched terms of a post after its hashtags (see `WatchlistMatcher`). */
export interface TermMatcher {
  /** Appends the post's distinct watched terms to `out` from index `n`; returns the new length. */
  matchInto(post: PostObservation, out: string[], n: number): number;
}

/** Scorer counters, for logs and the bench. */
export interface ScorerStats {
  /** Terms held in memory (active and dormant). */
  terms: number;
  /** Terms emitting a score every minute. */
  activeTerms: number;
  /** Observations whose bucket had already closed. */
  lateDropped: number;
  /** Start (ms) of the next minute to close, or null before any data. */
  nextBucketStart: number | null;
}

interface OpenBucket {
  minute: number;
  count: number;
  reposts: number;
  firstTime: number;
  /** Authors behind aggregate counts (an aggregate counts each post as its own author). */
  aggregateAuthors: number;
  authors: Map<string, number>;
}

interface Spread {
  from: number;
  to: number;
  perMinute: number;
}

class TermState {
  activeIndex = -1;
  /** Minutes whose statistics have been learned. */
  n = 0;
  closedThrough: number;
  mean: number;
  dispersion = 1;
  rate = 0;
  windowSum = 0;
  readonly histCount: Float64Array;
  readonly histAggregate: Float64Array;
  readonly histAuthors: (Map<string, number> | null)[];
  /** Posts per author over the window, kept incrementally (add the closing minute, subtract the evicted one). */
  readonly windowAuthors = new Map<string, number>();
  readonly open: OpenBucket[] = [];
  hot: OpenBucket | null = null;
  spreads: Spread[] | null = null;
  readonly freeMaps: Map<string, number>[] = [];
  last: TermScore | null = null;
  /** Mean absolute deviation of the window count from its expectation (robust scale). */
  absDev = 0;
  cusum = 0;
  velocity = 0;
  readonly season: SeasonalProfile | null;
  readonly burst: BurstAutomaton;
  readonly calibration: ScoreCalibration;
  forecaster: ReachForecaster | null = null;
  /** Authors seen posting the term (first-time-author counts), bounded by config. */
  seen: Set<string> | null = null;
  /** Decayed co-occurrence counts with watched terms. */
  related: Map<string, number> | null = null;

  constructor(
    readonly term: string,
    public createdMinute: number,
    public lastSeenMinute: number,
    /** Born during warm-up: its baseline starts from its own data instead of the cold-start prior. */
    readonly learning: boolean,
    coldStartRate: number,
    windowMinutes: number,
    config: ScoringConfig,
  ) {
    this.season = config.seasonality ? new SeasonalProfile() : null;
    this.burst = new BurstAutomaton(config.burstRatio, config.burstUpCost);
    this.calibration = new ScoreCalibration(
      config.calibrationHalfLifeMinutes,
      config.calibrationPriorMinutes,
    );
    this.closedThrough = createdMinute - 1;
    this.mean = learning ? 0 : coldStartRate;
    this.histCount = new Float64Array(windowMinutes);
    this.histAggregate = new Float64Array(windowMinutes);
    this.histAuthors = new Array<Map<string, number> | null>(windowMinutes).fill(null);
  }

  bucketFor(minute: number): OpenBucket {
    const hot = this.hot;
    if (hot !== null && hot.minute === minute) return hot;
    for (const bucket of this.open) {
      if (bucket.minute === minute) {
        this.hot = bucket;
        return bucket;
      }
    }
    const bucket: OpenBucket = {
      minute,
      count: 0,
      reposts: 0,
      firstTime: 0,
      aggregateAuthors: 0,
      authors: this.freeMaps.pop() ?? new Map<string, number>(),
    };
    this.open.push(bucket);
    this.hot = bucket;
    return bucket;
  }

  takeBucket(minute: number): OpenBucket | undefined {
    const open = this.open;
    for (let i = 0; i < open.length; i++) {
      const bucket = open[i];
      if (bucket !== undefined && bucket.minute === minute) {
        const lastBucket = open.pop();
        if (lastBucket !== undefined && i < open.length) open[i] = lastBucket;
        if (this.hot === bucket) this.hot = null;
        return bucket;
      }
    }
    return undefined;
  }

  releaseMap(map: Map<string, number> | null): void {
    if (map === null) return;
    map.clear();
    this.freeMaps.push(map);
  }

  resetWindow(): void {
    for (let i = 0; i < this.histCount.length; i++) {
      this.histCount[i] = 0;
      this.histAggregate[i] = 0;
      this.releaseMap(this.histAuthors[i] ?? null);
      this.histAuthors[i] = null;
    }
    this.windowAuthors.clear();
    this.windowSum = 0;
  }
}

/**
 * Per-term velocity scoring over one-minute event-time buckets (see ADR 0002).
 *
 * Pure: time comes only from observation timestamps and `advanceTo`. A minute closes once its end plus
 * `allowedLatenessMs` is at or before the event time passed to `advanceTo`; observations for a closed minute
 * are dropped and counted in `stats().lateDropped`.
 */
export class VelocityScorer {
  /** The effective configuration (defaults merged with the constructor's overrides). */
  readonly config: Readonly<ScoringConfig>;
  private readonly windowMinutes: number;
  private readonly alpha: number;
  private readonly seasonalAlpha: number;
  private readonly rateAlpha: number;
  private readonly scaleAlpha: number;
  private readonly terms = new Map<string, TermState>();
  private readonly active: TermState[] = [];
  private readonly extractor = new TermExtractor();
  private readonly termScratch: string[] = [];
  private matcher: TermMatcher | null = null;
  private nextClose = Number.NaN;
  private warmupEnd = Number.NaN;
  /** Terms first seen before this minute learn from their own data; later ones start from the cold-start prior. */
  private learnEnd = Number.NaN;
  private maxDataMinute = Number.NEGATIVE_INFINITY;
  private lastSweep = Number.NEGATIVE_INFINITY;
  private lateDropped = 0;

  constructor(config: Partial<ScoringConfig> = {}) {
    const merged: ScoringConfig = { ...DEFAULT_SCORING_CONFIG, ...config };
    validateConfig(merged);
    this.config = Object.freeze(merged);
    this.windowMinutes = merged.windowMinutes;
    this.alpha = 1 - 2 ** (-1 / merged.baselineHalfLifeMinutes);
    this.seasonalAlpha = 1 - 2 ** (-1 / merged.seasonalBaselineHalfLifeMinutes);
    this.rateAlpha = 1 - 2 ** (-1 / merged.rateHalfLifeMinutes);
    this.scaleAlpha = 1 - 2 ** (-1 / merged.scaleHalfLifeMinutes);
  }

  /**
   * Adds watchlist terms (keywords, phrases, synonym groups) to every later post's hashtags; null removes them.
   * Swappable at any time (an edited watchlist applies from the next post).
   */
  setMatcher(matcher: TermMatcher | null): void {
    this.matcher = matcher;
  }

  /**
   * Counts a post once for each of its terms in the minute of `tsMs` (its event time, ms since epoch).
   * Returns false when the post was dropped because its minute has already closed.
   */
  observePost(post: PostObservation, tsMs: number): boolean {
    const minute = Math.floor(tsMs / MINUTE_MS);
    if (!Number.isFinite(minute)) return false;
    this.start(tsMs);
    if (minute < this.nextClose) {
      this.lateDropped++;
      return false;
    }
    const terms = this.termScratch;
    const tags = this.extractor.extractInto(post, terms);
    const matcher = this.matcher;
    const n = matcher === null ? tags : matcher.matchInto(post, terms, tags);
    if (n === 0) return true;
    if (minute > this.maxDataMinute) this.maxDataMinute = minute;
    const authorId = post.author.id;
    const repost = post.kind === 'repost' ? 1 : 0;
    const seenLimit = this.config.firstTimeAuthorsLimit;
    for (let i = 0; i < n; i++) {
      const state = this.stateFor(terms[i] as string, minute);
      const bucket = state.bucketFor(minute);
      bucket.count++;
      bucket.reposts += repost;
      const perAuthor = bucket.authors.get(authorId);
      bucket.authors.set(authorId, (perAuthor ?? 0) + 1);
      if (perAuthor === undefined) {
        const seen = (state.seen ??= new Set<string>());
        if (!seen.has(authorId) && seen.size < seenLimit) {
          seen.add(authorId);
          bucket.firstTime++;
        }
      }
      if (minute > state.lastSeenMinute) state.lastSeenMinute = minute;
      // Hashtags co-occurring with watched terms: the "related rising terms" signal.
      if (i < tags && n > tags) {
        const related = (state.related ??= new Map<string, number>());
        for (let j = tags; j < n; j++) {
          const watched = terms[j] as string;
          related.set(watched, (related.get(watched) ?? 0) + 1);
        }
      }
    }
    return true;
  }

  /**
   * Adds an aggregate count for its (normalised) term. A count over more than one minute is spread evenly over
   * the minutes it covers. Aggregates carry no authors, so each counted post is taken as its own author
   * (uniqueAuthors = count): author gates cannot hold aggregates back. Returns false when entirely late.
   */
  observeCount(count: CountObservation): boolean {
    const tsMs = isoToMs(count.ts);
    const intervalMs = intervalToMs(count.interval);
    const term = normalizeTerm(count.term);
    const first = Math.floor(tsMs / MINUTE_MS);
    if (!Number.isFinite(first) || !(intervalMs > 0) || term.length === 0) return false;
    this.start(tsMs);
    const minutes = Math.max(1, Math.ceil(intervalMs / MINUTE_MS));
    const last = first + minutes - 1;
    const from = Math.max(first, this.nextClose);
    if (from > last) {
      this.lateDropped++;
      return false;
    }
    if (from > first) this.lateDropped++;
    if (last > this.maxDataMinute) this.maxDataMinute = last;
    const state = this.stateFor(term, from);
    if (last > state.lastSeenMinute) state.lastSeenMinute = last;
    const perMinute = count.count / minutes;
    if (minutes === 1) {
      const bucket = state.bucketFor(from);
      bucket.count += perMinute;
      bucket.aggregateAuthors += perMinute;
    } else {
      (state.spreads ??= []).push({ from, to: last, perMinute });
    }
    return true;
  }

  /** Event time (ms) at which the next minute can close; Infinity before any data. */
  nextCloseAt(): number {
    return Number.isNaN(this.nextClose)
      ? Number.POSITIVE_INFINITY
      : (this.nextClose + 1) * MINUTE_MS + this.config.allowedLatenessMs;
  }

  /**
   * Closes every minute whose end + allowedLateness ≤ `eventTimeMs` and returns their scores in time order: one
   * per active term per minute, empty minutes included, so rates decay. Returns a shared empty array when
   * nothing closes.
   */
  advanceTo(eventTimeMs: number): TermScore[] {
    if (Number.isNaN(this.nextClose)) return NO_SCORES;
    const last = Math.floor((eventTimeMs - this.config.allowedLatenessMs) / MINUTE_MS) - 1;
    return this.closeThrough(last);
  }

  /** Closes every minute that holds data, whatever the lateness (end of a replay). */
  flush(): TermScore[] {
    if (Number.isNaN(this.nextClose) || !Number.isFinite(this.maxDataMinute)) return NO_SCORES;
    return this.closeThrough(this.maxDataMinute);
  }

  /**
   * Restores state after a restart from stored minute buckets (any order), by learning them exactly as if they
   * had been observed; window unique authors then add up per-minute uniques. Must be called before any
   * observation. Observations for minutes up to the newest bucket are late afterwards.
   */
  warm(buckets: readonly TermBucket[]): void {
    if (!Number.isNaN(this.nextClose)) {
      throw new Error('VelocityScorer.warm() must be called before any observation');
    }
    if (buckets.length === 0) return;
    const sorted = [...buckets].sort((a, b) => a.start - b.start);
    const firstStart = (sorted[0] as TermBucket).start;
    this.nextClose = Math.floor(firstStart / MINUTE_MS);
    this.warmupEnd = this.nextClose + this.config.warmupMinutes;
    this.learnEnd = this.nextClose + Math.min(this.windowMinutes, this.config.warmupMinutes);
    for (const stored of sorted) {
      const minute = Math.floor(stored.start / MINUTE_MS);
      this.closeThrough(minute - 1);
      const term = normalizeTerm(stored.term);
      if (term.length === 0) continue;
      const state = this.stateFor(term, minute);
      const bucket = state.bucketFor(minute);
      bucket.count += stored.count;
      bucket.aggregateAuthors += stored.uniqueAuthors;
      if (minute > state.lastSeenMinute) state.lastSeenMinute = minute;
      if (minute > this.maxDataMinute) this.maxDataMinute = minute;
    }
    this.flush();
  }

  /** The newest score of every active term (the "rising terms" board sorts these). */
  latest(): TermScore[] {
    const out: TermScore[] = [];
    for (const state of this.active) if (state.last !== null) out.push(state.last);
    return out;
  }

  /** The `limit` active terms with the highest newest score, ties broken by velocity. */
  topTerms(limit: number): TermScore[] {
    return this.latest()
      .sort((a, b) => b.score - a.score || b.velocity - a.velocity || (a.term < b.term ? -1 : 1))
      .slice(0, limit);
  }

  stats(): ScorerStats {
    return {
      terms: this.terms.size,
      activeTerms: this.active.length,
      lateDropped: this.lateDropped,
      nextBucketStart: Number.isNaN(this.nextClose) ? null : this.nextClose * MINUTE_MS,
    };
  }

  private start(tsMs: number): void {
    if (!Number.isNaN(this.nextClose)) return;
    // The first minute still accepts data up to allowedLateness older than the first observation.
    this.nextClose = Math.floor((tsMs - this.config.allowedLatenessMs) / MINUTE_MS);
    this.warmupEnd = this.nextClose + this.config.warmupMinutes;
    this.learnEnd = this.nextClose + Math.min(this.windowMinutes, this.config.warmupMinutes);
  }

  private stateFor(term: string, minute: number): TermState {
    let state = this.terms.get(term);
    if (state !== undefined && state.activeIndex < 0) {
      state = this.wake(state);
    }
    if (state === undefined) {
      state = this.createState(term, minute);
    } else if (minute < state.createdMinute && state.n === 0) {
      // Out-of-order data (within lateness) for a term not yet scored moves its birth earlier.
      state.createdMinute = minute;
      state.closedThrough = minute - 1;
    }
    return state;
  }

  private createState(term: string, minute: number): TermState {
    const state = new TermState(
      term,
      minute,
      minute,
      minute < this.learnEnd,
      this.config.coldStartRate,
      this.windowMinutes,
      this.config,
    );
    this.terms.set(term, state);
    this.activate(state);
    return state;
  }

  /** Brings a dormant term up to date with the empty minutes it skipped, or forgets it if idle too long. */
  private wake(state: TermState): TermState | undefined {
    const through = this.nextClose - 1;
    if (through - state.lastSeenMinute >= this.config.idleEvictMinutes) {
      this.terms.delete(state.term);
      return undefined;
    }
    for (let m = state.closedThrough + 1; m <= through; m++) {
      const mu = this.baselineAt(state, m);
      const lambda = mu * this.covered(state, m);
      this.learn(state, m, 0, 0, lambda, mu, 0, m >= this.warmupEnd);
      state.rate -= this.rateAlpha * state.rate;
      state.closedThrough = m;
    }
    // A dormant term has no running change or burst.
    state.cusum = 0;
    state.velocity = 0;
    state.burst.reset();
    if (state.forecaster !== null) state.forecaster.active = false;
    this.activate(state);
    return state;
  }

  private activate(state: TermState): void {
    state.activeIndex = this.active.length;
    this.active.push(state);
  }

  private deactivate(index: number): void {
    const state = this.active[index];
    const lastState = this.active.pop();
    if (state === undefined || lastState === undefined) return;
    if (lastState !== state) {
      this.active[index] = lastState;
      lastState.activeIndex = index;
    }
    state.activeIndex = -1;
    state.resetWindow();
  }

  private closeThrough(last: number): TermScore[] {
    if (!(last >= this.nextClose)) return NO_SCORES;
    let out: TermScore[] | null = null;
    for (let m = this.nextClose; m <= last; m++) {
      if (this.active.length === 0) break;
      for (let i = 0; i < this.active.length;) {
        const state = this.active[i] as TermState;
        if (state.createdMinute > m) {
          i++;
          continue;
        }
        (out ??= []).push(this.closeMinute(state, m));
        if (this.isQuiet(state)) this.deactivate(i);
        else i++;
      }
      this.nextClose = m + 1;
      if (m - this.lastSweep >= SWEEP_EVERY_MINUTES) this.sweep(m);
    }
    this.nextClose = last + 1;
    if (last - this.lastSweep >= SWEEP_EVERY_MINUTES) this.sweep(last);
    return out ?? NO_SCORES;
  }

  private closeMinute(state: TermState, m: number): TermScore {
    const bucket = state.takeBucket(m);
    let count = 0;
    let aggregate = 0;
    let authors: Map<string, number> | null = null;
    if (bucket !== undefined) {
      count = bucket.count;
      aggregate = bucket.aggregateAuthors;
      authors = bucket.authors;
    }
    if (state.spreads !== null) {
      const spreads = state.spreads;
      for (let i = 0; i < spreads.length;) {
        const spread = spreads[i] as Spread;
        if (spread.from <= m && m <= spread.to) {
          count += spread.perMinute;
          aggregate += spread.perMinute;
        }
        if (spread.to <= m) {
          spreads[i] = spreads[spreads.length - 1] as Spread;
          spreads.pop();
        } else i++;
      }
      if (spreads.length === 0) state.spreads = null;
    }

    const slot = m % this.windowMinutes;
    state.windowSum += count - (state.histCount[slot] ?? 0);
    state.histCount[slot] = count;
    state.histAggregate[slot] = aggregate;
    const windowAuthors = state.windowAuthors;
    const evicted = state.histAuthors[slot] ?? null;
    if (evicted !== null) {
      for (const [id, n] of evicted) {
        const left = (windowAuthors.get(id) ?? 0) - n;
        if (left > 0) windowAuthors.set(id, left);
        else windowAuthors.delete(id);
      }
      state.releaseMap(evicted);
    }
    if (authors !== null && authors.size > 0) {
      for (const [id, n] of authors) windowAuthors.set(id, (windowAuthors.get(id) ?? 0) + n);
      state.histAuthors[slot] = authors;
    } else {
      state.histAuthors[slot] = null;
      if (authors !== null) state.releaseMap(authors);
    }
    if (state.windowSum < ZERO) state.windowSum = 0;

    const windowCount = state.windowSum;
    const config = this.config;
    const covered = this.covered(state, m);
    const mu = this.baselineAt(state, m);
    const lambda = mu * covered;
    const scoring = m >= this.warmupEnd;

    // Robust z in log space: log ratio of window to expectation over its mean absolute deviation, never below
    // what Poisson noise alone gives. Multiplicative (heavy-tailed) noise is the norm for busy terms.
    const logScale = Math.max(state.absDev, poissonLogScale(lambda));
    const z = Math.log((windowCount + 1) / (lambda + 1)) / logScale;
    // Count-model dispersion: quasi-Poisson φ, or the negative-binomial variance λ + (λ·sd_log)² that the
    // log-scale noise implies, whichever is larger.
    const sdLog = MAD_TO_SD * state.absDev;
    const dispersion = Math.min(
      Math.max(this.dispersionOf(state), 1 + lambda * sdLog * sdLog),
      config.maxDispersion,
    );
    const sigma = Math.sqrt(lambda * dispersion);
    state.cusum = scoring
      ? cusumStep(state.cusum, count, mu, dispersion, config.cusumRatio, config.cusumCap)
      : 0;
    let burstLevel = state.burst.step(count, mu, dispersion);
    // Back at or below the baseline: the process is in control again, so the path statistics restart from zero
    // (Page's CUSUM after a return to control); otherwise they would drain for hours at a low baseline.
    if (windowCount <= lambda) {
      state.cusum = 0;
      state.burst.reset();
      burstLevel = 0;
    }
    const detectors: DetectorValues = {
      poisson:
        scoring && windowCount > lambda
          ? poissonTailScore(windowCount / dispersion, lambda / dispersion)
          : 0,
      robustZ: scoring ? laplaceTailScore(z) : 0,
      cusum: state.cusum,
      burst: scoring ? state.burst.evidence() : 0,
    };
    const contributions: DetectorValues = { poisson: 0, robustZ: 0, cusum: 0, burst: 0 };
    const rawScore = spreadScore(detectors, contributions);
    const score = state.calibration.calibrate(rawScore);
    if (scoring) state.calibration.record(rawScore);
    const baseline = lambda / covered;

    const previousRate = state.rate;
    const previousVelocity = state.velocity;
    state.rate =
      state.learning && state.n === 0
        ? count
        : previousRate + this.rateAlpha * (count - previousRate);
    state.velocity = state.rate - previousRate;
    // Cold-start terms learn robustly from birth, even during warm-up.
    this.learn(
      state,
      m,
      count,
      windowCount,
      lambda,
      mu,
      detectors.poisson,
      scoring || !state.learning,
    );
    state.closedThrough = m;

    const noise = Math.sqrt(mu * dispersion);
    let forecaster = state.forecaster;
    if (
      scoring &&
      score >= config.forecastStartScore &&
      (forecaster === null || !forecaster.active)
    ) {
      forecaster ??= state.forecaster = new ReachForecaster(config.forecastKernelMinutes);
      // The episode starts with the window that raised the score, oldest minute first.
      const first = m - covered + 1;
      forecaster.start(first);
      for (let k = first; k < m; k++) {
        forecaster.step(
          state.histCount[k % this.windowMinutes] ?? 0,
          mu,
          noise,
          EPISODE_END_MINUTES,
        );
      }
    }
    let forecast = null;
    if (forecaster !== null && forecaster.active) {
      forecaster.step(count, mu, noise, EPISODE_END_MINUTES);
      forecast = forecaster.forecast(mu);
    }

    let related: string[] = NO_RELATED;
    if (state.related !== null) {
      for (const [watched, n] of state.related) {
        if (n >= RELATED_MIN) (related === NO_RELATED ? (related = []) : related).push(watched);
        const left = n * RELATED_DECAY;
        if (left < 0.05) state.related.delete(watched);
        else state.related.set(watched, left);
      }
      if (state.related.size === 0) state.related = null;
    }

    let windowAggregate = 0;
    for (let i = 0; i < this.windowMinutes; i++) windowAggregate += state.histAggregate[i] ?? 0;
    // Per-minute band: the robust window scale spread over the minutes it covers, at least Poisson noise.
    const sd1 = Math.max(Math.sqrt(mu * dispersion), sigma / Math.sqrt(covered));
    const posts = bucket?.count ?? 0;

    const result: TermScore = {
      term: state.term,
      bucketStart: m * MINUTE_MS,
      count,
      uniqueAuthors: (authors?.size ?? 0) + aggregate,
      rate: state.rate,
      baseline,
      velocity: state.velocity,
      score,
      windowCount,
      windowMinutes: this.windowMinutes,
      expectedWindowCount: lambda,
      windowUniqueAuthors: windowAuthors.size + windowAggregate,
      windowAggregateCount: windowAggregate,
      topAccounts: topEntries(windowAuthors, config.topAccountsLimit),
      dispersion,
      baselineLower: Math.max(0, baseline - 2 * sd1),
      baselineUpper: baseline + 2 * sd1,
      acceleration: state.velocity - previousVelocity,
      firstTimeAuthors: bucket?.firstTime ?? 0,
      repostShare: posts > 0 ? (bucket?.reposts ?? 0) / posts : 0,
      robustZ: z,
      burstLevel,
      detectors,
      contributions,
      forecast,
      related,
    };
    state.last = result;
    return result;
  }

  /** Minutes of the window the term has existed for (a newborn term's window is shorter). */
  private covered(state: TermState, m: number): number {
    return Math.min(this.windowMinutes, m - state.createdMinute + 1);
  }

  /** Expected posts per minute at minute m: seasonal level, never below the cold-start prior. */
  private baselineAt(state: TermState, m: number): number {
    const level = state.season === null ? state.mean : state.mean * state.season.factor(m);
    return Math.max(level, this.config.coldStartRate);
  }

  private dispersionOf(state: TermState): number {
    return Math.min(Math.max(state.dispersion, 1), this.config.maxDispersion);
  }

  /**
   * Updates the baseline from one closed minute. Once scoring, the minute count is winsorised at
   * baseline + winsorSigma·sqrt(φ·baseline) so a spike barely lifts its own baseline, and minutes that score as
   * anomalous do not update the dispersion either. The level is learned deseasonalised (count / seasonal
   * factor); the profile learns the count against the level.
   */
  private learn(
    state: TermState,
    m: number,
    count: number,
    windowCount: number,
    lambda: number,
    mu: number,
    poissonScore: number,
    robust: boolean,
  ): void {
    const config = this.config;
    const first = state.n === 0;
    const season = state.season;
    // The level learns slowly once this hour's seasonal factor is established (see the config defaults).
    const levelAlpha =
      season !== null && season.learnedDays(m) >= config.seasonalLearnedDays
        ? this.seasonalAlpha
        : this.alpha;
    const a = state.learning ? Math.max(levelAlpha, 1 / (state.n + 1)) : levelAlpha;
    state.n++;
    const dispersion = this.dispersionOf(state);
    let x = count;
    if (robust) {
      const cap = mu + config.winsorSigma * Math.sqrt(dispersion * mu);
      if (x > cap) x = cap;
    }
    // The first minute of a learning term has no baseline to deviate from. Upper semi-variance (×2): only
    // excess counts are noise we must not alert on, and a dying term must not widen the noise of its comeback.
    if (!(state.learning && first) && poissonScore < config.anomalyScore && lambda > 0) {
      const deviation = windowCount > lambda ? windowCount - lambda : 0;
      let z2 = (2 * deviation * deviation) / lambda;
      const limit = config.winsorSigma * config.winsorSigma * dispersion;
      if (robust && z2 > limit) z2 = limit;
      state.dispersion += a * (z2 - state.dispersion);
    }
    if (!(state.learning && first)) {
      const scale = Math.max(state.absDev, poissonLogScale(lambda));
      let r = Math.abs(Math.log((windowCount + 1) / (lambda + 1)));
      if (r > SCALE_CLIP_SD * scale) r = SCALE_CLIP_SD * scale;
      const aScale = Math.max(this.scaleAlpha, 1 / (state.n + 1));
      state.absDev += aScale * (r - state.absDev);
    }
    if (season === null) {
      state.mean += a * (x - state.mean);
    } else {
      const factor = season.factor(m);
      season.learn(m, x, state.mean);
      state.mean += a * (x / factor - state.mean);
    }
  }

  private isQuiet(state: TermState): boolean {
    if (state.open.length > 0 || state.spreads !== null || state.rate >= DORMANT_RATE) return false;
    let sum = 0;
    for (let i = 0; i < state.histCount.length; i++) sum += state.histCount[i] ?? 0;
    return sum < ZERO;
  }

  private sweep(m: number): void {
    this.lastSweep = m;
    for (const [term, state] of this.terms) {
      if (state.activeIndex < 0 && m - state.lastSeenMinute >= this.config.idleEvictMinutes) {
        this.terms.delete(term);
      }
    }
  }
}

/** Mean absolute deviation of log((X+1)/(λ+1)) under Poisson noise alone (delta method, MAD ≈ 0.8 sd). */
function poissonLogScale(lambda: number): number {
  return (0.8 * Math.sqrt(lambda)) / (lambda + 1) + 1e-3;
}

/**
 * Top `limit` entries by count; ties keep the map's insertion order (first poster first), which is
 * deterministic and spares string comparisons in this per-term-per-minute loop.
 */
function topEntries(map: Map<string, number>, limit: number): { id: string; count: number }[] {
  const top: { id: string; count: number }[] = [];
  if (limit <= 0 || map.size === 0) return top;
  let weakest = 0;
  for (const [id, count] of map) {
    if (top.length === limit) {
      if (count <= weakest) continue;
      top.pop();
    }
    let i = top.length;
    while (i > 0 && (top[i - 1] as { count: number }).count < count) i--;
    top.splice(i, 0, { id, count });
    weakest = (top[top.length - 1] as { count: number }).count;
  }
  return top;
}

function validateConfig(config: ScoringConfig): void {
  const problems: string[] = [];
  if (!Number.isInteger(config.windowMinutes) || config.windowMinutes < 1) {
    problems.push('windowMinutes must be an integer ≥ 1');
  }
  if (!(config.baselineHalfLifeMinutes > 0)) problems.push('baselineHalfLifeMinutes must be > 0');
  if (!(config.seasonalBaselineHalfLifeMinutes > 0)) {
    problems.push('seasonalBaselineHalfLifeMinutes must be > 0');
  }
  if (!(config.rateHalfLifeMinutes > 0)) problems.push('rateHalfLifeMinutes must be > 0');
  if (!(config.coldStartRate > 0)) problems.push('coldStartRate must be > 0');
  if (!(config.allowedLatenessMs >= 0)) problems.push('allowedLatenessMs must be ≥ 0');
  if (!(config.idleEvictMinutes >= config.windowMinutes)) {
    problems.push('idleEvictMinutes must be ≥ windowMinutes');
  }
  if (!(config.warmupMinutes >= 0)) problems.push('warmupMinutes must be ≥ 0');
  if (!(config.maxDispersion >= 1)) problems.push('maxDispersion must be ≥ 1');
  if (problems.length > 0) throw new RangeError(`invalid scoring config: ${problems.join('; ')}`);
}

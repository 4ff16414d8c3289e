import type { DetectorValues } from './detectors';

/** Per-term one-minute bucket: what is stored and what the scorer learns from. */
export interface TermBucket {
  term: string;
  /** Bucket start, ms since epoch, aligned to the minute. */
  start: number;
  count: number;
  uniqueAuthors: number;
}

/** The score of one closed minute of one term. */
export interface TermScore {
  term: string;
  /** Bucket start, ms since epoch. */
  bucketStart: number;
  count: number;
  uniqueAuthors: number;
  /** Smoothed posts per minute. */
  rate: number;
  /** Expected posts per minute learned from the term's past. */
  baseline: number;
  /** Change of the smoothed rate per minute. */
  velocity: number;
  /** Spread score: how unusual the recent window is against the baseline, calibrated per term (ADR 0005). */
  score: number;
  /** Posts in the scoring window (the last `windowMinutes` minutes). */
  windowCount: number;
  windowMinutes: number;
  /** Posts the baseline expects in that window. */
  expectedWindowCount: number;
  /** Distinct authors over the scoring window. */
  windowUniqueAuthors: number;
  /**
   * Part of `windowCount` that came from aggregate count observations (no individual posts behind it); absent
   * means 0. Absolute post gates (minimum volume) apply to posts, not to a source's aggregate counts.
   */
  windowAggregateCount?: number;
  /** Top authors over the scoring window (pseudonymous ids as given by the source). */
  topAccounts: { id: string; count: number }[];
  /** Dispersion factor φ ≥ 1 used to scale the Poisson statistic (quasi-Poisson; 1 = pure Poisson noise). */
  dispersion: number;
  /** Lower edge of the usual per-minute band (baseline − 2 robust sd, ≥ 0). */
  baselineLower: number;
  /** Upper edge of the usual per-minute band (baseline + 2 robust sd). */
  baselineUpper: number;
  /** Change of the velocity per minute. */
  acceleration: number;
  /** Authors posting the term for the first time (as far as the scorer remembers) in this minute. */
  firstTimeAuthors: number;
  /** Share of this minute's posts that are reposts (0 for aggregates). */
  repostShare: number;
  /** Robust z of the window count: (window − expected) / robust scale. */
  robustZ: number;
  /** Kleinberg burst level: 0 = base rate, k = about burstRatio^k × base. */
  burstLevel: number;
  /** Each detector's value (log10-evidence units, before the multiple-test correction). */
  detectors: DetectorValues;
  /**
   * Share of the raw (uncalibrated) score per detector; they add up to it. The raw score is the most significant
   * detector less log10 4, credited wholly to that detector (ADR 0005).
   */
  contributions: DetectorValues;
  /** Reach forecast of the running episode, or null when the term is not in one. */
  forecast: ReachForecast | null;
  /** Watchlist terms this term co-occurred with over the window (related rising terms); empty if none. */
  related: string[];
}

/** Self-exciting reach forecast of a term's running episode (counts are posts above the baseline). */
export interface ReachForecast {
  /** Episode start, ms since epoch (minute-aligned). */
  onset: number;
  /** Current expected posts per minute: baseline plus self-excitation. */
  intensity: number;
  /** Estimated mean direct offspring per post. */
  branching: number;
  /** Branching ≥ 1: the episode grows without bound until something external stops it. */
  supercritical: boolean;
  /** Excess posts observed since onset. */
  observed: number;
  /** Predicted final excess size (branching capped at 0.95 when supercritical). */
  finalSize: number;
  /** 90% interval of the final size. */
  finalLow: number;
  finalHigh: number;
}

export interface ScoringConfig {
  /** Minutes summed for the window statistic. */
  windowMinutes: number;
  /** Half-life, in minutes, of the baseline level's exponential memory while the daily profile is unknown. */
  baselineHalfLifeMinutes: number;
  /** Half-life, in minutes, of the baseline level once the hour-of-day profile is learned (ADR 0005). */
  seasonalBaselineHalfLifeMinutes: number;
  /** Days of data an hour-of-day slot needs before the level switches to the seasonal half-life. */
  seasonalLearnedDays: number;
  /** Prior posts per minute assumed for a term never seen before (cold start). */
  coldStartRate: number;
  /** How late (ms of event time) an observation may arrive and still be counted in its bucket. */
  allowedLatenessMs: number;
  /** Terms with no post for this long are forgotten (memory bound). */
  idleEvictMinutes: number;
  /**
   * Minutes after the first observation during which terms are learned but not scored: at the start of a stream
   * every term looks new, so only terms first seen after this get the cold-start prior.
   */
  warmupMinutes: number;
  /** Half-life, in minutes, of the smoothed rate reported as `rate`. */
  rateHalfLifeMinutes: number;
  /** Upper winsorisation of baseline updates, in standard deviations above the baseline. */
  winsorSigma: number;
  /** Minutes scoring at or above this do not update the dispersion estimate (a spike must not widen its own noise). */
  anomalyScore: number;
  /** Cap of the dispersion factor φ. */
  maxDispersion: number;
  /** How many top accounts a score carries. */
  topAccountsLimit: number;
  /** Learn daily and weekly profiles per term (multiplicative hour-of-day × day-of-week factors). */
  seasonality: boolean;
  /** Half-life, in minutes, of the robust scale (mean absolute deviation) of the window count. */
  scaleHalfLifeMinutes: number;
  /** Rate multiple the CUSUM is tuned to detect. */
  cusumRatio: number;
  /** Cap of the CUSUM statistic, log10 units. */
  cusumCap: number;
  /** Rate multiple between burst levels of the Kleinberg automaton. */
  burstRatio: number;
  /** Cost of moving up one burst level, nats (−ln of the prior odds of a burst starting in a minute). */
  burstUpCost: number;
  /** Mean delay, in minutes, of the self-exciting kernel of the reach forecast. */
  forecastKernelMinutes: number;
  /** A forecast episode starts when the spread score reaches this. */
  forecastStartScore: number;
  /** Authors remembered per term for first-time-author counts (memory bound). */
  firstTimeAuthorsLimit: number;
  /** Half-life, in minutes, of the term's own score history used to calibrate its score. */
  calibrationHalfLifeMinutes: number;
  /** Weight, in minutes, of the nominal tail prior in that calibration. */
  calibrationPriorMinutes: number;
}

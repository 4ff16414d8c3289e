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
  /** Spread score: how unusual the recent window is against the baseline (see ADR 0002). */
  score: number;
  /** Posts in the scoring window (the last `windowMinutes` minutes). */
  windowCount: number;
  windowMinutes: number;
  /** Posts the baseline expects in that window. */
  expectedWindowCount: number;
  /** Distinct authors over the scoring window. */
  windowUniqueAuthors: number;
  /** Top authors over the scoring window (pseudonymous ids as given by the source). */
  topAccounts: { id: string; count: number }[];
  /** Dispersion factor φ ≥ 1 used to scale the Poisson statistic (quasi-Poisson; 1 = pure Poisson noise). */
  dispersion: number;
}

export interface ScoringConfig {
  /** Minutes summed for the window statistic. */
  windowMinutes: number;
  /** Half-life, in minutes, of the baseline's exponential memory. */
  baselineHalfLifeMinutes: number;
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
}

import type { ReachForecast } from './types';

// One-sided 90% interval: ±1.645 standard errors of the branching estimate.
const Z90 = 1.645;
// Branching used for the point forecast is capped here; at or above 1 the term is flagged supercritical.
const MAX_BRANCHING = 0.95;
// Until this many excess posts are explained, the branching estimate leans on the prior.
const PRIOR_WEIGHT = 5;
const PRIOR_BRANCHING = 0.5;

/**
 * SEISMIC-style self-exciting reach forecast of one term episode, on per-minute excess counts
 * y = max(0, x − μ) over the seasonal baseline μ. Each excess post excites later posts through a discrete
 * exponential kernel g(k) = (1−q)·q^(k−1), k ≥ 1 minute, q = exp(−1/τ). The branching ratio n (mean direct
 * offspring per post) is estimated as offspring seen / kernel mass realised (SEISMIC's infectiousness estimator
 * without follower weights); the expected remaining size is n·R/(1−n), R being the kernel mass still to come.
 */
export class ReachForecaster {
  private readonly q: number;
  active = false;
  onsetMinute = 0;
  /** Excess posts observed since onset. */
  observed = 0;
  /** Excess posts after the onset minute (candidate offspring). */
  private offspring = 0;
  /** Kernel mass realised since onset. */
  private realised = 0;
  /** Kernel mass still to come from observed excess posts (Σ y_i q^(age_i)). */
  private remaining = 0;
  private quietMinutes = 0;

  constructor(kernelMinutes: number) {
    this.q = Math.exp(-1 / kernelMinutes);
  }

  /** Starts a new episode at minute m unless one is running. */
  start(m: number): void {
    if (this.active) return;
    this.active = true;
    this.onsetMinute = m;
    this.observed = 0;
    this.offspring = 0;
    this.realised = 0;
    this.remaining = 0;
    this.quietMinutes = 0;
  }

  /**
   * Feeds one closed minute of an active episode: count x against the baseline μ, whose noise is `noise` posts
   * (one sd). Excess is signed, so background noise averages out instead of piling up. Ends the episode after
   * `endAfterMinutes` minutes within noise with little kernel mass left.
   */
  step(x: number, mu: number, noise: number, endAfterMinutes: number): void {
    if (!this.active) return;
    const y = x - mu;
    this.realised += (1 - this.q) * this.remaining;
    if (this.observed > 0) this.offspring += y;
    this.observed += y;
    const next = this.q * this.remaining + y;
    this.remaining = next > 0 ? next : 0;
    if (y < 2 * noise + 1 && this.remaining < 2 * noise + 1) {
      this.quietMinutes++;
      if (this.quietMinutes >= endAfterMinutes) this.active = false;
    } else this.quietMinutes = 0;
  }

  /** The forecast after the newest minute; `mu` is the current baseline per minute. */
  forecast(mu: number): ReachForecast {
    // Shrink towards a moderate prior while little has been explained (the first minutes of an episode).
    const offspring = this.offspring > 0 ? this.offspring : 0;
    const n = (offspring + PRIOR_WEIGHT * PRIOR_BRANCHING) / (this.realised + PRIOR_WEIGHT);
    const se = Math.sqrt(offspring + 1) / (this.realised + PRIOR_WEIGHT);
    const future = (b: number): number => {
      const c = Math.min(Math.max(b, 0), MAX_BRANCHING);
      return (c * this.remaining) / (1 - c);
    };
    return {
      onset: this.onsetMinute * 60_000,
      intensity: mu + n * (1 - this.q) * this.remaining,
      branching: n,
      supercritical: n >= 1,
      observed: this.observed,
      finalSize: this.observed + future(n),
      finalLow: this.observed + future(n - Z90 * se),
      finalHigh: this.observed + future(n + Z90 * se),
    };
  }
}

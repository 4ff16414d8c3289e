// Detector maths of the spread score (docs/adr/0005-spread-score.md). All statistics are in log10-evidence
// units (a value of 8 means "about 1e-8 by chance" or "1e8 times likelier under the alternative").

const LN10 = Math.LN10;
const LOG_SQRT_TWO_PI = 0.5 * Math.log(2 * Math.PI);

/**
 * -log10 of the standard normal upper tail Q(z); 0 for z ≤ 0. Uses erfc (Numerical Recipes' Chebyshev fit,
 * relative error < 1.2e-7) below z = 8 and the asymptotic series above, so it stays finite for any z.
 */
export function normalTailScore(z: number): number {
  if (!(z > 0)) return 0;
  let logQ: number;
  if (z < 8) {
    const x = z / Math.SQRT2;
    const t = 1 / (1 + 0.5 * x);
    const poly =
      -x * x -
      1.26551223 +
      t *
        (1.00002368 +
          t *
            (0.37409196 +
              t *
                (0.09678418 +
                  t *
                    (-0.18628806 +
                      t *
                        (0.27886807 +
                          t *
                            (-1.13520398 +
                              t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
    logQ = Math.log(0.5 * t) + poly;
  } else {
    const z2 = z * z;
    logQ = -z2 / 2 - Math.log(z) - LOG_SQRT_TWO_PI + Math.log1p(-1 / z2 + 3 / (z2 * z2));
  }
  const score = -logQ / LN10;
  return score > 0 ? score : 0;
}

/**
 * -log10 of the Laplace upper tail at z mean absolute deviations above the centre: P = ½·e^(−z). The robust z
 * is judged against a double-exponential rather than a normal tail: busy terms have heavy tails, and a normal
 * tail would call a routine 10-MAD excursion a 1e-20 event.
 */
export function laplaceTailScore(z: number): number {
  if (!(z > 0)) return 0;
  return (z + Math.LN2) / LN10;
}

/** Kleinberg burst levels above the base state (rates base·ratio^k, k = 1..BURST_LEVELS). */
export const BURST_LEVELS = 3;

/**
 * Online (causal) Kleinberg two-plus-state burst automaton over per-minute counts: the forward pass of the
 * Viterbi recursion, keeping for each level the cheapest cost of any state path ending there. Level k emits
 * Poisson counts at rate base·ratio^k; moving up one level costs `upCost` nats, moving down is free. Costs are
 * quasi-likelihoods (divided by the dispersion) so over-dispersed terms need proportionally more evidence.
 */
export class BurstAutomaton {
  /** Path costs per level, shifted so the cheapest is 0. */
  readonly costs = new Float64Array(BURST_LEVELS + 1);
  private readonly next = new Float64Array(BURST_LEVELS + 1);

  constructor(
    private readonly ratio: number,
    private readonly upCost: number,
  ) {
    for (let k = 1; k <= BURST_LEVELS; k++) this.costs[k] = k * upCost;
  }

  /** Feeds one minute (count x, expected base rate μ, dispersion φ); returns the new most likely level. */
  step(x: number, mu: number, phi: number): number {
    const costs = this.costs;
    const next = this.next;
    const base = mu > 1e-9 ? mu : 1e-9;
    let best = Number.POSITIVE_INFINITY;
    let bestLevel = 0;
    for (let k = 0; k <= BURST_LEVELS; k++) {
      // From any level: going down or staying is free, going up costs upCost per level.
      let from = Number.POSITIVE_INFINITY;
      for (let j = 0; j <= BURST_LEVELS; j++) {
        const c = (costs[j] as number) + (k > j ? (k - j) * this.upCost : 0);
        if (c < from) from = c;
      }
      const rate = base * this.ratio ** k;
      // -log Poisson(x; rate) up to terms constant in the rate.
      const emit = (rate - x * Math.log(rate)) / phi;
      const c = from + emit;
      next[k] = c;
      if (c < best) {
        best = c;
        bestLevel = k;
      }
    }
    for (let k = 0; k <= BURST_LEVELS; k++) costs[k] = (next[k] as number) - best;
    return bestLevel;
  }

  /** Evidence for the burst path over staying at base, log10 units (0 when the base path is cheapest). */
  evidence(): number {
    return (this.costs[0] as number) / LN10;
  }

  /** Restores the base state (after a term went dormant). */
  reset(): void {
    this.costs[0] = 0;
    for (let k = 1; k <= BURST_LEVELS; k++) this.costs[k] = k * this.upCost;
  }
}

/**
 * One-sided Page CUSUM of the Poisson log-likelihood ratio for a rate multiplied by `ratio`:
 * C ← max(0, C + (x·ln ρ − (ρ−1)·μ)/φ). Returned in log10 units, capped so that a sustained new level does not
 * take hours to drain after the baseline has caught up.
 */
export function cusumStep(
  previous: number,
  x: number,
  mu: number,
  phi: number,
  ratio: number,
  cap: number,
): number {
  const increment = (x * Math.log(ratio) - (ratio - 1) * mu) / phi / LN10;
  const next = previous + increment;
  if (next <= 0) return 0;
  return next > cap ? cap : next;
}

const HOURS_PER_DAY = 24;
const DAYS_PER_WEEK = 7;
const HOUR_MINUTES = 60;
const DAY_MINUTES = 1440;
// Ratios outside this are clipped before they teach the profile (a spike hour must not become "normal").
const SEASON_CLIP = 4;
// Fewer expected posts than this in an hour says nothing about its shape.
const SEASON_MIN_EVIDENCE = 6;
// Newest days weigh at least this much (about a 4-week memory), earlier ones average equally.
const DAILY_MIN_ALPHA = 0.25;
const WEEKLY_MIN_ALPHA = 0.34;

/**
 * Multiplicative daily (hour-of-day) and weekly (day-of-week) profile of one term, learned online from its own
 * hourly totals against its deseasonalised level. Until a slot has data its factor is 1 (cold start). Event time
 * in UTC minutes since epoch; 1970-01-01 was a Thursday, which only names the slots.
 */
export class SeasonalProfile {
  readonly hourly = new Float64Array(HOURS_PER_DAY).fill(1);
  readonly daily = new Float64Array(DAYS_PER_WEEK).fill(1);
  private readonly hourSeen = new Uint16Array(HOURS_PER_DAY);
  private readonly daySeen = new Uint16Array(DAYS_PER_WEEK);
  private hourSlot = -1;
  private hourCount = 0;
  private hourExpected = 0;
  private daySlot = -1;
  private dayCount = 0;
  private dayExpected = 0;

  /** Days of data behind the hour-of-day slot of minute m (0 while the slot is still cold). */
  learnedDays(m: number): number {
    return this.hourSeen[Math.floor(m / HOUR_MINUTES) % HOURS_PER_DAY] as number;
  }

  /** Seasonal factor at minute m. */
  factor(m: number): number {
    const hour = Math.floor(m / HOUR_MINUTES) % HOURS_PER_DAY;
    const day = Math.floor(m / DAY_MINUTES) % DAYS_PER_WEEK;
    return (this.hourly[hour] as number) * (this.daily[day] as number);
  }

  /**
   * Learns minute m: `x` the (winsorised) count, `expectedFlat` what the deseasonalised level alone predicted.
   * Closes an hour or day slot when m enters the next one.
   */
  learn(m: number, x: number, expectedFlat: number): void {
    const hourIndex = Math.floor(m / HOUR_MINUTES);
    if (hourIndex !== this.hourSlot) {
      this.closeHour();
      this.hourSlot = hourIndex;
    }
    const dayIndex = Math.floor(m / DAY_MINUTES);
    if (dayIndex !== this.daySlot) {
      this.closeDay();
      this.daySlot = dayIndex;
    }
    const hourFactor = this.hourly[hourIndex % HOURS_PER_DAY] as number;
    this.hourCount += x;
    // Hour shape is learned net of the weekday factor, and the weekday net of the hour shape.
    this.hourExpected += expectedFlat * (this.daily[dayIndex % DAYS_PER_WEEK] as number);
    this.dayCount += x;
    this.dayExpected += expectedFlat * hourFactor;
  }

  private closeHour(): void {
    if (this.hourSlot >= 0 && this.hourExpected >= SEASON_MIN_EVIDENCE) {
      const slot = this.hourSlot % HOURS_PER_DAY;
      const ratio = clip(this.hourCount / this.hourExpected, 1 / SEASON_CLIP, SEASON_CLIP);
      const seen = this.hourSeen[slot] as number;
      const alpha = Math.max(1 / (seen + 1), DAILY_MIN_ALPHA);
      const old = this.hourly[slot] as number;
      // Geometric update: ratios are multiplicative.
      this.hourly[slot] = Math.exp(Math.log(old) + alpha * (Math.log(ratio) - Math.log(old)));
      if (seen < 65_000) this.hourSeen[slot] = seen + 1;
      renormalise(this.hourly);
    }
    this.hourCount = 0;
    this.hourExpected = 0;
  }

  private closeDay(): void {
    if (this.daySlot >= 0 && this.dayExpected >= SEASON_MIN_EVIDENCE * HOURS_PER_DAY) {
      const slot = this.daySlot % DAYS_PER_WEEK;
      const ratio = clip(this.dayCount / this.dayExpected, 1 / SEASON_CLIP, SEASON_CLIP);
      const seen = this.daySeen[slot] as number;
      const alpha = Math.max(1 / (seen + 1), WEEKLY_MIN_ALPHA);
      const old = this.daily[slot] as number;
      this.daily[slot] = Math.exp(Math.log(old) + alpha * (Math.log(ratio) - Math.log(old)));
      if (seen < 65_000) this.daySeen[slot] = seen + 1;
      renormalise(this.daily);
    }
    this.dayCount = 0;
    this.dayExpected = 0;
  }
}

function clip(value: number, lo: number, hi: number): number {
  return value < lo ? lo : value > hi ? hi : value;
}

// Keeps the geometric mean at 1 so the level carries the scale and the profile only the shape.
function renormalise(factors: Float64Array): void {
  let logSum = 0;
  for (let i = 0; i < factors.length; i++) logSum += Math.log(factors[i] as number);
  const shift = Math.exp(-logSum / factors.length);
  for (let i = 0; i < factors.length; i++) factors[i] = (factors[i] as number) * shift;
}

/** Each detector's value, log10-evidence units, before the multiple-test correction. */
export interface DetectorValues {
  /** -log10 quasi-Poisson tail of the window count under the seasonal baseline. */
  poisson: number;
  /** -log10 Laplace tail of the robust z of the window count. */
  robustZ: number;
  /** Page CUSUM statistic for a doubled rate. */
  cusum: number;
  /** Kleinberg burst path evidence over the base path. */
  burst: number;
}

// One detector cannot carry the score past this on its own (1e-60 is already beyond any threshold).
const DETECTOR_CAP = 60;
/**
 * Bonferroni correction for looking at four tests each minute: the largest of four −log10 p-values is worth
 * log10(4) less than one test alone (ADR 0005).
 */
export const MULTIPLE_TEST_PENALTY = Math.log10(4);

/**
 * The raw spread score (ADR 0005): the most significant detector, corrected for having looked at four,
 * max_d min(v_d, 60) − log10 4, never below 0. Each detector is already in log10-evidence units with its own
 * false-alarm meaning (a tail probability, or a likelihood-ratio statistic whose mean time between false alarms
 * is at least 10^h), so no weighting is needed: a spike is caught by the window tests, a sustained level shift
 * by CUSUM and the burst automaton, and one does not dilute the other. `contributions` credits the whole score
 * to the detector that decided it (others 0), so they still add up to the score.
 */
export function spreadScore(values: DetectorValues, contributions: DetectorValues): number {
  const poisson = Math.min(values.poisson, DETECTOR_CAP);
  const robustZ = Math.min(values.robustZ, DETECTOR_CAP);
  const cusum = Math.min(values.cusum, DETECTOR_CAP);
  const burst = Math.min(values.burst, DETECTOR_CAP);
  const best = Math.max(poisson, robustZ, cusum, burst);
  const score = best > MULTIPLE_TEST_PENALTY ? best - MULTIPLE_TEST_PENALTY : 0;
  contributions.poisson = best === poisson ? score : 0;
  contributions.robustZ = best === robustZ && best !== poisson ? score : 0;
  contributions.cusum = best === cusum && best !== poisson && best !== robustZ ? score : 0;
  contributions.burst =
    best === burst && best !== poisson && best !== robustZ && best !== cusum ? score : 0;
  return score;
}

// Excursions are runs of minutes scoring at least this; lower scores only count as minutes.
const CAL_MIN = 1;
// Weights grow instead of decaying; renormalised before they overflow.
const CAL_RENORM = 1e12;
// Mean excess of excursion peaks over CAL_MIN under the nominal tail 10^−s (exponential, rate ln 10): the prior
// of the fitted tail, worth one excursion.
const NOMINAL_MEAN_EXCESS = 1 / Math.LN10;

/**
 * Calibration of one term's spread score against its own history (ADR 0005), by peaks over threshold:
 * excursions (runs of minutes scoring ≥ 1) are recorded once, at their peak, with exponential forgetting, and
 * their excesses over 1 are fitted with an exponential tail (a generalised Pareto tail of shape 0, as in SPOT,
 * Siffer et al. 2017; the mean excess is its maximum-likelihood scale, shrunk towards the nominal 1/ln 10 with
 * the weight of one excursion). Then P̂(S ≥ s) = (n₁·e^(−(s−1)/m̂) + M₀·10^−s) / (N + M₀), with N the scored
 * minutes, n₁ the excursions and M₀ `priorMinutes` of nominal prior; `calibrate(s)` = min(s, −log10 P̂).
 * A term whose excursions routinely reach a score has it discounted, yet a spike well beyond its usual
 * excursions keeps growing in score (an empirical histogram would cap every term at log10 N). Two sums per
 * term, O(1) per minute.
 */
export class ScoreCalibration {
  /** Forgetting-weighted number of excursions, and the sum of their peaks' excess over CAL_MIN. */
  private peaks = 0;
  private excess = 0;
  private total = 0;
  private weight = 1;
  private peak = 0;
  private readonly growth: number;

  constructor(
    halfLifeMinutes: number,
    private readonly priorMinutes: number,
  ) {
    this.growth = 2 ** (1 / halfLifeMinutes);
  }

  /** Calibrated score of a raw score s (before s itself is recorded). */
  calibrate(s: number): number {
    if (this.peaks === 0 || s < CAL_MIN) return s;
    // Totals are in the current weight unit; the priors are expressed in it too.
    const meanExcess =
      (this.excess + NOMINAL_MEAN_EXCESS * this.weight) / (this.peaks + this.weight);
    const above = this.peaks * Math.exp(-(s - CAL_MIN) / meanExcess);
    const prior = this.priorMinutes * this.weight;
    const p = (above + prior * 10 ** -s) / (this.total + prior);
    const calibrated = -Math.log10(p);
    return calibrated < s ? calibrated : s;
  }

  /**
   * Records one scored minute. An excursion (consecutive minutes scoring ≥ 1) is recorded once, at its peak, when
   * it ends: one long episode is one event, not sixty.
   */
  record(s: number): void {
    this.weight *= this.growth;
    this.total += this.weight;
    if (s >= CAL_MIN) {
      if (s > this.peak) this.peak = s;
    } else if (this.peak >= CAL_MIN) {
      this.peaks += this.weight;
      this.excess += this.weight * (this.peak - CAL_MIN);
      this.peak = 0;
    }
    if (this.weight > CAL_RENORM) {
      const k = 1 / this.weight;
      this.total *= k;
      this.peaks *= k;
      this.excess *= k;
      this.weight = 1;
    }
  }
}

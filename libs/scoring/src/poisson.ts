// Lanczos approximation (g = 7, n = 9): ~15 significant digits for x > 0.
const LANCZOS_G = 7;
const LANCZOS_COEFFICIENTS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
  -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
  1.5056327351493116e-7,
] as const;
const LOG_SQRT_TWO_PI = 0.5 * Math.log(2 * Math.PI);
const EPSILON = 1e-15;
const MAX_ITERATIONS = 10_000;
const TINY = 1e-300;

/** Natural log of the gamma function for x > 0. */
export function logGamma(x: number): number {
  if (x < 0.5) {
    // Reflection keeps the approximation in its accurate range.
    return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  }
  const z = x - 1;
  let sum = LANCZOS_COEFFICIENTS[0];
  for (let i = 1; i < LANCZOS_COEFFICIENTS.length; i++) {
    sum += (LANCZOS_COEFFICIENTS[i] ?? 0) / (z + i);
  }
  const t = z + LANCZOS_G + 0.5;
  return LOG_SQRT_TWO_PI + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** log P(a, x) by its power series; converges fast for x < a + 1, all terms positive (no cancellation). */
function logLowerRegularizedSeries(a: number, x: number): number {
  let term = 1 / a;
  let sum = term;
  for (let n = 1; n < MAX_ITERATIONS; n++) {
    term *= x / (a + n);
    sum += term;
    if (term < sum * EPSILON) break;
  }
  return Math.log(sum) - x + a * Math.log(x) - logGamma(a);
}

/** Q(a, x) = 1 - P(a, x) by its continued fraction (modified Lentz); for x >= a + 1. */
function upperRegularizedFraction(a: number, x: number): number {
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < MAX_ITERATIONS; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPSILON) break;
  }
  return Math.exp(-x + a * Math.log(x) - logGamma(a)) * h;
}

/**
 * Natural log of the Poisson upper tail P(X ≥ k | λ), computed in log space so that tails far below
 * 1e-300 stay finite. Uses P(X ≥ k) = P(k, λ), the regularized lower incomplete gamma function, which
 * also extends the tail continuously to non-integer k (needed for spread aggregates and dispersion scaling).
 */
export function logPoissonUpperTail(k: number, lambda: number): number {
  if (k <= 0) return 0;
  if (lambda <= 0) return Number.NEGATIVE_INFINITY;
  if (lambda < k + 1) return logLowerRegularizedSeries(k, lambda);
  return Math.log1p(-upperRegularizedFraction(k, lambda));
}

/** Surprise of seeing at least k events when λ are expected: -log10 P(X ≥ k | λ); 0 when k ≤ λ is unremarkable. */
export function poissonTailScore(k: number, lambda: number): number {
  const score = -logPoissonUpperTail(k, lambda) / Math.LN10;
  // -0 and rounding noise just below zero are both "no surprise".
  return score > 0 ? score : 0;
}

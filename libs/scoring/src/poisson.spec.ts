import { logGamma, logPoissonUpperTail, poissonTailScore } from './poisson';

describe(poissonTailScore.name, () => {
  // Reference values: mpmath gammainc(k, 0, λ, regularized=True) at 50 digits.
  it.each([
    { k: 1, lambda: 1, p: 0.632120558829, score: 0.199200084628 },
    { k: 5, lambda: 1, p: 0.00365984682734, score: 2.43653709041 },
    { k: 10, lambda: 2, p: 4.64980750173e-5, score: 4.33256502618 },
    { k: 30, lambda: 0.5, p: 2.16446729815e-42, score: 41.6646489713 },
    { k: 100, lambda: 10, p: 5.39858972814e-63, score: 62.267719676 },
    { k: 50, lambda: 50, p: 0.518808315472, score: 0.28499307165 },
    { k: 60, lambda: 50, p: 0.0922650519589, score: 1.03496276935 },
    { k: 1000, lambda: 900, p: 0.000549902265712, score: 3.25971449093 },
    { k: 3, lambda: 5, p: 0.875347980517, score: 0.0578192658629 },
    { k: 500, lambda: 5, p: 0, score: 786.768522815 },
    { k: 20.8, lambda: 4.16, p: 5.2380069341e-9, score: 8.28083393099 },
  ])('P(X ≥ $k | λ=$lambda) matches the reference', ({ k, lambda, p, score }) => {
    expect(poissonTailScore(k, lambda)).toBeCloseTo(score, 8);
    if (p > 0) expect(Math.exp(logPoissonUpperTail(k, lambda)) / p).toBeCloseTo(1, 9);
  });

  it.each([
    { k: 0, lambda: 3, score: 0 },
    { k: -2, lambda: 3, score: 0 },
  ])('is 0 for k=$k (always reached)', ({ k, lambda, score }) => {
    expect(poissonTailScore(k, lambda)).toBe(score);
  });

  it('is infinite when nothing is expected but something happened', () => {
    expect(poissonTailScore(1, 0)).toBe(Number.POSITIVE_INFINITY);
  });

  it('grows monotonically with k', () => {
    let previous = -1;
    for (let k = 1; k < 200; k++) {
      const score = poissonTailScore(k, 20);
      expect(score).toBeGreaterThanOrEqual(previous);
      previous = score;
    }
  });
});

describe(logGamma.name, () => {
  it.each([
    { x: 1, expected: 0 },
    { x: 2, expected: 0 },
    { x: 0.5, expected: 0.5 * Math.log(Math.PI) },
    { x: 10, expected: Math.log(362880) },
    { x: 100, expected: 359.1342053695754 },
    { x: 0.1, expected: 2.252712651734206 },
  ])('lnΓ($x)', ({ x, expected }) => {
    expect(logGamma(x)).toBeCloseTo(expected, 10);
  });
});

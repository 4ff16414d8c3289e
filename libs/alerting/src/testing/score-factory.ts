import type { TermScore } from '@spreadwatch/scoring';

export const MINUTE_MS = 60_000;
export const T0 = Date.parse('2024-03-01T12:00:00Z');

/** A score for minute `minute` after T0 that passes every gate unless overridden. */
export function makeScore(
  minute: number,
  score: number,
  overrides: Partial<TermScore> = {},
): TermScore {
  return {
    term: '#leaked',
    bucketStart: T0 + minute * MINUTE_MS,
    count: 30,
    uniqueAuthors: 25,
    rate: 30,
    baseline: 1,
    velocity: 0,
    score,
    windowCount: 100,
    windowMinutes: 5,
    expectedWindowCount: 5,
    windowUniqueAuthors: 60,
    topAccounts: [{ id: 'u1', count: 4 }],
    dispersion: 1,
    baselineLower: 0,
    baselineUpper: 3,
    acceleration: 0,
    firstTimeAuthors: 10,
    repostShare: 0.5,
    robustZ: score,
    burstLevel: 1,
    detectors: { poisson: score, robustZ: score, cusum: score, burst: score },
    contributions: {
      poisson: 0.35 * score,
      robustZ: 0.35 * score,
      cusum: 0.15 * score,
      burst: 0.15 * score,
    },
    forecast: null,
    related: [],
    ...overrides,
  };
}

export function iso(minute: number): string {
  return new Date(T0 + minute * MINUTE_MS).toISOString();
}

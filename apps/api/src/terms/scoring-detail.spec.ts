import type { ReachForecast } from '@spreadwatch/scoring';

import {
  detailOf,
  detectorsOf,
  forecastOf,
  gapDetailOf,
  type StoredScoringDetail,
} from './scoring-detail';

const EMPTY: StoredScoringDetail = {
  baselineLower: null,
  baselineUpper: null,
  acceleration: null,
  firstTimeAuthors: null,
  repostShare: null,
  robustZ: null,
  burstLevel: null,
  detectors: null,
  forecast: null,
  related: null,
};

describe(detectorsOf.name, () => {
  it('pairs every detector value with its contribution and keeps JSON finite', () => {
    expect(
      detectorsOf({
        detectors: { poisson: 10, robustZ: Infinity, cusum: 0, burst: NaN },
        contributions: { poisson: 3.5, robustZ: 21, cusum: 0, burst: 0 },
      }),
    ).toEqual({
      poisson: { value: 10, contribution: 3.5 },
      robustZ: { value: Number.MAX_VALUE, contribution: 21 },
      cusum: { value: 0, contribution: 0 },
      burst: { value: 0, contribution: 0 },
    });
  });
});

describe(forecastOf.name, () => {
  it.each([
    { name: 'no episode', input: null, expected: null },
    {
      name: 'a running episode',
      input: {
        onset: Date.parse('2026-03-01T12:30:00Z'),
        intensity: 45.5,
        branching: 1.2,
        supercritical: true,
        observed: 80,
        finalSize: 1455,
        finalLow: 900,
        finalHigh: 2100,
      } satisfies ReachForecast,
      expected: {
        onset: '2026-03-01T12:30:00.000Z',
        intensity: 45.5,
        branchingRatio: 1.2,
        supercritical: true,
        observed: 80,
        finalSize: 1455,
        finalSizeLow: 900,
        finalSizeHigh: 2100,
      },
    },
  ])('maps $name', ({ input, expected }) => {
    expect(forecastOf(input)).toEqual(expected);
  });
});

describe(detailOf.name, () => {
  it('gives minutes stored before the detail a zero-width band at the baseline and zeros', () => {
    expect(detailOf(EMPTY, 3)).toEqual({
      baselineLower: 3,
      baselineUpper: 3,
      acceleration: 0,
      firstTimeAuthors: 0,
      repostShare: 0,
      robustZ: 0,
      burstLevel: 0,
      detectors: {},
      forecast: null,
    });
  });
});

describe(gapDetailOf.name, () => {
  it('carries the band of the previous minute and zeroes what the empty minute measured', () => {
    const previous: StoredScoringDetail = {
      ...EMPTY,
      baselineLower: 1,
      baselineUpper: 5,
      burstLevel: 2,
      robustZ: 9,
      detectors: { poisson: { value: 12, contribution: 4.2 } },
    };
    expect(gapDetailOf(previous, 3)).toMatchObject({
      baselineLower: 1,
      baselineUpper: 5,
      burstLevel: 0,
      robustZ: 0,
      detectors: {},
      forecast: null,
    });
  });
});

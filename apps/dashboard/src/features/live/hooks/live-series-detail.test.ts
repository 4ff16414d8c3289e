import type { TermSeries, TermUpdate } from '@spreadwatch/contracts';
import { describe, expect, it } from 'vitest';

import { mergeSeries } from './live-cache-patches';

describe(`${mergeSeries.name} (scoring detail, issue #3)`, () => {
  it('keeps the band, burst level, detectors and forecast of a pushed minute for the term chart', () => {
    const series: TermSeries = { term: '#leak', bucket: '1m', points: [] };
    const update: TermUpdate = {
      term: '#leak',
      t: '2026-03-01T12:31:00.000Z',
      count: 40,
      uniqueAuthors: 40,
      rate: 11.7,
      baseline: 0.2,
      score: 28.7,
      velocity: 9,
      baselineLower: 0,
      baselineUpper: 1.1,
      burstLevel: 3,
      detectors: { poisson: { value: 76, contribution: 21 } },
      forecast: {
        onset: '2026-03-01T12:30:00.000Z',
        intensity: 45,
        branchingRatio: 0.5,
        supercritical: false,
        observed: 80,
        finalSize: 160,
        finalSizeLow: 120,
        finalSizeHigh: 230,
      },
      related: ['full video link'],
    };
    const [point] = mergeSeries(series, [update], 60).points;
    expect(point).toMatchObject({
      baselineUpper: 1.1,
      burstLevel: 3,
      forecast: { finalSize: 160 },
    });
    expect(point).not.toHaveProperty('term');
    expect(point).not.toHaveProperty('related');
  });
});

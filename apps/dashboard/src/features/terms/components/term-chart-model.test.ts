import type { TermForecast, TermPoint } from '@spreadwatch/contracts';
import { describe, expect, it } from 'vitest';

import { makeAlert } from '../../../test/factories';
import {
  alertMarkers,
  burstSpans,
  chartRows,
  describeDetail,
  forecastCone,
  MAX_FORECAST_MINUTES,
  termAlerts,
  toRows,
} from './term-chart-model';

const T0 = Date.parse('2026-03-01T12:00:00Z');
const at = (minute: number): string => new Date(T0 + minute * 60_000).toISOString();

const point = (minute: number, patch: Partial<TermPoint> = {}): TermPoint => ({
  t: at(minute),
  count: 2,
  uniqueAuthors: 2,
  rate: 2,
  baseline: 2,
  score: 0,
  baselineLower: 0.5,
  baselineUpper: 4,
  burstLevel: 0,
  forecast: null,
  ...patch,
});

const forecast = (patch: Partial<TermForecast> = {}): TermForecast => ({
  onset: at(0),
  intensity: 12,
  branchingRatio: 0.6,
  supercritical: false,
  observed: 50,
  finalSize: 100,
  finalSizeLow: 70,
  finalSizeHigh: 150,
  ...patch,
});

describe(toRows.name, () => {
  it('turns the band into a [lower, upper] pair and leaves it out when the server sent none', () => {
    const rows = toRows([
      point(0),
      { t: at(1), count: 1, uniqueAuthors: 1, rate: 1, baseline: 1, score: 0 },
    ]);
    expect(rows[0]?.band).toEqual([0.5, 4]);
    expect(rows[1]?.band).toBeUndefined();
    expect(rows[1]?.burstLevel).toBe(0);
  });
});

describe(burstSpans.name, () => {
  it.each([
    { name: 'no burst', levels: [0, 0, 0], spans: [] },
    { name: 'one minute', levels: [0, 2, 0], spans: [{ from: 1, to: 1, level: 2 }] },
    {
      name: 'two runs, highest level kept',
      levels: [1, 3, 1, 0, 0, 1],
      spans: [
        { from: 0, to: 2, level: 3 },
        { from: 5, to: 5, level: 1 },
      ],
    },
    {
      name: 'missing levels count as 0',
      levels: [undefined, 1, undefined],
      spans: [{ from: 1, to: 1, level: 1 }],
    },
  ])('$name', ({ levels, spans }) => {
    const points = levels.map((burstLevel, m) => {
      const p = point(m);
      if (burstLevel === undefined) delete p.burstLevel;
      else p.burstLevel = burstLevel;
      return p;
    });
    expect(burstSpans(points)).toEqual(
      spans.map((s) => ({ from: at(s.from), to: at(s.to), level: s.level })),
    );
  });
});

describe(termAlerts.name, () => {
  it.each([
    ['the alert names the term', makeAlert({ term: '#leak' }), 1],
    ['only a label names it', makeAlert({ term: undefined, labels: { term: '#leak' } }), 1],
    ['another term', makeAlert({ term: '#other', labels: { term: '#other' } }), 0],
  ])('keeps an alert when %s', (_name, alert, expected) => {
    expect(termAlerts([alert], '#leak')).toHaveLength(expected);
  });

  it('returns none without a term', () => {
    expect(termAlerts([makeAlert()], undefined)).toEqual([]);
  });
});

describe(alertMarkers.name, () => {
  it('places alerts on their minute, skips those outside the chart and keeps one per minute', () => {
    const points = [point(0), point(1, { count: 40 }), point(2, { count: 35 })];
    const markers = alertMarkers(points, [
      { firedAt: new Date(T0 + 60_000 + 42_000).toISOString(), severity: 'warning' },
      { firedAt: new Date(T0 + 60_000 + 50_000).toISOString(), severity: 'critical' },
      { firedAt: at(30), severity: 'critical' },
    ]);
    expect(markers).toEqual([{ t: at(1), count: 40, severity: 'warning' }]);
  });
});

describe(forecastCone.name, () => {
  it.each([
    { name: 'no point', last: undefined },
    { name: 'no forecast', last: point(5) },
    {
      name: 'no excess over the baseline',
      last: point(5, { forecast: forecast({ intensity: 2 }) }),
    },
  ])('is empty with $name', ({ last }) => {
    expect(forecastCone(last)).toEqual([]);
  });

  it('starts at the current intensity, widens, decays towards the baseline and adds up to the forecast', () => {
    const f = forecast();
    const cone = forecastCone(point(5, { forecast: f }));
    expect(cone[0]).toEqual({ t: at(5), forecast: 12, forecastBand: [12, 12] });
    expect(cone.at(1)?.t).toBe(at(6));
    for (const row of cone.slice(1)) {
      const [low, high] = row.forecastBand ?? [NaN, NaN];
      expect(low).toBeLessThanOrEqual(row.forecast ?? NaN);
      expect(row.forecast).toBeLessThanOrEqual(high);
      expect(low).toBeGreaterThanOrEqual(2);
    }
    // The projected excess (above the baseline of 2) sums to about what remains: finalSize − observed = 50.
    const excess = cone.slice(1).reduce((sum, r) => sum + (r.forecast ?? 0) - 2, 0);
    expect(excess).toBeGreaterThan(40);
    expect(excess).toBeLessThan(55);
    // It ends after about three decay times of the upper edge (τ = 100 / 10 = 10 minutes).
    expect(cone).toHaveLength(31);
  });

  it('caps a supercritical forecast at the horizon', () => {
    const cone = forecastCone(
      point(5, { forecast: forecast({ supercritical: true, finalSizeHigh: 1e9 }) }),
    );
    expect(cone).toHaveLength(MAX_FORECAST_MINUTES + 1);
  });
});

describe(chartRows.name, () => {
  it('appends the cone after the scored minutes and joins it at the newest one', () => {
    const rows = chartRows([point(0), point(1, { forecast: forecast() })]);
    expect(rows[1]).toMatchObject({ t: at(1), count: 2, forecast: 12, forecastBand: [12, 12] });
    expect(rows[2]?.count).toBeUndefined();
    expect(rows[2]?.t).toBe(at(2));
  });

  it.each([
    [2, 15],
    [60, 30],
    [200, MAX_FORECAST_MINUTES],
  ])('keeps the cone of %i charted minutes within %i minutes', (minutes, horizon) => {
    const points = Array.from({ length: minutes }, (_, m) =>
      point(m, m === minutes - 1 ? { forecast: forecast({ finalSizeHigh: 1e9 }) } : {}),
    );
    expect(chartRows(points)).toHaveLength(minutes + horizon);
  });

  it('is just the minutes without a forecast', () => {
    expect(chartRows([point(0), point(1)])).toHaveLength(2);
  });
});

describe(describeDetail.name, () => {
  it('names bursts and the forecast for screen readers', () => {
    const text = describeDetail([
      point(0, { burstLevel: 1 }),
      point(1, { forecast: forecast({ supercritical: true }) }),
    ]);
    expect(text).toBe(
      '1 burst period. Forecast: about 100 excess posts in total (90% 70–150), growing without bound (supercritical).',
    );
  });
});

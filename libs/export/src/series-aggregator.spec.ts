import type { ExportRow } from './dataset-definition';
import { termSeriesDefinition } from './datasets';
import { SeriesAggregator } from './series-aggregator';

const T0 = Date.parse('2026-03-01T12:00:00Z');
const DEF = termSeriesDefinition('5m', [
  { name: 'count', type: 'double' },
  { name: 'rate', type: 'double' },
  { name: 'score', type: 'double' },
  { name: 'mystery_detector', type: 'double' },
  { name: 'forecast', type: 'json' },
]);

function minute(term: string, m: number, count: number): ExportRow {
  return {
    term,
    bucket_start: T0 + m * 60_000,
    count,
    rate: m,
    score: count % 4,
    mystery_detector: -m,
    forecast: m === 1 ? { finalSize: 9 } : null,
  };
}

describe(SeriesAggregator.name, () => {
  it.each([
    [
      'term-major',
      [minute('#a', 0, 1), minute('#a', 1, 2), minute('#a', 5, 3), minute('#b', 2, 5)],
    ],
    [
      'time-major',
      [minute('#a', 0, 1), minute('#b', 2, 5), minute('#a', 1, 2), minute('#a', 5, 3)],
    ],
  ] as const)('rolls minutes up with each column’s aggregation (%s input)', (order, input) => {
    const agg = new SeriesAggregator(DEF, '5m', order);
    const out = [...input.flatMap((r) => agg.push({ ...r })), ...agg.end()];
    const byKey = Object.fromEntries(
      out.map((r) => [`${String(r['term'])}@${Number(r['bucket_start']) - T0}`, r]),
    );
    expect(byKey).toEqual({
      '#a@0': {
        term: '#a',
        bucket_start: T0,
        minutes: 2,
        count: 3,
        rate: 1,
        score: 2,
        mystery_detector: -1,
        forecast: { finalSize: 9 },
      },
      '#a@300000': {
        term: '#a',
        bucket_start: T0 + 300_000,
        minutes: 1,
        count: 3,
        rate: 5,
        score: 3,
        mystery_detector: -5,
        forecast: null,
      },
      '#b@0': {
        term: '#b',
        bucket_start: T0,
        minutes: 1,
        count: 5,
        rate: 2,
        score: 1,
        mystery_detector: -2,
        forecast: null,
      },
    });
  });

  it('emits a time-major bucket as soon as a later bucket starts', () => {
    const agg = new SeriesAggregator(DEF, '5m', 'time-major');
    expect(agg.push(minute('#a', 0, 1))).toEqual([]);
    expect(agg.push(minute('#b', 4, 1))).toEqual([]);
    expect(agg.push(minute('#c', 5, 1)).map((r) => r['term'])).toEqual(['#a', '#b']);
  });
});

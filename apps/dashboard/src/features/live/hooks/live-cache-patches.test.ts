import type { AlertPage, TermSeries, TermSummary } from '@spreadwatch/contracts';
import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';

import { queryKeys } from '../../../lib/query-keys';
import {
  makeAlert,
  makePage,
  makePoint,
  makeSeries,
  makeSummary,
  makeUpdate,
  minute,
} from '../../../test/factories';
import {
  latestSeq,
  mergeSeries,
  mergeTopTerms,
  patchCacheWithAlert,
  patchCacheWithTermUpdates,
  prependAlert,
  SPARKLINE_POINTS,
  summaryFromUpdate,
} from './live-cache-patches';

describe(prependAlert.name, () => {
  it('puts a new alert first', () => {
    const page = makePage([makeAlert({ id: 'a', seq: 2 }), makeAlert({ id: 'b', seq: 1 })], 1);

    const next = prependAlert(page, makeAlert({ id: 'c', seq: 3 }));

    expect(next.items.map((a) => a.id)).toEqual(['c', 'a', 'b']);
    expect(next.nextCursor).toBe(1);
  });

  it('replaces an alert that changed and moves it to the top', () => {
    const page = makePage([makeAlert({ id: 'a', seq: 2 }), makeAlert({ id: 'b', seq: 1 })]);

    const next = prependAlert(page, makeAlert({ id: 'b', seq: 3, status: 'resolved' }));

    expect(next.items.map((a) => [a.id, a.status])).toEqual([
      ['b', 'resolved'],
      ['a', 'firing'],
    ]);
  });

  it('ignores a replayed copy it already holds', () => {
    const page = makePage([makeAlert({ id: 'a', seq: 2 })]);

    expect(prependAlert(page, makeAlert({ id: 'a', seq: 2 }))).toBe(page);
  });

  it('keeps the list at most `max` long', () => {
    const page = makePage([makeAlert({ id: 'a', seq: 2 }), makeAlert({ id: 'b', seq: 1 })]);

    const next = prependAlert(page, makeAlert({ id: 'c', seq: 3 }), 2);

    expect(next.items.map((a) => a.id)).toEqual(['c', 'a']);
  });

  it('keeps seq order when a resumed alert is older than the newest', () => {
    const page = makePage([makeAlert({ id: 'a', seq: 5 })]);

    const next = prependAlert(page, makeAlert({ id: 'b', seq: 4 }));

    expect(next.items.map((a) => a.seq)).toEqual([5, 4]);
  });
});

describe(latestSeq.name, () => {
  it.each([
    { page: undefined, expected: undefined },
    { page: makePage([]), expected: undefined },
    {
      page: makePage([makeAlert({ id: 'a', seq: 3 }), makeAlert({ id: 'b', seq: 9 })]),
      expected: 9,
    },
  ])('is $expected', ({ page, expected }) => {
    expect(latestSeq(page)).toBe(expected);
  });
});

describe(summaryFromUpdate.name, () => {
  const detail = {
    baselineLower: 1,
    baselineUpper: 5,
    acceleration: 0.4,
    firstTimeAuthors: 9,
    repostShare: 0.3,
    robustZ: 6.2,
    burstLevel: 2,
    detectors: { poisson: { value: 4, contribution: 3 } },
    forecast: null,
    related: ['#leak-2'],
  };

  it.each([
    ['a new row', undefined],
    ['a known row', makeSummary({ term: '#leak', updatedAt: minute(0) })],
  ])('copies the related terms and scoring detail onto %s', (_name, previous) => {
    const summary = summaryFromUpdate(makeUpdate({ t: minute(1), ...detail }), previous);

    expect(summary).toMatchObject(detail);
  });

  it('keeps earlier detail when an older producer omits it', () => {
    const previous = makeSummary({
      term: '#leak',
      updatedAt: minute(0),
      related: ['#x'],
      robustZ: 3,
    });

    const summary = summaryFromUpdate(makeUpdate({ t: minute(1) }), previous);

    expect(summary).toMatchObject({ related: ['#x'], robustZ: 3 });
  });
});

describe(mergeTopTerms.name, () => {
  it('moves a known term to the new minute and appends to its sparkline', () => {
    const terms = [makeSummary({ term: '#leak', updatedAt: minute(0), sparkline: [1, 2] })];

    const [merged] = mergeTopTerms(
      terms,
      [makeUpdate({ term: '#leak', t: minute(1), count: 30 })],
      20,
    );

    expect(merged).toMatchObject({
      lastCount: 30,
      rate: 12,
      baseline: 3,
      velocity: 2.5,
      score: 7,
      updatedAt: minute(1),
      sparkline: [1, 2, 30],
    });
  });

  it('replaces the last sparkline value when the same minute is pushed again', () => {
    const terms = [makeSummary({ updatedAt: minute(1), sparkline: [1, 2] })];

    const [merged] = mergeTopTerms(terms, [makeUpdate({ t: minute(1), count: 5 })], 20);

    expect(merged?.sparkline).toEqual([1, 5]);
  });

  it('ignores a late update for an older minute', () => {
    const terms = [makeSummary({ updatedAt: minute(5), lastCount: 10 })];

    const [merged] = mergeTopTerms(terms, [makeUpdate({ t: minute(4), count: 99 })], 20);

    expect(merged?.lastCount).toBe(10);
  });

  it('caps the sparkline at 30 minutes', () => {
    const terms = [
      makeSummary({
        updatedAt: minute(0),
        sparkline: Array.from({ length: SPARKLINE_POINTS }, (_, i) => i),
      }),
    ];

    const [merged] = mergeTopTerms(terms, [makeUpdate({ t: minute(1), count: 99 })], 20);

    expect(merged?.sparkline).toHaveLength(SPARKLINE_POINTS);
    expect(merged?.sparkline.at(-1)).toBe(99);
    expect(merged?.sparkline[0]).toBe(1);
  });

  it('lets a new term enter, re-ranks by score and keeps the limit', () => {
    const terms = [makeSummary({ term: '#a', score: 5 }), makeSummary({ term: '#b', score: 3 })];

    const merged = mergeTopTerms(terms, [makeUpdate({ term: '#new', score: 4 })], 2);

    expect(merged.map((s) => s.term)).toEqual(['#a', '#new']);
  });
});

describe(mergeSeries.name, () => {
  const series = makeSeries('#leak', [makePoint(minute(0), 1), makePoint(minute(1), 2)]);

  it('appends a new minute of its own term only', () => {
    const next = mergeSeries(
      series,
      [
        makeUpdate({ term: '#other', t: minute(2) }),
        makeUpdate({ term: '#leak', t: minute(2), count: 7 }),
      ],
      120,
    );

    expect(next.points.map((p) => [p.t, p.count])).toEqual([
      [minute(0), 1],
      [minute(1), 2],
      [minute(2), 7],
    ]);
    expect(next.points[2]).not.toHaveProperty('term');
  });

  it('replaces a minute it already has', () => {
    const next = mergeSeries(series, [makeUpdate({ t: minute(1), count: 9 })], 120);

    expect(next.points.map((p) => p.count)).toEqual([1, 9]);
  });

  it('drops points that fall out of the window', () => {
    const next = mergeSeries(series, [makeUpdate({ t: minute(2), count: 3 })], 2);

    expect(next.points.map((p) => p.t)).toEqual([minute(1), minute(2)]);
  });

  it('returns the same object when nothing is for its term', () => {
    expect(mergeSeries(series, [makeUpdate({ term: '#other' })], 120)).toBe(series);
  });
});

describe(patchCacheWithAlert.name, () => {
  it('prepends the alert to every cached alert list and leaves other queries alone', () => {
    const queryClient = new QueryClient();
    queryClient.setQueryData<AlertPage>(
      queryKeys.alerts.list(50),
      makePage([makeAlert({ id: 'a', seq: 1 })]),
    );
    const terms = [makeSummary()];
    queryClient.setQueryData<TermSummary[]>(queryKeys.terms.top(20), terms);

    patchCacheWithAlert(queryClient, makeAlert({ id: 'b', seq: 2 }));

    expect(
      queryClient.getQueryData<AlertPage>(queryKeys.alerts.list(50))?.items.map((a) => a.id),
    ).toEqual(['b', 'a']);
    expect(queryClient.getQueryData(queryKeys.terms.top(20))).toBe(terms);
  });

  it('does not create a list that was never fetched', () => {
    const queryClient = new QueryClient();

    patchCacheWithAlert(queryClient, makeAlert());

    expect(queryClient.getQueryData(queryKeys.alerts.list(50))).toBeUndefined();
  });
});

describe(patchCacheWithTermUpdates.name, () => {
  it('merges a closed minute into the top terms and the cached series of that term', () => {
    const queryClient = new QueryClient();
    queryClient.setQueryData<TermSummary[]>(queryKeys.terms.top(20), [
      makeSummary({ term: '#leak', updatedAt: minute(0), score: 2 }),
      makeSummary({ term: '#other', updatedAt: minute(0), score: 3 }),
    ]);
    const otherSeries = makeSeries('#other', [makePoint(minute(0), 4)]);
    queryClient.setQueryData<TermSeries>(
      queryKeys.terms.series('#leak', 120),
      makeSeries('#leak', [makePoint(minute(0), 1)]),
    );
    queryClient.setQueryData<TermSeries>(queryKeys.terms.series('#other', 120), otherSeries);

    patchCacheWithTermUpdates(queryClient, [
      makeUpdate({ term: '#leak', t: minute(1), count: 8, score: 9 }),
    ]);

    const top = queryClient.getQueryData<TermSummary[]>(queryKeys.terms.top(20));
    expect(top?.map((s) => [s.term, s.lastCount])).toEqual([
      ['#leak', 8],
      ['#other', 10],
    ]);
    const leak = queryClient.getQueryData<TermSeries>(queryKeys.terms.series('#leak', 120));
    expect(leak?.points.map((p) => p.count)).toEqual([1, 8]);
    expect(queryClient.getQueryData(queryKeys.terms.series('#other', 120))).toBe(otherSeries);
  });
});

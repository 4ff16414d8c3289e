import type { Observation, PostObservation } from '@spreadwatch/contracts';

import { SpreadPipeline } from './pipeline';
import { MINUTE_MS, T0 } from './testing/score-factory';
import type { AlertDraft } from './types';

// These cases are about the velocity path; the coordination and forecast stages have their own specs.
const VELOCITY_ONLY = { coordination: false, forecast: false } as const;

let nextId = 0;

function post(tsMs: number, tag: string, author: string): PostObservation {
  nextId++;
  return {
    type: 'post',
    source: 'test',
    id: String(nextId),
    ts: new Date(tsMs).toISOString(),
    kind: 'post',
    author: { id: author },
    hashtags: [tag],
  };
}

/** `count` posts of `tag` spread over the given minute, each by a different author. */
function minuteOf(minute: number, tag: string, count: number): PostObservation[] {
  return Array.from({ length: count }, (_, i) =>
    post(T0 + minute * MINUTE_MS + Math.floor((i * MINUTE_MS) / count), tag, `${tag}-u${i}`),
  );
}

function replay(sut: SpreadPipeline, observations: Observation[]): AlertDraft[] {
  const alerts: AlertDraft[] = [];
  for (const obs of observations) alerts.push(...sut.ingest(obs).alerts);
  alerts.push(...sut.flush().alerts);
  return alerts;
}

describe(SpreadPipeline.name, () => {
  it('fires for a brand-new term going 0→30/min within 3 minutes of its onset', () => {
    const sut = new SpreadPipeline(VELOCITY_ONLY);
    const onset = 30;
    const observations: Observation[] = [];
    for (let minute = 0; minute < onset + 10; minute++) {
      observations.push(...minuteOf(minute, 'background', 40));
      if (minute >= onset) observations.push(...minuteOf(minute, 'newleak', 30));
    }
    observations.sort((a, b) =>
      a.type === 'post' && b.type === 'post' ? a.ts.localeCompare(b.ts) : 0,
    );

    const alerts = replay(sut, observations);

    expect(alerts.map((a) => [a.term, a.status])).toEqual([['#newleak', 'firing']]);
    const delayMs = Date.parse((alerts[0] as AlertDraft).firedAt) - (T0 + onset * MINUTE_MS);
    expect(delayMs).toBeLessThanOrEqual(3 * MINUTE_MS);
  });

  it('stays quiet on a steady high-volume term', () => {
    const sut = new SpreadPipeline(VELOCITY_ONLY);
    const observations: Observation[] = [];
    for (let minute = 0; minute < 180; minute++) {
      observations.push(...minuteOf(minute, 'news', 200 + ((minute * 37) % 41) - 20));
    }
    expect(replay(sut, observations)).toEqual([]);
  });

  it('closes a minute only once the watermark passes its end plus the allowed lateness', () => {
    const sut = new SpreadPipeline({ ...VELOCITY_ONLY, scoring: { allowedLatenessMs: 30_000 } });
    const at = (seconds: number): number => T0 + seconds * 1000;

    const first = sut.ingest(post(at(10), 't', 'a'));
    expect(sut.ingest(post(at(80), 't', 'b'))).toBe(first); // shared empty output, nothing allocated
    expect(first.scores).toEqual([]);
    expect(sut.ingest(post(at(85), 't', 'c')).scores).toEqual([]); // 1:25 < 1:00 + 30 s
    const late = sut.ingest(post(at(55), 't', 'd')); // late but within lateness: still counted
    expect(late.scores).toEqual([]);

    const closed = sut.ingest(post(at(90), 't', 'e'));
    expect(closed.scores.map((s) => [s.bucketStart, s.count])).toEqual([[T0, 2]]);

    sut.ingest(post(at(50), 't', 'f')); // its minute has closed: dropped
    expect(sut.stats()).toMatchObject({ lateDropped: 1, watermark: at(90) });

    // Out-of-order data never moves the watermark back.
    sut.ingest(post(at(70), 't', 'g'));
    expect(sut.stats().watermark).toBe(at(90));
  });

  it('advanceTo() closes idle minutes for live ticks and flush() closes the rest', () => {
    const sut = new SpreadPipeline(VELOCITY_ONLY);
    sut.ingest(post(T0 + 5_000, 't', 'a'));
    expect(sut.advanceTo(T0 + 60_000).scores).toEqual([]);
    expect(sut.advanceTo(T0 + 90_000).scores.map((s) => s.count)).toEqual([1]);
    sut.ingest(post(T0 + 100_000, 't', 'b'));
    expect(sut.flush().scores.map((s) => s.count)).toEqual([1]);
    expect(sut.flush().scores).toEqual([]);
  });

  it('scores count observations and ignores deletes', () => {
    const sut = new SpreadPipeline(VELOCITY_ONLY);
    const observations: Observation[] = [];
    for (let i = 0; i < 40; i++) {
      const value = i < 30 ? 100 + ((i * 13) % 17) : 900;
      observations.push({
        type: 'count',
        source: 'csv',
        term: 'AAPL',
        ts: new Date(T0 + i * 5 * MINUTE_MS).toISOString(),
        interval: '5m',
        count: value,
      });
      observations.push({ type: 'delete', source: 'csv', id: String(i) });
    }
    const alerts = replay(sut, observations);
    expect(alerts.map((a) => [a.term, a.status])).toEqual([['aapl', 'firing']]);
    expect(Date.parse((alerts[0] as AlertDraft).firedAt)).toBeGreaterThan(T0 + 150 * MINUTE_MS);
  });

  it('warm() restores buckets and firing alerts', () => {
    const first = new SpreadPipeline(VELOCITY_ONLY);
    const buckets: { term: string; start: number; count: number; uniqueAuthors: number }[] = [];
    const observations: Observation[] = [];
    for (let minute = 0; minute < 60; minute++) {
      observations.push(...minuteOf(minute, 'steady', 10));
      if (minute >= 55) observations.push(...minuteOf(minute, 'burst', 40));
    }
    for (const obs of observations) {
      for (const s of first.ingest(obs).scores) {
        buckets.push({
          term: s.term,
          start: s.bucketStart,
          count: s.count,
          uniqueAuthors: s.uniqueAuthors,
        });
      }
    }
    const firing = first.engine.active();
    expect(firing.map((a) => a.term)).toEqual(['#burst']);

    const sut = new SpreadPipeline(VELOCITY_ONLY);
    sut.warm(buckets, firing);
    const quietAgain: Observation[] = [];
    for (let minute = 60; minute < 75; minute++) quietAgain.push(...minuteOf(minute, 'steady', 10));
    const alerts = replay(sut, quietAgain);
    expect(alerts.map((a) => [a.term, a.status, a.firedAt])).toEqual([
      ['#burst', 'resolved', firing[0]?.firedAt],
    ]);
  });
});

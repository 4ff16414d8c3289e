import type { CountObservation } from '@spreadwatch/contracts';

import {
  makePost,
  MINUTE_MS,
  type MinutePosts,
  poissonDraw,
  postsForMinute,
  seededRandom,
  T0,
} from './testing/stream-factory';
import type { ScoringConfig, TermScore } from './types';
import { VelocityScorer } from './velocity-scorer';

const FIRE_SCORE = 8; // the alerting default; scoring does not import alerting

/** Feeds `minutes` minutes of posts, advancing event time as a live stream would; returns scores by term. */
function run(
  minutes: number,
  perMinute: (minute: number) => MinutePosts[],
  config: Partial<ScoringConfig> = {},
): { sut: VelocityScorer; byTerm: Map<string, TermScore[]> } {
  const sut = new VelocityScorer(config);
  const byTerm = new Map<string, TermScore[]>();
  const collect = (scores: TermScore[]): void => {
    for (const score of scores) {
      const list = byTerm.get(score.term) ?? [];
      list.push(score);
      byTerm.set(score.term, list);
    }
  };
  for (let minute = 0; minute < minutes; minute++) {
    for (const spec of perMinute(minute)) {
      for (const { post, tsMs } of postsForMinute(minute, spec)) sut.observePost(post, tsMs);
    }
    collect(sut.advanceTo(T0 + (minute + 1) * MINUTE_MS + sut.config.allowedLatenessMs));
  }
  return { sut, byTerm };
}

function scoresOf(byTerm: Map<string, TermScore[]>, term: string): TermScore[] {
  return byTerm.get(term) ?? [];
}

describe(VelocityScorer.name, () => {
  describe('cold start', () => {
    it.each([
      { name: '0→30/min', rate: 30 },
      { name: '0→15/min', rate: 15 },
    ])(
      'a brand-new term going $name scores above the fire threshold within 3 minutes',
      ({ rate }) => {
        const onset = 40;
        const { byTerm } = run(onset + 10, (minute) => [
          { term: '#background', count: 20 },
          ...(minute >= onset ? [{ term: '#newleak', count: rate }] : []),
        ]);
        const scores = scoresOf(byTerm, '#newleak');
        const firstHigh = scores.find((s) => s.score >= FIRE_SCORE && s.windowUniqueAuthors >= 5);
        expect(firstHigh).toBeDefined();
        expect(
          ((firstHigh as TermScore).bucketStart - (T0 + onset * MINUTE_MS)) / MINUTE_MS,
        ).toBeLessThan(3);
      },
    );

    it('does not score terms during warm-up, when every term looks new', () => {
      const { byTerm } = run(20, () => [{ term: '#big', count: 300 }], { warmupMinutes: 15 });
      expect(scoresOf(byTerm, '#big').every((s) => s.score < FIRE_SCORE)).toBe(true);
    });
  });

  describe('steady terms', () => {
    it.each([
      { name: 'Poisson 500/min', mean: 500, overdispersion: 0 },
      { name: 'Poisson 40/min', mean: 40, overdispersion: 0 },
      { name: 'Poisson 2/min', mean: 2, overdispersion: 0 },
      { name: 'overdispersed 100/min (±30% minute to minute)', mean: 100, overdispersion: 0.3 },
    ])('$name never reaches the fire threshold over 6 hours', ({ mean, overdispersion }) => {
      const random = seededRandom(42);
      const { byTerm } = run(360, () => {
        const level = mean * Math.max(0, 1 + overdispersion * (random() * 2 - 1) * Math.sqrt(3));
        return [{ term: '#steady', count: poissonDraw(random, level) }];
      });
      const scores = scoresOf(byTerm, '#steady');
      expect(scores.length).toBe(360);
      expect(Math.max(...scores.map((s) => s.score))).toBeLessThan(FIRE_SCORE);
    });
  });

  describe('baseline robustness', () => {
    it.each([
      // Unclipped, the EWMA (half-life 60) would rise ~3× and ~15× here.
      { name: 'a 20× spike for 10 minutes', spike: 200, spikeMinutes: 10, maxLift: 1.15 },
      { name: 'a 50× spike for 30 minutes', spike: 500, spikeMinutes: 30, maxLift: 1.4 },
    ])('$name lifts the baseline by less than ×$maxLift', ({ spike, spikeMinutes, maxLift }) => {
      const random = seededRandom(7);
      const { byTerm } = run(120 + spikeMinutes, (minute) => [
        { term: '#topic', count: minute >= 120 ? spike : poissonDraw(random, 10) },
      ]);
      const scores = scoresOf(byTerm, '#topic');
      const before = (scores[119] as TermScore).baseline;
      const after = (scores[scores.length - 1] as TermScore).baseline;
      expect(after / before).toBeLessThan(maxLift);
      expect((scores[scores.length - 1] as TermScore).score).toBeGreaterThan(FIRE_SCORE);
    });
  });

  describe('minute buckets', () => {
    it('emits empty minutes for active terms so the rate decays, then goes dormant', () => {
      const { byTerm, sut } = run(60, (minute) =>
        minute < 20 ? [{ term: '#fading', count: 10 }] : [],
      );
      const scores = scoresOf(byTerm, '#fading');
      const afterStop = scores.filter((s) => s.bucketStart >= T0 + 20 * MINUTE_MS);
      expect(afterStop.length).toBeGreaterThan(5);
      expect(afterStop.every((s) => s.count === 0)).toBe(true);
      for (let i = 1; i < afterStop.length; i++) {
        expect((afterStop[i] as TermScore).rate).toBeLessThan((afterStop[i - 1] as TermScore).rate);
        expect((afterStop[i] as TermScore).velocity).toBeLessThanOrEqual(0);
      }
      expect(scores.length).toBeLessThan(60);
      expect(sut.stats().activeTerms).toBe(0);
    });

    it('closes minutes in time order with consecutive bucket starts', () => {
      const { byTerm } = run(10, () => [{ term: '#a', count: 3 }]);
      const starts = scoresOf(byTerm, '#a').map((s) => (s.bucketStart - T0) / MINUTE_MS);
      expect(starts).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    });

    it('counts window authors and top accounts over the window only', () => {
      const sut = new VelocityScorer({ warmupMinutes: 0, windowMinutes: 2, allowedLatenessMs: 0 });
      const posts: [minute: number, author: string][] = [
        [0, 'x'],
        [0, 'x'],
        [0, 'y'],
        [1, 'y'],
        [1, 'z'],
        [2, 'z'],
        [2, 'z'],
      ];
      posts.forEach(([minute, author], i) => {
        const tsMs = T0 + minute * MINUTE_MS + i * 1000;
        sut.observePost(makePost({ id: `p${i}`, author: { id: author }, hashtags: ['t'] }), tsMs);
      });
      const scores = sut.advanceTo(T0 + 3 * MINUTE_MS);
      expect(
        scores.map((s) => [s.count, s.uniqueAuthors, s.windowCount, s.windowUniqueAuthors]),
      ).toEqual([
        [3, 2, 3, 2],
        [2, 2, 5, 3],
        [2, 1, 4, 2],
      ]);
      expect(scores[2]?.topAccounts).toEqual([
        { id: 'z', count: 3 },
        { id: 'y', count: 1 },
      ]);
    });
  });

  describe('event time and lateness', () => {
    it.each([
      { name: 'within lateness: counted', lateBy: 20_000, counted: true },
      { name: 'after its minute closed: dropped', lateBy: 45_000, counted: false },
    ])('a post arriving $name', ({ lateBy, counted }) => {
      const sut = new VelocityScorer({ allowedLatenessMs: 30_000 });
      sut.observePost(makePost({ hashtags: ['t'] }), T0 + 10_000);
      const watermark = T0 + MINUTE_MS + lateBy;
      const closedEarly = sut.advanceTo(watermark);
      const accepted = sut.observePost(makePost({ id: 'late', hashtags: ['t'] }), T0 + 50_000);
      const scores = [...closedEarly, ...sut.flush()];
      expect(accepted).toBe(counted);
      expect(scores[0]?.count).toBe(counted ? 2 : 1);
      expect(sut.stats().lateDropped).toBe(counted ? 0 : 1);
    });

    it('returns the shared empty array while no minute can close', () => {
      const sut = new VelocityScorer();
      sut.observePost(makePost({ hashtags: ['t'] }), T0);
      expect(sut.advanceTo(T0 + 59_000)).toBe(sut.advanceTo(T0 + 60_000));
      expect(sut.nextCloseAt()).toBe(T0 + MINUTE_MS + 30_000);
    });
  });

  describe('count observations', () => {
    const count = (overrides: Partial<CountObservation>): CountObservation => ({
      type: 'count',
      source: 'x-counts',
      term: '#Leaked',
      ts: new Date(T0).toISOString(),
      interval: '5m',
      count: 100,
      ...overrides,
    });

    it.each([
      { interval: '5m', value: 100, perMinute: [20, 20, 20, 20, 20] },
      { interval: '1m', value: 7, perMinute: [7] },
      { interval: '30s', value: 4, perMinute: [4] },
      { interval: '2m', value: 3, perMinute: [1.5, 1.5] },
    ])(
      'a $interval count of $value is spread evenly over its minutes',
      ({ interval, value, perMinute }) => {
        const sut = new VelocityScorer();
        expect(sut.observeCount(count({ interval, count: value }))).toBe(true);
        const scores = sut.flush();
        expect(scores.map((s) => s.term)).toEqual(perMinute.map(() => '#leaked'));
        expect(scores.map((s) => s.count)).toEqual(perMinute);
        // Aggregates carry no authors: each counted post stands for its own author.
        expect(scores.map((s) => s.uniqueAuthors)).toEqual(perMinute);
      },
    );

    it('scores a jump in a count series', () => {
      const sut = new VelocityScorer();
      const scores: TermScore[] = [];
      for (let i = 0; i < 60; i++) {
        const value = i < 50 ? 100 + ((i * 7) % 11) : 600;
        sut.observeCount(
          count({ term: 'AAPL', ts: new Date(T0 + i * 5 * MINUTE_MS).toISOString(), count: value }),
        );
        scores.push(...sut.advanceTo(T0 + i * 5 * MINUTE_MS));
      }
      scores.push(...sut.flush());
      const quiet = scores.filter((s) => s.bucketStart < T0 + 250 * MINUTE_MS);
      const jump = scores.filter((s) => s.bucketStart >= T0 + 250 * MINUTE_MS);
      expect(Math.max(...quiet.map((s) => s.score))).toBeLessThan(FIRE_SCORE);
      expect(Math.max(...jump.map((s) => s.score))).toBeGreaterThan(FIRE_SCORE);
    });
  });

  describe('restart and memory', () => {
    it('warm() restores baselines from stored buckets', () => {
      const live = run(120, () => [{ term: '#t', count: 12 }]);
      const stored = scoresOf(live.byTerm, '#t').map((s) => ({
        term: s.term,
        start: s.bucketStart,
        count: s.count,
        uniqueAuthors: s.uniqueAuthors,
      }));
      const sut = new VelocityScorer();
      sut.warm(stored.reverse());
      expect(sut.observePost(makePost({ hashtags: ['t'] }), T0 + 119 * MINUTE_MS)).toBe(false);
      for (const { post, tsMs } of postsForMinute(120, { term: '#t', count: 12 }))
        sut.observePost(post, tsMs);
      const [score] = sut.flush();
      expect(score?.bucketStart).toBe(T0 + 120 * MINUTE_MS);
      expect(score?.baseline).toBeCloseTo(12, 0);
      expect(score?.score).toBeLessThan(1);
    });

    it('warm() refuses to run after observations', () => {
      const sut = new VelocityScorer();
      sut.observePost(makePost({ hashtags: ['t'] }), T0);
      expect(() => sut.warm([])).toThrow(/before any observation/);
    });

    it('forgets idle terms', () => {
      const { sut } = run(
        200,
        (minute) => [
          { term: '#keep', count: 2 },
          ...(minute < 5 ? [{ term: '#once', count: 3 }] : []),
        ],
        { idleEvictMinutes: 60 },
      );
      expect(sut.stats().terms).toBe(1);
      expect(sut.latest().map((s) => s.term)).toEqual(['#keep']);
    });

    it('lists the top rising terms', () => {
      const { sut } = run(40, (minute) => [
        { term: '#calm', count: 10 },
        ...(minute >= 35 ? [{ term: '#rising', count: 40 }] : []),
      ]);
      expect(sut.topTerms(1).map((s) => s.term)).toEqual(['#rising']);
    });
  });

  it('rejects an invalid config', () => {
    expect(() => new VelocityScorer({ windowMinutes: 0, coldStartRate: 0 })).toThrow(
      /windowMinutes.*coldStartRate/,
    );
  });
});

import { EvidenceSchema } from '@spreadwatch/contracts';

import { iso, makeScore } from './testing/score-factory';
import type { AlertDraft } from './types';
import { DEFAULT_VELOCITY_RULE, VelocityAlertEngine } from './velocity-alert-engine';

/** Feeds one score per minute and returns the transitions as `minute:status:severity`. */
function transitions(scores: number[], engine = new VelocityAlertEngine()): string[] {
  const out: string[] = [];
  scores.forEach((score, minute) => {
    for (const draft of engine.evaluate([makeScore(minute, score)])) {
      out.push(`${minute}:${draft.status}:${draft.severity}`);
    }
  });
  return out;
}

describe(VelocityAlertEngine.name, () => {
  // Default rule: fire ≥ 5, critical ≥ 20, resolve after 5 minutes below 2, then a day in which only a score above
  // the episode's peak fires again.
  it.each([
    { name: 'fires once on crossing', scores: [1, 9, 9, 9], want: ['1:firing:warning'] },
    { name: 'critical straight away', scores: [25], want: ['0:firing:critical'] },
    {
      name: 'escalates warning → critical once',
      scores: [9, 25, 9, 30],
      want: ['0:firing:warning', '1:firing:critical'],
    },
    {
      name: 'no flapping around fireScore',
      scores: [5.1, 4.9, 5.1, 4.9, 5.1, 4.9],
      want: ['0:firing:warning'],
    },
    {
      name: 'resolves after 5 minutes below 2',
      scores: [9, 1, 1, 1, 1, 1],
      want: ['0:firing:warning', '5:resolved:warning'],
    },
    {
      name: 'a minute back above resolveScore restarts the resolve countdown',
      scores: [9, 1, 1, 1, 1, 3, 1, 1, 1, 1, 1],
      want: ['0:firing:warning', '10:resolved:warning'],
    },
    {
      name: 'scores between resolve and fire keep it firing',
      scores: [9, 3, 3, 3, 3, 3, 3, 3],
      want: ['0:firing:warning'],
    },
    {
      name: 'refractory: no new alert for the same strength right after resolving',
      scores: [9, 0, 0, 0, 0, 0, 9],
      want: ['0:firing:warning', '5:resolved:warning'],
    },
    {
      name: 'refractory: fires again above the resolved episode peak',
      scores: [9, 12, 0, 0, 0, 0, 0, 11, 12.5],
      want: ['0:firing:warning', '6:resolved:warning', '8:firing:warning'],
    },
    { name: 'never fires below fireScore', scores: [4.99, 4.99, 4.99], want: [] },
  ])('$name', ({ scores, want }) => {
    expect(transitions(scores)).toEqual(want);
  });

  it.each([
    { name: 'too few posts in the window', overrides: { windowCount: 19 } },
    { name: 'too few distinct authors', overrides: { windowUniqueAuthors: 4 } },
    {
      name: 'less than minRatio × expected',
      overrides: { windowCount: 400, expectedWindowCount: 150 },
    },
  ])('does not fire with $name', ({ overrides }) => {
    const sut = new VelocityAlertEngine();
    expect(sut.evaluate([makeScore(0, 50, overrides)])).toEqual([]);
    expect(sut.active()).toEqual([]);
  });

  it.each([
    { name: 'default refractory (1 day)', rule: {}, gapMinutes: 1440, want: true },
    { name: 'default refractory (1 day)', rule: {}, gapMinutes: 1439, want: false },
    { name: 'refractory turned off', rule: { refractoryMinutes: 0 }, gapMinutes: 1, want: true },
  ])(
    '$name: fires again $gapMinutes minutes after resolving → $want',
    ({ rule, gapMinutes, want }) => {
      const sut = new VelocityAlertEngine(rule);
      sut.evaluate([makeScore(0, 9)]);
      for (let minute = 1; minute <= 5; minute++) sut.evaluate([makeScore(minute, 0)]);
      // Resolved at the end of minute 5 (= start of minute 6); the gap runs from there to the new minute.
      const again = sut.evaluate([makeScore(6 + gapMinutes, 9)]);
      expect(again.map((d) => d.status)).toEqual(want ? ['firing'] : []);
    },
  );

  it.each([
    {
      name: 'aggregate counts below the post volume gate',
      windowCount: 10,
      aggregate: 10,
      want: 1,
    },
    { name: 'posts below the post volume gate', windowCount: 10, aggregate: 0, want: 0 },
    { name: 'posts and aggregates mixed, below the gate', windowCount: 10, aggregate: 6, want: 0 },
  ])('volume gate: $name', ({ windowCount, aggregate, want }) => {
    const sut = new VelocityAlertEngine();
    const score = makeScore(0, 9, {
      windowCount,
      windowAggregateCount: aggregate,
      windowUniqueAuthors: aggregate > 0 ? windowCount : 3,
      expectedWindowCount: 1,
    });
    expect(sut.evaluate([score])).toHaveLength(want);
  });

  it('builds drafts with labels, event times, one-sentence summary and evidence', () => {
    const sut = new VelocityAlertEngine();
    const [fired] = sut.evaluate([makeScore(3, 12.3456)]);
    const resolved = [0, 1, 2, 3, 4].flatMap((i) => sut.evaluate([makeScore(4 + i, 1)]));
    expect(fired).toMatchObject<Partial<AlertDraft>>({
      kind: 'velocity',
      status: 'firing',
      severity: 'warning',
      labels: { alertname: 'TermVelocity', kind: 'velocity', term: '#leaked' },
      term: '#leaked',
      score: 12.35,
      firedAt: iso(4),
      resolvedAt: null,
    });
    expect(fired?.summary).toBe(
      '#leaked is spreading fast: 100 posts in 5 min from 60 accounts, 20× the 5 expected (score 12.3).',
    );
    expect(fired?.evidence).toMatchObject({
      windowCount: 100,
      windowMinutes: 5,
      baseline: 5,
      statistic: 'spread_score',
      value: 12.346,
      threshold: DEFAULT_VELOCITY_RULE.fireScore,
      uniqueAuthors: 60,
      topAccounts: [{ id: 'u1', count: 4 }],
    });
    expect(EvidenceSchema.safeParse(fired?.evidence).success).toBe(true);
    expect(resolved).toHaveLength(1);
    expect(resolved[0]).toMatchObject({
      status: 'resolved',
      fingerprint: fired?.fingerprint,
      firedAt: iso(4),
      resolvedAt: iso(9),
    });
  });

  it('restore() re-arms firing alerts so they resolve instead of firing again', () => {
    const first = new VelocityAlertEngine();
    const [fired] = first.evaluate([makeScore(0, 15)]);
    const sut = new VelocityAlertEngine();
    sut.restore(first.active());
    expect(sut.active()).toEqual([fired]);
    expect(sut.evaluate([makeScore(1, 15)])).toEqual([]);
    const later = [2, 3, 4, 5, 6].flatMap((minute) => sut.evaluate([makeScore(minute, 0)]));
    expect(later.map((d) => [d.status, d.firedAt])).toEqual([['resolved', fired?.firedAt]]);
  });

  it('keeps terms apart', () => {
    const sut = new VelocityAlertEngine();
    const drafts = sut.evaluate([makeScore(0, 9, { term: '#a' }), makeScore(0, 9, { term: '#b' })]);
    expect(drafts.map((d) => d.term)).toEqual(['#a', '#b']);
    expect(new Set(drafts.map((d) => d.fingerprint)).size).toBe(2);
  });

  it('rejects resolveScore above fireScore', () => {
    expect(() => new VelocityAlertEngine({ fireScore: 5, resolveScore: 6 })).toThrow(
      /resolveScore/,
    );
  });
});

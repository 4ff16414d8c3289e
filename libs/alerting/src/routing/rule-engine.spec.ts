import type { Condition } from '@spreadwatch/contracts';
import type { TermScore } from '@spreadwatch/scoring';

import { evaluateCondition, RuleEngine, type RuleDefinition } from './rule-engine';

const MIN = 60_000;

function score(minute: number, over: Partial<TermScore> = {}): TermScore {
  return {
    term: '#leak',
    bucketStart: minute * MIN,
    count: 50,
    uniqueAuthors: 40,
    rate: 50,
    baseline: 2,
    velocity: 5,
    score: 12,
    windowCount: 200,
    windowMinutes: 5,
    expectedWindowCount: 10,
    windowUniqueAuthors: 40,
    topAccounts: [],
    dispersion: 1,
    ...over,
  } as TermScore;
}

const rule: RuleDefinition = {
  id: 'r1',
  name: 'CoordinatedSpike',
  description: 'fast and pushed by a cluster',
  enabled: true,
  when: {
    all: [
      { metric: 'score', op: '>=', value: 8 },
      { metric: 'amplificationShare', op: '>=', value: 0.3 },
    ],
  },
  severity: 'warning',
  escalate: [
    { severity: 'critical', when: { metric: 'amplificationShare', op: '>=', value: 0.6 } },
  ],
  forMinutes: 2,
  resolveAfterMinutes: 2,
  labels: { team: 'tns' },
};

describe(RuleEngine.name, () => {
  it.each<[Condition, Record<string, number>, boolean]>([
    [{ metric: 'score', op: '>', value: 5 }, { score: 6 }, true],
    [{ metric: 'amplificationShare', op: '>', value: 0 }, { score: 6 }, false],
    [
      {
        any: [
          { metric: 'score', op: '>', value: 50 },
          { metric: 'ratio', op: '>=', value: 3 },
        ],
      },
      { score: 6, ratio: 3 },
      true,
    ],
    [{ not: { metric: 'score', op: '<', value: 5 } }, { score: 6 }, true],
  ])('evaluates %j on %j → %s', (condition, metrics, expected) => {
    expect(evaluateCondition(condition, metrics)).toBe(expected);
  });

  it('fires after forMinutes of velocity AND amplification share, escalates, then resolves', () => {
    const share = new Map<number, number>([
      [0, 0.4],
      [1, 0.4],
      [2, 0.7],
    ]);
    const engine = new RuleEngine([rule], (_, start) => {
      const v = share.get(start / MIN);
      return v === undefined ? undefined : { amplificationShare: v };
    });
    const out = [0, 1, 2, 3, 4, 5].map((m) =>
      engine.evaluate([score(m)]).map((d) => `${m}:${d.status}:${d.severity}`),
    );
    expect(out).toEqual([
      [],
      ['1:firing:warning'],
      ['2:firing:critical'],
      [],
      ['4:resolved:critical'],
      [],
    ]);
  });

  it('does not fire on velocity alone when the rule also needs amplification', () => {
    const engine = new RuleEngine([rule]);
    expect([0, 1, 2].flatMap((m) => engine.evaluate([score(m)]))).toEqual([]);
  });

  it('labels alerts with the rule and keeps one fingerprint per (rule, term)', () => {
    const engine = new RuleEngine([{ ...rule, forMinutes: 1 }], () => ({
      amplificationShare: 0.5,
    }));
    const [fired] = engine.evaluate([score(0)]);
    expect(fired?.labels).toEqual({
      team: 'tns',
      alertname: 'CoordinatedSpike',
      kind: 'velocity',
      rule: 'r1',
      term: '#leak',
    });
    const restored = new RuleEngine([rule], () => ({ amplificationShare: 0.5 }));
    restored.restore(fired === undefined ? [] : [fired]);
    expect(restored.evaluate([score(1)])).toEqual([]);
  });
});

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
  // Default rule: fire ≥ 8, critical ≥ 20, resolve after 5 minutes below 4.
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
      scores: [8.1, 7.9, 8.1, 7.9, 8.1, 7.9],
      want: ['0:firing:warning'],
    },
    {
      name: 'resolves after 5 minutes below 4',
      scores: [9, 3, 3, 3, 3, 3],
      want: ['0:firing:warning', '5:resolved:warning'],
    },
    {
      name: 'a minute back above resolveScore restarts the resolve countdown',
      scores: [9, 3, 3, 3, 3, 5, 3, 3, 3, 3, 3],
      want: ['0:firing:warning', '10:resolved:warning'],
    },
    {
      name: 'scores between resolve and fire keep it firing',
      scores: [9, 5, 5, 5, 5, 5, 5, 5],
      want: ['0:firing:warning'],
    },
    {
      name: 'fires again after resolving',
      scores: [9, 0, 0, 0, 0, 0, 9],
      want: ['0:firing:warning', '5:resolved:warning', '6:firing:warning'],
    },
    { name: 'never fires below fireScore', scores: [7.99, 7.99, 7.99], want: [] },
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
      statistic: 'poisson_tail_log10',
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

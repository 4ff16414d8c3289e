import { AlertSchema } from '@spreadwatch/contracts';

import { AlertStamper } from './alert-stamper';
import { makeScore } from './testing/score-factory';
import { VelocityAlertEngine } from './velocity-alert-engine';

describe(AlertStamper.name, () => {
  it('stamps schema-valid alerts with a monotonic seq and one id per firing episode', () => {
    const engine = new VelocityAlertEngine();
    // The second episode beats the first one's peak, so the refractory period lets it fire.
    const scores = [9, 25, 0, 0, 0, 0, 0, 30];
    const drafts = scores.flatMap((score, minute) => engine.evaluate([makeScore(minute, score)]));
    const sut = new AlertStamper(41);
    const alerts = drafts.map((draft) => sut.stamp(draft));

    for (const alert of alerts) expect(AlertSchema.safeParse(alert).error).toBeUndefined();
    expect(alerts.map((a) => a.seq)).toEqual([42, 43, 44, 45]);
    expect(alerts.map((a) => a.status)).toEqual(['firing', 'firing', 'resolved', 'firing']);
    const [fired, escalated, resolved, again] = alerts;
    expect(escalated?.id).toBe(fired?.id);
    expect(resolved?.id).toBe(fired?.id);
    expect(again?.id).not.toBe(fired?.id);
    expect(again?.fingerprint).toBe(fired?.fingerprint);
    expect(sut.lastSeq()).toBe(45);
  });
});

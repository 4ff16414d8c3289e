import type { PostObservation } from '@spreadwatch/contracts';

import { coordinationLabels, CoordinationStage } from './coordination-stage';
import { fingerprint } from './fingerprint';
import { SpreadPipeline } from './pipeline';
import type { AlertDraft } from './types';
import { velocityLabels } from './velocity-alert-engine';

const T0 = Date.parse('2024-03-01T12:00:00Z');
let nextId = 0;

function post(t: number, author: string, tag: string, text: string, url?: string): PostObservation {
  return {
    type: 'post',
    source: 'test',
    id: `s${nextId++}`,
    ts: new Date(t).toISOString(),
    kind: 'post',
    author: { id: author, handle: author },
    text,
    hashtags: [tag],
    urls: url === undefined ? [] : [url],
  };
}

/** 40 minutes of varied background, then 25 accounts push a new tag with copy-paste text every 40 s. */
function world(): PostObservation[] {
  const out: PostObservation[] = [];
  for (let s = 0; s < 40 * 60; s += 2) {
    const i = (s * 7919) % 997;
    out.push(
      post(
        T0 + s * 1000,
        `user${i}`,
        `topic${i % 9}`,
        `note ${i} about thing ${(i * 13) % 101} today`,
      ),
    );
  }
  for (let w = 0; w < 25; w++) {
    for (let b = 0; b < 25; b++) {
      const t = T0 + 20 * 60_000 + w * 40_000 + ((b * 104729) % 4000);
      out.push(
        post(
          t,
          `bot${b}`,
          'fullvideolink',
          'FULL video link here watch now',
          'https://x.example/v/9',
        ),
      );
    }
  }
  return out.sort((a, b) => a.ts.localeCompare(b.ts));
}

function replay(sut: SpreadPipeline, posts: PostObservation[]): AlertDraft[] {
  const alerts: AlertDraft[] = [];
  for (const p of posts) alerts.push(...sut.ingest(p).alerts);
  alerts.push(...sut.flush().alerts);
  return alerts;
}

describe(CoordinationStage.name, () => {
  it('raises a coordination alert naming the accounts and the pushed term, cross-referenced with velocity', () => {
    const sut = new SpreadPipeline({ forecast: false });
    const alerts = replay(sut, world());
    const coordination = alerts.filter((a) => a.kind === 'coordination');
    expect(coordination.length).toBeGreaterThan(0);
    const first = coordination[0]!;
    expect(first.status).toBe('firing');
    expect(first.term).toBe('#fullvideolink');
    expect(first.accounts?.length).toBeGreaterThanOrEqual(20);
    expect(first.accounts?.every((a) => a.startsWith('bot'))).toBe(true);
    expect(first.fingerprint).toBe(fingerprint(coordinationLabels(first.labels['cluster']!)));
    expect(Date.parse(first.firedAt) - (T0 + 20 * 60_000)).toBeLessThanOrEqual(5 * 60_000);

    // One picture: the velocity alert on the same term carries the cluster and its share, and vice versa.
    const velocity = alerts.filter((a) => a.kind === 'velocity' && a.term === '#fullvideolink');
    expect(velocity.length).toBeGreaterThan(0);
    const annotated = velocity.find((v) => v.evidence['amplificationShare'] !== undefined);
    expect(annotated?.evidence['relatedAlerts']).toContain(first.fingerprint);
    const related = coordination.find((c) =>
      (c.evidence['relatedAlerts'] as string[]).includes(
        fingerprint(velocityLabels('#fullvideolink')),
      ),
    );
    expect(related).toBeDefined();
    const picture = sut.coordination!.termPicture('#fullvideolink', sut.engine.active());
    expect(picture.clusterIds.length).toBeGreaterThan(0);
    expect(picture.amplificationShare).toBeGreaterThan(0.5);
  });

  it('stays silent on background alone and can be turned off', () => {
    const background = world().filter((p) => !p.author.id.startsWith('bot'));
    expect(
      replay(new SpreadPipeline({ forecast: false }), background).filter(
        (a) => a.kind === 'coordination',
      ),
    ).toEqual([]);
    const off = new SpreadPipeline({ forecast: false, coordination: false });
    expect(replay(off, world()).some((a) => a.kind === 'coordination')).toBe(false);
    expect(off.coordination).toBeNull();
  });

  it('resolves a restored coordination alert whose cluster is not seen again', () => {
    const stage = new CoordinationStage({ config: { resolveAfterMs: 60_000 } });
    const labels = coordinationLabels('c-old');
    const draft: AlertDraft = {
      fingerprint: fingerprint(labels),
      kind: 'coordination',
      status: 'firing',
      severity: 'warning',
      labels,
      score: 1,
      firedAt: new Date(T0).toISOString(),
      resolvedAt: null,
      summary: '5 accounts are acting together on #x: 9 co-actions.',
      evidence: {},
    };
    stage.restore([draft], T0);
    stage.observePost(post(T0 + 1000, 'u', 't', 'hello there'), T0 + 1000);
    const out = stage.advance(T0 + 5 * 60_000, [], () => []);
    expect(out.alerts.map((a) => [a.fingerprint, a.status])).toEqual([
      [draft.fingerprint, 'resolved'],
    ]);
  });
});

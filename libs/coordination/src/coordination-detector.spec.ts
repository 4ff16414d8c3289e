import type { PostObservation } from '@spreadwatch/contracts';

import { CoordinationDetector } from './coordination-detector';
import type { ClusterUpdate } from './types';

const T0 = Date.parse('2024-03-01T12:00:00Z');
const DAY = 86_400_000;
let nextId = 0;

function post(t: number, author: string, fields: Partial<PostObservation> = {}): PostObservation {
  return {
    type: 'post',
    source: 'test',
    id: `p${nextId++}`,
    ts: new Date(t).toISOString(),
    kind: 'post',
    author: {
      id: author,
      handle: author,
      createdAt: new Date(T0 - 3 * DAY).toISOString(),
      followers: 3,
      following: 900,
    },
    ...fields,
  };
}

/** `n` accounts post near-identical bait with one link in waves `gapMs` apart, each within `jitterMs`. */
function campaign(n: number, waves: number, jitterMs: number, gapMs = 40_000): PostObservation[] {
  const out: PostObservation[] = [];
  for (let w = 0; w < waves; w++) {
    for (let i = 0; i < n; i++) {
      const t = T0 + w * gapMs + ((i * 7919 + w * 104729) % Math.max(1, jitterMs));
      out.push(
        post(t, `bot${i}`, {
          text: `full leaked video of the star ${w % 2 === 0 ? '🔥' : '👀'} https://x.example/v/1?ref=${i} #fullvideo`,
          hashtags: ['fullvideo'],
          urls: [`https://x.example/v/1?ref=${i}`],
        }),
      );
    }
  }
  return out;
}

/** Many distinct accounts each post once on a tag with their own words within a few minutes. */
function newsBurst(n: number, spreadMs: number): PostObservation[] {
  return Array.from({ length: n }, (_, i) =>
    post(T0 + Math.floor((i * spreadMs) / n), `reader${i}`, {
      text: `report ${i} on the storm near town ${i % 13} road ${i % 7} #storm`,
      hashtags: ['storm'],
      urls: [],
    }),
  );
}

/** Fans repost one celebrity post within minutes. */
function fans(n: number, spreadMs: number): PostObservation[] {
  const original = post(T0, 'celebrity', {
    text: 'new single out now #music',
    hashtags: ['music'],
  });
  return [
    original,
    ...Array.from({ length: n }, (_, i) =>
      post(T0 + 1000 + Math.floor((i * spreadMs) / n), `fan${i}`, {
        kind: 'repost',
        parentId: original.id,
        text: original.text,
        hashtags: ['music'],
      }),
    ),
  ];
}

function run(posts: PostObservation[], detector = new CoordinationDetector()): ClusterUpdate[] {
  const sorted = [...posts].sort((a, b) => a.ts.localeCompare(b.ts));
  const updates: ClusterUpdate[] = [];
  let last = T0;
  for (const p of sorted) {
    last = Date.parse(p.ts);
    detector.observePost(p, last);
    updates.push(...detector.advanceTo(last));
  }
  updates.push(...detector.advanceTo(last + 2 * 60_000));
  return updates;
}

describe(CoordinationDetector.name, () => {
  it.each([
    [5, 2_000],
    [20, 30_000],
    [60, 60_000],
  ])('flags a campaign of %d accounts (jitter %d ms) as one cluster with evidence', (n, jitter) => {
    const updates = run(campaign(n, 12, jitter));
    const flagged = new Set(updates.flatMap((u) => u.cluster.accounts));
    expect(flagged.size).toBe(n);
    const first = updates[0]!;
    expect(first.change).toBe('new');
    expect(Date.parse(first.cluster.flaggedAt) - T0).toBeLessThanOrEqual(5 * 60_000);
    const e = first.cluster.evidence;
    expect(e.terms[0]?.term).toBe('#fullvideo');
    // Large groups may be split into several clusters; each reports its own share.
    expect(e.terms[0]?.amplificationShare).toBeGreaterThan(0.2);
    expect(e.sharedObjects.some((o) => o.channel === 'url' && o.accounts >= 2)).toBe(true);
    expect(e.gapHistogram.reduce((s, b) => s + b.count, 0)).toBeGreaterThan(0);
    expect(first.cluster.members[0]?.attributions.length).toBeGreaterThan(0);
  });

  it.each([
    ['a news hashtag posted by 400 accounts in 3 minutes', newsBurst(400, 180_000)],
    ['1,000 fans reposting one celebrity post in 5 minutes', fans(1000, 300_000)],
  ])('does not flag %s', (_name, posts) => {
    expect(run(posts)).toEqual([]);
  });

  it('resolves a cluster once it stops acting together', () => {
    const detector = new CoordinationDetector({ resolveAfterMs: 10 * 60_000 });
    const updates = run(campaign(10, 10, 3_000), detector);
    const later = detector.advanceTo(T0 + 60 * 60_000);
    expect(updates.some((u) => u.change === 'new')).toBe(true);
    expect(later.map((u) => u.change)).toEqual(['resolved']);
    expect(later[0]?.cluster.status).toBe('resolved');
  });

  it('gives the same clusters for the same stream (replay is deterministic)', () => {
    const posts = [...campaign(15, 10, 10_000), ...newsBurst(100, 120_000)];
    const ids = (u: ClusterUpdate[]): string[] =>
      u.map((x) => `${x.change}:${x.cluster.id}:${x.cluster.size}`);
    expect(ids(run(posts))).toEqual(ids(run(posts)));
  });

  it('reports a bot-likeness score with attributions for a known account', () => {
    const detector = new CoordinationDetector();
    run(campaign(5, 5, 1_000), detector);
    const score = detector.accountScore('bot1');
    expect(score?.score).toBeGreaterThan(0.5);
    expect(detector.accountScore('nobody')).toBeNull();
  });

  it('rejects an invalid configuration', () => {
    expect(() => new CoordinationDetector({ edgePercentile: 2 })).toThrow(RangeError);
  });
});

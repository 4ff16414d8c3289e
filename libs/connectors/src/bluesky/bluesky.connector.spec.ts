import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { Observation } from '@spreadwatch/contracts';

import type { FetchResult } from '../connector';
import {
  type FixtureServer,
  type JetstreamReplayServer,
  loadFixture,
  startFixtureServer,
  startJetstreamReplay,
} from '../testing/fixture-server';
import { FakeRuntime, fixtureDir, golden, summarize, testClient } from '../testing/test-kit';
import { BlueskySearchConnector } from './bluesky-search.connector';
import { BlueskySession } from './bluesky-session';
import { mapPostView, parseJetstreamLines, sliceUtf8 } from './bluesky.parser';
import { JetstreamConnector } from './jetstream.connector';

const DIR = fixtureDir('bluesky');
const lines = (file: string): string[] =>
  readFileSync(join(DIR, file), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '');
const T0 = Date.parse('2025-05-19T17:45:00Z');

// Synthetic: session answers were not recorded; a JWT whose exp is 2 h after T0.
function jwt(expMs: number): string {
  const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${b64({ alg: 'none' })}.${b64({ exp: Math.floor(expMs / 1000) })}.sig`;
}
const session = (n: number) => ({
  status: 200,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({
    accessJwt: jwt(T0 + 2 * 3_600_000 * n),
    refreshJwt: `refresh-${n}`,
    did: 'did:plc:test',
    handle: 'test.bsky.social',
  }),
});

describe(BlueskySearchConnector.name, () => {
  let server: FixtureServer;
  afterEach(async () => {
    await server.close();
  });

  it('logs in once, searches with the session, maps 25 recorded posts to golden observations, and refreshes an expired session', async () => {
    server = await startFixtureServer([
      { method: 'POST', path: '/xrpc/com.atproto.server.createSession', responses: [session(1)] },
      { method: 'POST', path: '/xrpc/com.atproto.server.refreshSession', responses: [session(2)] },
      {
        path: '/xrpc/app.bsky.feed.searchPosts',
        responses: [loadFixture(DIR, 'bskyr__searchPosts_q_redistricting.json')],
      },
    ]);
    const runtime = new FakeRuntime(T0);
    const http = testClient(runtime);
    const s = new BlueskySession({
      serviceUrl: server.url,
      identifier: 'test.bsky.social',
      password: 'app-pass',
      http,
      runtime,
    });
    const c = new BlueskySearchConnector({
      source: 'bsky',
      serviceUrl: server.url,
      query: 'redistricting',
      http,
      session: s,
    });

    const first = await c.fetchSince(null);
    expect(first.problems).toEqual([]);
    expect(summarize(first.observations)).toEqual(
      golden(__dirname, 'bluesky-searchPosts', summarize(first.observations)),
    );
    expect(first.rateLimit).toMatchObject({ limit: 3000, remaining: 2983, resetAt: 1747676784000 });
    const state = JSON.parse(first.nextCursor ?? '{}') as { hwm: string };
    expect(state.hwm).toBe('2025-05-19T17:10:09.813Z');

    // Second poll: same session, `since` = our high-water mark; recorded posts come again and are dropped.
    const second = await c.fetchSince(first.nextCursor);
    expect(second.observations).toEqual([]);
    expect(s.logins).toBe(1);
    expect(server.requests.filter((r) => r.includes('searchPosts'))[1]).toContain(
      'since=2025-05-19T17%3A10%3A09.813Z',
    );

    runtime.t += 3 * 3_600_000;
    await c.fetchSince(second.nextCursor);
    expect(s.logins).toBe(1);
    expect(s.refreshes).toBe(1);
    const auth = server.requestHeaders.map((h) => h['authorization']);
    expect(auth.filter((a) => a === `Bearer refresh-1`)).toHaveLength(1);
  });

  it('takes hashtags from #tag facets and record.tags, and slices facet text by UTF-8 bytes', () => {
    const text = 'café #日本語 ok';
    const start = Buffer.byteLength('café ');
    const end = start + Buffer.byteLength('#日本語');
    expect(sliceUtf8(text, start, end)).toBe('#日本語');
    const post = mapPostView(
      {
        uri: 'at://did:plc:a/app.bsky.feed.post/1',
        indexedAt: '2025-05-19T17:10:09.813Z',
        author: { did: 'did:plc:a', handle: 'a.test' },
        record: {
          text,
          createdAt: '2025-05-19T17:10:09.561858Z',
          tags: ['Outline'],
          facets: [
            {
              index: { byteStart: start, byteEnd: end },
              features: [{ $type: 'app.bsky.richtext.facet#tag' }],
            },
          ],
        },
      },
      'bsky',
    );
    expect(post.hashtags).toEqual(['日本語', 'outline']);
  });
});

describe(JetstreamConnector.name, () => {
  let ws: JetstreamReplayServer;
  let stream: JetstreamConnector | undefined;
  afterEach(async () => {
    await stream?.stop();
    await ws.close();
  });

  const collect = (batches: FetchResult[]): Observation[] => batches.flatMap((b) => b.observations);
  const waitFor = async (cond: () => boolean, ms = 5_000): Promise<void> => {
    const until = Date.now() + ms;
    while (!cond()) {
      if (Date.now() > until) throw new Error('timed out waiting');
      await new Promise((r) => setTimeout(r, 20));
    }
  };

  it.each([
    ['the 152-event production window', 'jetstream__contiguous_window_v1.jsonl'],
    ['the 10 golden events', 'jetstream__golden_v1.jsonl'],
  ])('replays %s over a websocket into golden posts, reposts and deletes', async (_, file) => {
    ws = await startJetstreamReplay(lines(file));
    const batches: FetchResult[] = [];
    stream = new JetstreamConnector({
      source: 'jet',
      endpoint: ws.url,
      runtime: new FakeRuntime(0),
      allowPrivateNetwork: true,
      flushMs: 50,
    });
    stream.start(null, (b) => {
      batches.push(b);
      return Promise.resolve();
    });
    const expected = parseJetstreamLines(lines(file), 'jet').events.filter(
      (e) => e.observation !== null,
    ).length;
    await waitFor(() => collect(batches).length >= expected);
    const obs = collect(batches);
    expect(summarize(obs)).toEqual(
      golden(__dirname, `jetstream-${file.replace(/\.jsonl$/, '')}`, summarize(obs)),
    );
    expect(ws.connections).toEqual([null]);
  });

  it('persists max(time_us), rewinds on reconnect and drops the replayed duplicates', async () => {
    const all = lines('jetstream__contiguous_window_v1.jsonl');
    ws = await startJetstreamReplay(all);
    const batches: FetchResult[] = [];
    const runtime = new FakeRuntime(0);
    stream = new JetstreamConnector({
      source: 'jet',
      endpoint: ws.url,
      runtime,
      allowPrivateNetwork: true,
      flushMs: 20,
      rewindUs: 2_000_000,
      minReconnectMs: 1,
    });
    stream.start(null, (b) => {
      batches.push(b);
      return Promise.resolve();
    });
    const expected = parseJetstreamLines(all, 'jet').events.filter(
      (e) => e.observation !== null,
    ).length;
    await waitFor(() => collect(batches).length >= expected);
    const maxUs = Math.max(...all.map((l) => Number(/"time_us":(\d+)/.exec(l)?.[1] ?? 0)));
    expect(batches.at(-1)?.nextCursor).toBe(String(maxUs));

    ws.dropClients();
    await waitFor(() => ws.connections.length === 2);
    await new Promise((r) => setTimeout(r, 200));
    expect(ws.connections[1]).toBe(String(maxUs - 2_000_000));
    const ids = collect(batches).map((o) =>
      o.type === 'count' ? o.term : o.type === 'delete' ? `del:${o.id}` : o.id,
    );
    expect(ids).toHaveLength(expected);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('resumes from a persisted cursor after a restart, rewound', async () => {
    ws = await startJetstreamReplay(lines('jetstream__golden_v1.jsonl'));
    stream = new JetstreamConnector({
      source: 'jet',
      endpoint: ws.url,
      runtime: new FakeRuntime(0),
      allowPrivateNetwork: true,
    });
    stream.start('1779719009200000', () => Promise.resolve());
    await waitFor(() => ws.connections.length === 1);
    expect(ws.connections[0]).toBe('1779719004200000');
  });

  it('gives a repost the hashtags of its subject when the subject was on the stream', () => {
    const post = JSON.stringify({
      did: 'did:plc:a',
      time_us: 1,
      kind: 'commit',
      commit: {
        rev: 'r1',
        operation: 'create',
        collection: 'app.bsky.feed.post',
        rkey: 'p1',
        record: {
          text: '#Leak now',
          facets: [
            {
              index: { byteStart: 0, byteEnd: 5 },
              features: [{ $type: 'app.bsky.richtext.facet#tag', tag: 'Leak' }],
            },
          ],
        },
      },
    });
    const repost = JSON.stringify({
      did: 'did:plc:b',
      time_us: 2,
      kind: 'commit',
      commit: {
        rev: 'r2',
        operation: 'create',
        collection: 'app.bsky.feed.repost',
        rkey: 'q1',
        record: { subject: { uri: 'at://did:plc:a/app.bsky.feed.post/p1', cid: 'x' } },
      },
    });
    const parsed = parseJetstreamLines([post, repost], 'jet');
    expect(parsed.events.map((e) => e.observation)).toMatchObject([
      { kind: 'post', hashtags: ['leak'] },
      { kind: 'repost', parentId: 'at://did:plc:a/app.bsky.feed.post/p1' },
    ]);
  });
});

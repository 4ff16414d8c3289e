import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { Observation } from '@spreadwatch/contracts';

import type { FetchResult } from '../connector';
import {
  type FixtureServer,
  loadFixture,
  type ReplayResponse,
  sseChunks,
  startFixtureServer,
} from '../testing/fixture-server';
import { FakeRuntime, fixtureDir, testClient } from '../testing/test-kit';
import { MastodonStreamConnector } from './mastodon-stream.connector';

const DIR = fixtureDir('mastodon');
const SYNTHETIC = join(__dirname, '../testing/synthetic');
// The recorded SSE body (Mastodon 4.6.4): `:)` on connect, then one `update` carrying status 117024248092393661.
const RECORDED = loadFixture(DIR, 'mastodonpy__streaming_user.sse.txt');
const RECORDED_ID = '117024248092393661';
const EXTRA = readFileSync(
  join(SYNTHETIC, 'mastodon__streaming_hashtag_extra.synthetic.sse.txt'),
  'utf8',
);
const STREAM = '/api/v1/streaming/hashtag';
const TIMELINE = '/api/v1/timelines/tag/hoot';
const json = (body: string): ReplayResponse => ({
  status: 200,
  headers: { 'content-type': 'application/json; charset=utf-8' },
  body,
});
const EMPTY = json('[]');
// The recorded status as a one-item timeline page (what the tag timeline returns once it was posted).
const recordedStatus =
  RECORDED.body
    .split('\n')
    .find((l) => l.startsWith('data: '))
    ?.slice(6) ?? '';
const sse = (
  chunks: string[],
  then: 'end' | 'hold' | 'drop',
  chunkDelayMs = 0,
): ReplayResponse => ({
  ...RECORDED,
  sse: { chunks, then, chunkDelayMs },
});

const ids = (obs: readonly Observation[]): string[] =>
  obs.map((o) => (o.type === 'count' ? o.term : `${o.type}:${o.id}`));

describe(MastodonStreamConnector.name, () => {
  let server: FixtureServer;
  let stream: MastodonStreamConnector | undefined;
  afterEach(async () => {
    await stream?.stop();
    stream = undefined;
    await server.close();
  });

  const waitFor = async (cond: () => boolean, ms = 5_000): Promise<void> => {
    const until = Date.now() + ms;
    while (!cond()) {
      if (Date.now() > until) throw new Error('timed out waiting');
      await new Promise((r) => setTimeout(r, 10));
    }
  };

  const open = (cursor: string | null, batches: FetchResult[], fail?: () => boolean) => {
    const runtime = new FakeRuntime(Date.parse('2026-08-02T05:25:00Z'));
    stream = new MastodonStreamConnector({
      source: 'masto',
      baseUrl: server.url,
      tag: 'hoot',
      accessToken: 'user-token',
      http: testClient(runtime),
      runtime,
      allowPrivateNetwork: true,
      flushMs: 10,
      minReconnectMs: 1,
    });
    stream.start(cursor, (b) => {
      if (fail?.() === true) return Promise.reject(new Error('database down'));
      batches.push(b);
      return Promise.resolve();
    });
    return stream;
  };
  const all = (batches: FetchResult[]) => batches.flatMap((b) => b.observations);

  it('replays the recorded SSE body: a post from `update`, authenticated, plus a catch-up poll of the tag timeline', async () => {
    server = await startFixtureServer([
      { path: STREAM, responses: [sse([RECORDED.body], 'hold')] },
      { path: TIMELINE, responses: [loadFixture(DIR, 'mastodonpy__timelines_tag_hoot.json')] },
    ]);
    const batches: FetchResult[] = [];
    const c = open(null, batches);
    await waitFor(() => all(batches).length >= 2);
    expect(ids(all(batches)).sort()).toEqual(['post:117020593741189701', `post:${RECORDED_ID}`]);
    const post = all(batches).find((o) => o.type === 'post' && o.id === RECORDED_ID);
    expect(post).toMatchObject({
      type: 'post',
      source: 'masto',
      kind: 'post',
      ts: '2026-08-02T05:25:16.840Z',
      text: "it's cool guy",
      author: { handle: 'mastodonpy_test' },
    });
    expect(c.status()).toMatchObject({ connected: true, reconnects: 0 });
    const streamReq = server.requests.findIndex((r) => r.startsWith(`GET ${STREAM}`));
    expect(server.requests[streamReq]).toBe(`GET ${STREAM}?tag=hoot`);
    expect(server.requestHeaders[streamReq]).toMatchObject({
      authorization: 'Bearer user-token',
      accept: 'text/event-stream',
    });
    // First contact starts from "now": the newest timeline page only (no min_id), then the stream.
    expect(server.requests.find((r) => r.startsWith(`GET ${TIMELINE}`))).not.toMatch(/min_id/);
    // Both sources seen, catch-up done: the cursor is the newest status id.
    await waitFor(() => batches.at(-1)?.nextCursor === RECORDED_ID);
  });

  it('reports a bad frame, maps delete, ignores heartbeats and notifications, and keeps the rest', async () => {
    server = await startFixtureServer([
      { path: STREAM, responses: [sse([RECORDED.body, EXTRA], 'hold')] },
      { path: TIMELINE, responses: [EMPTY] },
    ]);
    const batches: FetchResult[] = [];
    open('117020580518794573', batches);
    await waitFor(() => all(batches).length >= 2);
    expect(ids(all(batches))).toEqual([`post:${RECORDED_ID}`, 'delete:117020580518794573']);
    await waitFor(() => batches.some((b) => b.problems.length > 0));
    expect(batches.flatMap((b) => b.problems)).toEqual([
      { where: 'event.update', message: expect.stringMatching(/^invalid JSON/) },
    ]);
  });

  it('survives a disconnect mid-frame: reconnects, catches up from the cursor, and yields each status once', async () => {
    const cut = RECORDED.body.indexOf('"content"');
    server = await startFixtureServer([
      {
        path: STREAM,
        responses: [
          // Connection 1 dies inside the recorded update frame; connection 2 replays it whole, then a delete.
          sse(sseChunks(RECORDED.body.slice(0, cut), 200), 'drop', 150),
          sse([RECORDED.body, EXTRA], 'hold'),
        ],
      },
      // Catch-up after the first connect: p3 (5 statuses), then nothing newer.
      {
        path: TIMELINE,
        query: { min_id: '117020580481736214' },
        responses: [loadFixture(DIR, 'mastodonpy__accounts_statuses_p3_min_id.json')],
      },
      // The first catch-up finds nothing after p3; after the reconnect the cut-off status is there.
      {
        path: TIMELINE,
        query: { min_id: '117020580518794573' },
        responses: [EMPTY, json(`[${recordedStatus}]`)],
      },
      { path: TIMELINE, query: { min_id: RECORDED_ID }, responses: [EMPTY] },
    ]);
    const batches: FetchResult[] = [];
    const c = open('117020580481736214', batches);
    await waitFor(() => all(batches).some((o) => o.type === 'delete'));
    await waitFor(() => batches.at(-1)?.nextCursor === RECORDED_ID);
    await waitFor(() => server.requests.some((r) => r.includes(`min_id=${RECORDED_ID}`)));
    const got = ids(all(batches));
    expect(got).toHaveLength(5 + 1 + 1);
    expect(new Set(got).size).toBe(got.length);
    expect(got).toContain(`post:${RECORDED_ID}`);
    expect(c.status().reconnects).toBe(1);
    const catchUps = server.requests.filter((r) => r.startsWith(`GET ${TIMELINE}`));
    expect(catchUps.map((r) => /min_id=(\d+)/.exec(r)?.[1])).toEqual([
      '117020580481736214',
      '117020580518794573',
      '117020580518794573',
      RECORDED_ID,
    ]);
    // The frame cut by the disconnect was reported, not half-emitted.
    expect(batches.flatMap((b) => b.problems)).toContainEqual({
      where: 'frame',
      message: expect.stringMatching(/connection ended inside an event/),
    });
    // Cursors only ever moved forward through what was stored.
    const cursors = batches.map((b) => b.nextCursor);
    expect(cursors[0]).toBe('117020580518794573');
  });

  it('after a failed store, resumes from the last stored cursor and stores everything again', async () => {
    server = await startFixtureServer([
      { path: STREAM, responses: [sse([RECORDED.body], 'hold')] },
      { path: TIMELINE, responses: [json(`[${recordedStatus}]`), EMPTY] },
    ]);
    const batches: FetchResult[] = [];
    let failures = 1;
    const c = open('117020580518794573', batches, () => failures-- > 0);
    await waitFor(() => batches.at(-1)?.nextCursor === RECORDED_ID);
    expect(ids(all(batches))).toEqual([`post:${RECORDED_ID}`]);
    expect(c.status().reconnects).toBeGreaterThanOrEqual(1);
    expect(server.requests.filter((r) => r.includes('min_id=117020580518794573')).length).toBe(2);
  });

  it('reports a 401 (no user token) and keeps retrying with backoff', async () => {
    server = await startFixtureServer([
      {
        path: STREAM,
        responses: [json('{"error":"Error while fetching stream"}')].map((r) => ({
          ...r,
          status: 401,
        })),
      },
    ]);
    const c = open(null, []);
    await waitFor(() => c.status().reconnects >= 3);
    expect(c.status()).toMatchObject({
      connected: false,
      lastError: expect.stringMatching(/401 \(streaming needs a user token with read:statuses\)/),
    });
  });

  it('refuses a private target without allowPrivateNetwork and stops', async () => {
    server = await startFixtureServer([]);
    const runtime = new FakeRuntime(0);
    stream = new MastodonStreamConnector({
      source: 'masto',
      baseUrl: server.url,
      tag: 'hoot',
      accessToken: 't',
      http: testClient(runtime),
      runtime,
    });
    stream.start(null, () => Promise.resolve());
    await waitFor(() => stream?.status().lastError !== null);
    expect(stream.status().lastError).toMatch(/only https URLs are allowed/);
    expect(server.requests).toEqual([]);
  });
});

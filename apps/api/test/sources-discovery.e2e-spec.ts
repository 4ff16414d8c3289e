import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { type FixtureServer, loadFixture, startFixtureServer } from '@spreadwatch/connectors';
import type { SourceHealth } from '@spreadwatch/contracts';
import { DataSource } from 'typeorm';

import { resetDatabase, startTestApp, type TestApp } from './test-app';

const FIXTURES =
  process.env['SPREADWATCH_FIXTURES'] ?? resolve(__dirname, '../../../../shared/fixtures');
const SYNTHETIC = resolve(__dirname, '../../../libs/connectors/src/testing/synthetic');
const fx = (source: string, file: string) => loadFixture(join(FIXTURES, source), file);
const synthetic = (file: string) => ({
  status: 200,
  headers: { 'content-type': 'application/json; charset=utf-8' },
  body: readFileSync(join(SYNTHETIC, file), 'utf8'),
});
const EMPTY = { status: 200, headers: { 'content-type': 'application/json' }, body: '[]' };
const STREAMED_ID = '117024248092393661';

async function query<T>(sql: string): Promise<T[]> {
  const ds = new DataSource({ type: 'postgres', url: process.env['DATABASE_URL'] });
  await ds.initialize();
  try {
    return await ds.query<T[]>(sql);
  } finally {
    await ds.destroy();
  }
}

async function waitFor(cond: () => Promise<boolean>, ms = 30_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('sources: Mastodon streaming and discovery follow (local replay)', () => {
  let http: FixtureServer;
  let t: TestApp | undefined;
  let cookie: string;

  jest.setTimeout(60_000);

  beforeAll(async () => {
    await resetDatabase();
    await query('DELETE FROM source_cursors').catch(() => undefined);
    const session = {
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ accessJwt: 'a.b.c', refreshJwt: 'r', did: 'did:plc:t' }),
    };
    const recorded = fx('mastodon', 'mastodonpy__streaming_user.sse.txt');
    http = await startFixtureServer([
      // Streamed tag: the recorded SSE body, held open; its catch-up poll finds the recorded hoot page.
      {
        path: '/api/v1/streaming/hashtag',
        responses: [{ ...recorded, sse: { chunks: [recorded.body], then: 'hold' } }],
      },
      {
        path: '/api/v1/timelines/tag/streamed',
        responses: [fx('mastodon', 'mastodonpy__timelines_tag_hoot.json'), EMPTY],
      },
      // SYNTHETIC trending tags (the recorded trends/tags is empty): #hoot and #mastodon get followed.
      {
        path: '/api/v1/trends/tags',
        responses: [synthetic('mastodon__trends_tags.synthetic.json')],
      },
      {
        path: '/api/v1/timelines/tag/hoot',
        responses: [fx('mastodon', 'mastodonpy__timelines_tag_hoot.json'), EMPTY],
      },
      {
        path: '/api/v1/timelines/tag/mastodon',
        responses: [fx('mastodon', 'mastodon4j__timelines_tag_2017_friends_nico.json'), EMPTY],
      },
      // SYNTHETIC Bluesky trends; the first topic is followed by a search (the recorded searchPosts page).
      { method: 'POST', path: '/xrpc/com.atproto.server.createSession', responses: [session] },
      {
        path: '/xrpc/app.bsky.unspecced.getTrends',
        responses: [synthetic('bluesky__getTrends.synthetic.json')],
      },
      {
        path: '/xrpc/app.bsky.feed.searchPosts',
        responses: [fx('bluesky', 'bskyr__searchPosts_q_redistricting.json')],
      },
    ]);
    const dir = mkdtempSync(join(tmpdir(), 'sw-discovery-'));
    const file = join(dir, 'sources.yaml');
    writeFileSync(
      file,
      [
        'sources:',
        `  - name: masto`,
        `    type: mastodon`,
        `    baseUrl: ${http.url}`,
        `    allowPrivateNetwork: true`,
        `    pollSeconds: 3600`,
        `    tags: [streamed]`,
        `    accessTokenEnv: MASTO_TOKEN`,
        `    streaming: {}`,
        `    trends: true`,
        `    followTrending: true`,
        `    followMax: 2`,
        `  - name: bsky`,
        `    type: bluesky`,
        `    serviceUrl: ${http.url}`,
        `    allowPrivateNetwork: true`,
        `    pollSeconds: 3600`,
        `    identifierEnv: BSKY_ID`,
        `    appPasswordEnv: BSKY_PW`,
        `    trends: true`,
        `    followTrending: true`,
        `    followMax: 1`,
        `    followTtlMinutes: 30`,
      ].join('\n'),
    );
    t = await startTestApp({
      SPREADWATCH_SOURCES: file,
      MASTO_TOKEN: 'user-token',
      BSKY_ID: 'tester.bsky.social',
      BSKY_PW: 'app-password',
    });
    cookie = await t.login();
  });

  afterAll(async () => {
    await t?.close();
    await http.close();
  });

  const health = async (): Promise<SourceHealth[]> =>
    (await (
      await fetch(`${t?.url}/api/sources`, { headers: { cookie } })
    ).json()) as SourceHealth[];

  it('streams the tag (recorded SSE) with a catch-up poll, and follows trending tags and topics within bounds', async () => {
    await waitFor(async () => {
      const h = await health();
      return (
        h.length === 6 &&
        h.filter((x) => x.type !== 'mastodon-stream').every((x) => x.lastSuccessAt !== null)
      );
    });
    const h = await health();
    const byName = new Map(h.map((x) => [x.name, x]));
    expect([...byName.keys()].sort()).toEqual(
      [
        'bsky/search:leakedmemo',
        'bsky/trends',
        'masto/tag:hoot',
        'masto/tag:mastodon',
        'masto/tag:streamed',
        'masto/trends',
      ].sort(),
    );
    expect(byName.get('masto/tag:streamed')).toMatchObject({
      type: 'mastodon-stream',
      status: 'streaming',
      reconnects: 0,
    });
    expect(byName.get('masto/trends')).toMatchObject({
      discovered: ['hoot', 'mastodon'],
      following: [
        expect.objectContaining({ term: 'hoot' }),
        expect.objectContaining({ term: 'mastodon' }),
      ],
      refused: [],
    });
    expect(byName.get('masto/tag:hoot')?.followed).toMatchObject({
      term: 'hoot',
      via: 'masto/trends',
      expiresAt: expect.any(String),
    });
    const bsky = byName.get('bsky/trends');
    expect(bsky?.discovered).toEqual([
      'leakedmemo',
      'snl concert',
      'no topic field, but a display name',
    ]);
    expect(bsky?.refused).toEqual(['snl concert', 'no topic field, but a display name']);
    expect(bsky?.problemsTotal).toBe(1);
    const followed = byName.get('bsky/search:leakedmemo')?.followed;
    expect(followed?.via).toBe('bsky/trends');
    expect(Date.parse(followed?.expiresAt ?? '') - Date.parse(followed?.lastSeenAt ?? '')).toBe(
      30 * 60_000,
    );

    // Stored once each: the streamed status, the catch-up/followed hoot page, the followed 2017 tag page and
    // the followed topic's search page.
    await waitFor(async () => {
      const rows = await query<{ id: string }>(
        `SELECT id FROM observations WHERE source = 'masto' AND id = '${STREAMED_ID}'`,
      );
      return rows.length === 1;
    });
    const counts = Object.fromEntries(
      (
        await query<{ source: string; n: string }>(
          'SELECT source, count(*) AS n FROM observations GROUP BY source',
        )
      ).map((r) => [r.source, Number(r.n)]),
    );
    expect(counts).toEqual({ masto: 1 + 1 + 20, bsky: 25 });
    const streamReq =
      http.requestHeaders[http.requests.findIndex((r) => r.includes('/streaming/'))];
    expect(streamReq?.authorization).toBe('Bearer user-token');
  });
});

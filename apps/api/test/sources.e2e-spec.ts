import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import {
  type FixtureServer,
  type JetstreamReplayServer,
  loadFixture,
  startFixtureServer,
  startJetstreamReplay,
} from '@spreadwatch/connectors';
import type { SourceHealth, TermSeries, TermSummary } from '@spreadwatch/contracts';
import { DataSource } from 'typeorm';

import { resetDatabase, startTestApp, type TestApp } from './test-app';

const FIXTURES =
  process.env['SPREADWATCH_FIXTURES'] ?? resolve(__dirname, '../../../../shared/fixtures');
const SYNTHETIC = resolve(__dirname, '../../../libs/connectors/src/testing/synthetic');
const fx = (source: string, file: string) => loadFixture(join(FIXTURES, source), file);

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

describe('sources → pipeline (local replay of recorded platform responses)', () => {
  let http: FixtureServer;
  let jet: JetstreamReplayServer;
  let t: TestApp | undefined;
  let cookie: string;
  let env: Record<string, string>;

  jest.setTimeout(60_000);

  beforeAll(async () => {
    await resetDatabase();
    await query('DELETE FROM source_cursors').catch(() => undefined);
    const session = {
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ accessJwt: 'a.b.c', refreshJwt: 'r', did: 'did:plc:t' }),
    };
    http = await startFixtureServer([
      {
        path: '/api/v1/timelines/tag/hoot',
        responses: [
          fx('mastodon', 'mastodonpy__timelines_tag_hoot.json'),
          { status: 200, headers: { 'content-type': 'application/json' }, body: '[]' },
        ],
      },
      {
        path: '/api/v1/timelines/public',
        responses: [
          fx('mastodon', 'mastodon4j__timelines_public_2017_mstdn_jp.json'),
          { status: 200, headers: { 'content-type': 'application/json' }, body: '[]' },
        ],
      },
      { method: 'POST', path: '/xrpc/com.atproto.server.createSession', responses: [session] },
      {
        path: '/xrpc/app.bsky.feed.searchPosts',
        responses: [fx('bluesky', 'bskyr__searchPosts_q_redistricting.json')],
      },
      { path: '/r/all/new.json', responses: [fx('reddit', 'asyncpraw__r_all_new_before.json')] },
      {
        path: '/2/tweets/search/recent',
        responses: [
          fx('x_twitter', 'academictwitter__search_all_hashtag_commtwitter_27.json'),
          fx('x_twitter', 'academictwitter__search_all_zero_results.json'),
        ],
      },
      {
        path: '/feed.xml',
        responses: [
          {
            status: 200,
            headers: { 'content-type': 'application/rss+xml' },
            body: readFileSync(join(SYNTHETIC, 'news_feed__rss2.synthetic.xml'), 'utf8'),
          },
        ],
      },
    ]);
    jet = await startJetstreamReplay(
      readFileSync(join(FIXTURES, 'bluesky', 'jetstream__contiguous_window_v1.jsonl'), 'utf8')
        .split('\n')
        .filter((l) => l !== ''),
    );
    const dir = mkdtempSync(join(tmpdir(), 'sw-sources-'));
    const file = join(dir, 'sources.json');
    const local = { allowPrivateNetwork: true, pollSeconds: 3600 };
    writeFileSync(
      file,
      JSON.stringify({
        sources: [
          {
            name: 'mastodon-test',
            type: 'mastodon',
            baseUrl: http.url,
            tags: ['hoot'],
            publicTimeline: 'federated',
            ...local,
          },
          {
            name: 'bluesky-test',
            type: 'bluesky',
            serviceUrl: http.url,
            identifierEnv: 'BSKY_ID',
            appPasswordEnv: 'BSKY_PW',
            queries: ['redistricting'],
            jetstream: { endpoint: jet.url },
            ...local,
          },
          { name: 'reddit-test', type: 'reddit', baseUrl: http.url, subreddits: ['all'], ...local },
          {
            name: 'x-test',
            type: 'x',
            baseUrl: http.url,
            bearerTokenEnv: 'X_TOKEN',
            searches: ['#commtwitter'],
            ...local,
          },
          { name: 'desk-test', type: 'rss', urls: [`${http.url}/feed.xml`], ...local },
        ],
      }),
    );
    env = {
      SPREADWATCH_SOURCES: file,
      BSKY_ID: 'tester.bsky.social',
      BSKY_PW: 'app-password',
      X_TOKEN: 'bearer',
    };
    t = await startTestApp(env);
    cookie = await t.login();
  });

  afterAll(async () => {
    await t?.close();
    await http.close();
    await jet.close();
  });

  const expected: Record<string, number> = {
    'mastodon-test': 1 + 20,
    'bluesky-test': 25 + 32,
    'reddit-test': 7,
    'x-test': 27,
    'desk-test': 2,
  };

  it('ingests every source end to end, stores each post once, and reports health', async () => {
    const counts = async () =>
      Object.fromEntries(
        (
          await query<{ source: string; n: string }>(
            'SELECT source, count(*) AS n FROM observations GROUP BY source',
          )
        ).map((r) => [r.source, Number(r.n)]),
      );
    const want = JSON.stringify(Object.entries(expected).sort());
    await waitFor(async () => JSON.stringify(Object.entries(await counts()).sort()) === want).catch(
      () => undefined,
    );
    expect(await counts()).toEqual(expected);

    const res = await fetch(`${t?.url}/api/sources`, { headers: { cookie } });
    expect(res.status).toBe(200);
    const health = (await res.json()) as SourceHealth[];
    expect(health.map((h) => h.name).sort()).toEqual(
      [
        'bluesky-test/jetstream',
        'bluesky-test/search:redistricting',
        'desk-test/feed:' + `${http.url}/feed.xml`,
        'mastodon-test/public',
        'mastodon-test/tag:hoot',
        'reddit-test/r/all/new',
        'x-test/search:#commtwitter',
      ].sort(),
    );
    for (const h of health) {
      expect(h).toMatchObject({ errorCount: 0, lastError: null });
      expect(['ok', 'streaming']).toContain(h.status);
      if (h.type !== 'bluesky-jetstream') expect(h.nextPollAt).not.toBeNull();
    }
    expect(
      health.find((h) => h.name === 'bluesky-test/search:redistricting')?.rateLimit,
    ).toMatchObject({ limit: 3000, remaining: 2983 });
    const cursors = await query<{ connector_key: string; cursor: string }>(
      'SELECT connector_key, cursor FROM source_cursors',
    );
    expect(cursors.length).toBe(7);
  }, 60_000);

  it('shows the ingested hashtags in the top terms and their series', async () => {
    await waitFor(async () => {
      const top = (await (
        await fetch(`${t?.url}/api/terms/top?limit=50`, { headers: { cookie } })
      ).json()) as TermSummary[];
      return top.length > 0;
    }, 45_000);
    const top = (await (
      await fetch(`${t?.url}/api/terms/top?limit=50`, { headers: { cookie } })
    ).json()) as TermSummary[];
    const stored = new Set(
      (
        await query<{ term: string }>('SELECT DISTINCT unnest(terms) AS term FROM observations')
      ).map((r) => r.term),
    );
    expect(top.length).toBeGreaterThan(0);
    for (const s of top) expect(stored.has(s.term)).toBe(true);
    const term = top[0]?.term ?? '';
    const series = (await (
      await fetch(`${t?.url}/api/terms/${encodeURIComponent(term)}/series?minutes=120`, {
        headers: { cookie },
      })
    ).json()) as TermSeries;
    expect(series.points.some((p) => p.count > 0)).toBe(true);
  }, 60_000);

  it('resumes from the persisted cursors after a restart without duplicating anything', async () => {
    const before = await query<{ n: string }>('SELECT count(*) AS n FROM observations');
    const seen = http.requests.length;
    await t?.close();
    t = await startTestApp(env);
    cookie = await t.login();
    await waitFor(async () => {
      const health = (await (
        await fetch(`${t?.url}/api/sources`, { headers: { cookie } })
      ).json()) as SourceHealth[];
      return health
        .filter((h) => h.type !== 'bluesky-jetstream')
        .every((h) => h.lastSuccessAt !== null);
    });
    const after = http.requests.slice(seen);
    expect(after.find((r) => r.startsWith('GET /api/v1/timelines/tag/hoot'))).toMatch(/min_id=/);
    expect(after.find((r) => r.startsWith('GET /2/tweets/search/recent'))).toMatch(/since_id=/);
    expect(after.find((r) => r.startsWith('GET /xrpc/app.bsky.feed.searchPosts'))).toMatch(
      /since=/,
    );
    await new Promise((r) => setTimeout(r, 1_500));
    expect(jet.connections.at(-1)).toMatch(/^\d+$/);
    const now = await query<{ n: string }>('SELECT count(*) AS n FROM observations');
    expect(now[0]?.n).toBe(before[0]?.n);
  }, 60_000);
});

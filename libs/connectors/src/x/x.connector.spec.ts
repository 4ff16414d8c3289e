import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { type FixtureServer, loadFixture, startFixtureServer } from '../testing/fixture-server';
import { FakeRuntime, fixtureDir, golden, summarize, testClient } from '../testing/test-kit';
import { XCountsConnector } from './x-counts.connector';
import { XSearchConnector } from './x-search.connector';
import { parseXSearch } from './x.parser';

const DIR = fixtureDir('x_twitter');
const fx = (file: string) => loadFixture(DIR, file);

describe(XSearchConnector.name, () => {
  let server: FixtureServer;
  afterEach(async () => {
    await server.close();
  });
  const make = () =>
    new XSearchConnector({
      source: 'x',
      baseUrl: server.url,
      query: '#commtwitter',
      bearerToken: 'bt',
      http: testClient(new FakeRuntime(0)),
    });

  it.each([
    ['expanded #commtwitter page', 'academictwitter__search_all_hashtag_commtwitter_expanded.json'],
    [
      '27 tweets with retweets, quotes, replies',
      'academictwitter__search_all_hashtag_commtwitter_27.json',
    ],
    [
      '16 retweets of kfc (originals in includes.tweets)',
      'academictwitter__search_all_retweets_of_kfc.json',
    ],
    [
      '477 #IchBinHanna tweets with a partial error',
      'academictwitter__search_all_hashtag_IchBinHanna_de_page1.json',
    ],
    ['zero results (no data key)', 'academictwitter__search_all_zero_results.json'],
  ])('maps %s to golden observations', async (_, file) => {
    server = await startFixtureServer([{ path: '/2/tweets/search/recent', responses: [fx(file)] }]);
    const page = await make().fetchSince(null);
    const value = { observations: summarize(page.observations, 3), problems: page.problems };
    expect(value).toEqual(golden(__dirname, `x-${file.replace(/\.json$/, '')}`, value));
    expect(server.requestHeaders[0]?.['authorization']).toBe('Bearer bt');
  });

  it("takes a retweet's hashtags and text from the original, and its author from includes.users", () => {
    const body = JSON.parse(
      readFileSync(
        join(DIR, 'academictwitter__search_all_hashtag_IchBinHanna_de_page1.json'),
        'utf8',
      ),
    ) as unknown;
    const page = parseXSearch(body, 'x');
    const reposts = page.observations.filter((o) => o.type === 'post' && o.kind === 'repost');
    expect(reposts.length).toBe(408);
    expect(
      reposts.filter((o) => o.type === 'post' && (o.hashtags ?? []).includes('ichbinhanna')).length,
    ).toBeGreaterThan(380);
    expect(page.observations.every((o) => o.type !== 'post' || o.author.createdAt != null)).toBe(
      true,
    );
    expect(page.problems).toEqual([
      { where: 'errors.0', message: expect.stringContaining('Not Found Error') },
    ]);
  });

  it('polls with since_id after the first page', async () => {
    server = await startFixtureServer([
      {
        path: '/2/tweets/search/recent',
        responses: [
          fx('academictwitter__search_all_hashtag_commtwitter_27.json'),
          fx('academictwitter__search_all_zero_results.json'),
        ],
      },
    ]);
    const c = make();
    const first = await c.fetchSince(null);
    const second = await c.fetchSince(first.nextCursor);
    expect(second.observations).toEqual([]);
    const newest = (
      JSON.parse(
        readFileSync(join(DIR, 'academictwitter__search_all_hashtag_commtwitter_27.json'), 'utf8'),
      ) as { meta: { newest_id: string } }
    ).meta.newest_id;
    expect(server.requests[1]).toContain(`since_id=${newest}`);
    expect(second.nextCursor).toBe(first.nextCursor);
  });

  it.each([
    [
      '400 problem JSON',
      'academictwitter__search_all_400_invalid_request.json',
      { code: 'http', status: 400 },
    ],
    [
      '401 without rate-limit headers',
      'academictwitter__search_all_401.json',
      { code: 'needs-auth', status: 401 },
    ],
    [
      '404 HTML page on an unknown path',
      'academictwitter__unknown_endpoint_404.html',
      { code: 'not-found', status: 404 },
    ],
  ])('reports a recorded %s clearly', async (_, file, expected) => {
    server = await startFixtureServer([{ path: '/2/tweets/search/recent', responses: [fx(file)] }]);
    const err = await make()
      .fetchSince(null)
      .catch((e: unknown) => e);
    expect(err).toMatchObject(expected);
    expect(String((err as Error).message)).not.toMatch(/<html/i);
  });
});

describe(XCountsConnector.name, () => {
  let server: FixtureServer;
  afterEach(async () => {
    await server.close();
  });

  it('turns counts/recent into count observations of complete buckets only (both partial ends dropped)', async () => {
    server = await startFixtureServer([
      { path: '/2/tweets/counts/recent', responses: [fx('tweepy__counts_recent_q_Tweepy.json')] },
    ]);
    const runtime = new FakeRuntime(Date.parse('2021-09-20T19:18:34Z'));
    const c = new XCountsConnector({
      source: 'x-counts',
      baseUrl: server.url,
      query: 'Tweepy',
      term: '#tweepy',
      granularity: 'hour',
      bearerToken: 'bt',
      http: testClient(runtime),
      runtime,
    });
    const page = await c.fetchSince(null);
    expect(page.observations).toHaveLength(167);
    expect(summarize(page.observations, 3)).toEqual(
      golden(__dirname, 'x-counts-recent-tweepy', summarize(page.observations, 3)),
    );
    expect(JSON.parse(page.nextCursor ?? '{}')).toMatchObject({
      start: '2021-09-20T19:00:00.000Z',
    });
    expect(page.observations[0]).toMatchObject({
      type: 'count',
      term: '#tweepy',
      ts: '2021-09-13T20:00:00.000Z',
      interval: '1h',
    });
  });

  it('follows the 4-page counts/all next_token chain and then resumes from the newest complete bucket', async () => {
    const path = '/2/tweets/counts/all';
    server = await startFixtureServer([
      {
        path,
        query: { next_token: null },
        responses: [fx('academictwitter__counts_all_commtwitter_day_p1.json')],
      },
      {
        path,
        query: { next_token: '1jzu9lk96azp0b3x7888hrpw8ffu39i5doc2kwgdattp' },
        responses: [fx('academictwitter__counts_all_commtwitter_day_p2.json')],
      },
      {
        path,
        query: { next_token: '1jzu9lk96azp0b3x7888hrpw8fftxsmypwnzctcz0vi5' },
        responses: [fx('academictwitter__counts_all_commtwitter_day_p3.json')],
      },
      {
        path,
        query: { next_token: '1jzu9lk96azp0b3x7888hrpw8fftsbrvyadx5sfpjdz1' },
        responses: [fx('academictwitter__counts_all_commtwitter_day_p4.json')],
      },
    ]);
    const runtime = new FakeRuntime(Date.parse('2021-06-24T18:30:39Z'));
    const c = new XCountsConnector({
      source: 'x-counts',
      baseUrl: server.url,
      query: '#commtwitter',
      granularity: 'day',
      bearerToken: 'bt',
      http: testClient(runtime),
      runtime,
      endpoint: 'all',
      initialLookbackMs: 120 * 86_400_000,
    });
    let cursor: string | null = null;
    let total = 0;
    for (let i = 0; i < 6; i += 1) {
      const page = await c.fetchSince(cursor);
      total += page.observations.reduce((n, o) => n + (o.type === 'count' ? o.count : 0), 0);
      cursor = page.nextCursor;
      if (!page.hasMore) break;
    }
    expect(server.requests).toHaveLength(4);
    // meta.total_tweet_count over the chain is 149 + … ; every day bucket here is complete.
    const sum = ['p1', 'p2', 'p3', 'p4']
      .map(
        (p) =>
          (
            JSON.parse(
              readFileSync(
                join(DIR, `academictwitter__counts_all_commtwitter_day_${p}.json`),
                'utf8',
              ),
            ) as { meta: { total_tweet_count: number } }
          ).meta.total_tweet_count,
      )
      .reduce((a, b) => a + b, 0);
    expect(total).toBe(sum);
    expect(JSON.parse(cursor ?? '{}')).toMatchObject({
      start: '2021-06-05T00:00:00.000Z',
      nextToken: null,
    });
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import {
  type FixtureServer,
  type ReplayResponse,
  startFixtureServer,
} from '../testing/fixture-server';
import { FakeRuntime, testClient } from '../testing/test-kit';
import { BlueskyTrendsConnector } from './bluesky-trends.connector';
import { parseBlueskyTrends } from './bluesky-trends.parser';

// SYNTHETIC: no recording of getTrends/getTrendingTopics exists (fixtures README §0); see testing/synthetic.
const SYNTHETIC = join(__dirname, '../testing/synthetic');
const synthetic = (file: string): ReplayResponse => ({
  status: 200,
  headers: { 'content-type': 'application/json; charset=utf-8' },
  body: readFileSync(join(SYNTHETIC, file), 'utf8'),
});
const notFound = (method: string): ReplayResponse => ({
  status: 404,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({
    error: 'MethodNotImplemented',
    message: `Method Not Implemented: ${method}`,
  }),
});
const GET_TRENDS = '/xrpc/app.bsky.unspecced.getTrends';
const GET_TOPICS = '/xrpc/app.bsky.unspecced.getTrendingTopics';

describe(parseBlueskyTrends.name, () => {
  it('maps getTrends (synthetic): hashtags without #, phrases normalised, bad items reported, duplicates once', () => {
    const page = parseBlueskyTrends(
      JSON.parse(synthetic('bluesky__getTrends.synthetic.json').body),
    );
    expect(page.trends).toEqual([
      {
        term: 'leakedmemo',
        hashtag: true,
        displayName: '#LeakedMemo',
        postCount: 4210,
        startedAt: '2026-08-02T05:00:00.000Z',
      },
      {
        term: 'snl concert',
        hashtag: false,
        displayName: 'SNL Concert',
        postCount: 1800,
        startedAt: '2026-08-02T04:40:00.000Z',
      },
      {
        term: 'no topic field, but a display name',
        hashtag: false,
        displayName: 'no topic field, but a display name',
        postCount: 12,
        startedAt: null,
      },
    ]);
    expect(page.problems).toEqual([{ where: 'trends.3', message: 'topic: missing' }]);
  });

  it('maps getTrendingTopics (synthetic): topics only, not the evergreen suggestions; NFKC', () => {
    const page = parseBlueskyTrends(
      JSON.parse(synthetic('bluesky__getTrendingTopics.synthetic.json').body),
    );
    expect(page.trends.map((t) => t.term)).toEqual([
      'snl concert',
      'redistricting',
      'fullwidth topic',
    ]);
    expect(page.problems).toEqual([]);
  });

  it.each([
    ['an array', []],
    ['null', null],
    ['an unrelated object', { feed: [] }],
  ])('reports %s as a bad page', (_, body) => {
    expect(parseBlueskyTrends(body)).toEqual({
      trends: [],
      problems: [{ where: 'page', message: 'expected {trends:[…]} or {topics:[…]}' }],
    });
  });
});

describe(BlueskyTrendsConnector.name, () => {
  let server: FixtureServer;
  afterEach(async () => {
    await server.close();
  });
  const connector = () =>
    new BlueskyTrendsConnector({
      source: 'bsky',
      serviceUrl: server.url,
      http: testClient(new FakeRuntime(0)),
      session: null,
    });

  it('uses getTrends when offered and reports its topics as discovered', async () => {
    server = await startFixtureServer([
      { path: GET_TRENDS, responses: [synthetic('bluesky__getTrends.synthetic.json')] },
    ]);
    const page = await connector().fetchSince(null);
    expect(page.discovered).toEqual([
      'leakedmemo',
      'snl concert',
      'no topic field, but a display name',
    ]);
    expect(page.observations).toEqual([]);
    expect(page.problems).toHaveLength(1);
    expect(server.requests).toEqual([`GET ${GET_TRENDS}?limit=25`]);
  });

  it('falls back to getTrendingTopics where getTrends is missing, and remembers it', async () => {
    server = await startFixtureServer([
      { path: GET_TRENDS, responses: [notFound('getTrends')] },
      { path: GET_TOPICS, responses: [synthetic('bluesky__getTrendingTopics.synthetic.json')] },
    ]);
    const c = connector();
    expect((await c.fetchSince(null)).discovered).toEqual([
      'snl concert',
      'redistricting',
      'fullwidth topic',
    ]);
    await c.fetchSince(null);
    expect(server.requests.map((r) => r.split('?')[0])).toEqual(
      [GET_TRENDS, GET_TOPICS, GET_TOPICS].map((p) => `GET ${p}`),
    );
  });

  it('fails clearly when the service offers no trends at all', async () => {
    server = await startFixtureServer([
      { path: GET_TRENDS, responses: [notFound('getTrends')] },
      { path: GET_TOPICS, responses: [notFound('getTrendingTopics')] },
    ]);
    await expect(connector().fetchSince(null)).rejects.toMatchObject({
      code: 'not-found',
      message: expect.stringMatching(/trending topics are not offered/),
    });
  });
});

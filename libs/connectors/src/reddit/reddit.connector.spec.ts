import { type FixtureServer, loadFixture, startFixtureServer } from '../testing/fixture-server';
import { FakeRuntime, fixtureDir, golden, summarize, testClient } from '../testing/test-kit';
import { RedditConnector } from './reddit.connector';

const DIR = fixtureDir('reddit');
const fx = (file: string) => loadFixture(DIR, file);
const T0 = Date.parse('2021-01-18T00:45:00Z');

describe(RedditConnector.name, () => {
  let server: FixtureServer;
  afterEach(async () => {
    await server.close();
  });

  const make = (
    listing: ConstructorParameters<typeof RedditConnector>[0]['listing'],
    oauth = true,
  ) => {
    const runtime = new FakeRuntime(T0);
    return new RedditConnector({
      source: 'reddit',
      listing,
      http: testClient(runtime),
      runtime,
      baseUrl: server.url,
      oauth: oauth
        ? { clientId: 'id', clientSecret: 'secret', tokenUrl: `${server.url}/api/v1/access_token` }
        : undefined,
    });
  };
  // Synthetic: the token exchange was not recorded (it carries secrets).
  const token = {
    status: 200,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      access_token: 'tok',
      token_type: 'bearer',
      expires_in: 3600,
      scope: '*',
    }),
  };

  it.each([
    [
      'r/askreddit/new (100 posts)',
      { kind: 'new', subreddit: 'askreddit' } as const,
      '/r/askreddit/new',
      'asyncpraw__r_askreddit_new_limit100.json',
    ],
    [
      'r/all/new with null before/after',
      { kind: 'new', subreddit: 'all' } as const,
      '/r/all/new',
      'asyncpraw__r_all_new_before.json',
    ],
    [
      'site-wide search (31 results)',
      { kind: 'search', query: 'praw oauth search' } as const,
      '/search',
      'asyncpraw__r_all_search.json',
    ],
  ])('maps %s via app-only OAuth to golden observations', async (name, listing, path, file) => {
    server = await startFixtureServer([
      { method: 'POST', path: '/api/v1/access_token', responses: [token] },
      { path, responses: [fx(file)] },
    ]);
    const c = make(listing);
    const page = await c.fetchSince(null);
    expect(page.problems).toEqual([]);
    expect(summarize(page.observations, 4)).toEqual(
      golden(__dirname, `reddit-${file.replace(/\.json$/, '')}`, summarize(page.observations, 4)),
    );
    expect(server.requestHeaders.at(-1)?.['authorization']).toBe('Bearer tok');
    void name;
  });

  it('keeps its own high-water mark: a repeat poll of the same listing yields nothing, and the token is reused', async () => {
    server = await startFixtureServer([
      { method: 'POST', path: '/api/v1/access_token', responses: [token] },
      { path: '/r/all/new', responses: [fx('asyncpraw__r_all_new_before.json')] },
    ]);
    const c = make({ kind: 'new', subreddit: 'all' });
    const first = await c.fetchSince(null);
    expect(first.observations).toHaveLength(7);
    const second = await c.fetchSince(first.nextCursor);
    expect(second.observations).toEqual([]);
    expect(second.nextCursor).toBe(first.nextCursor);
    expect(server.requests.filter((r) => r.includes('access_token'))).toHaveLength(1);
    expect(first.rateLimit).toMatchObject({
      remaining: expect.any(Number),
      resetAt: expect.any(Number),
    });
  });

  it('uses the public .json listing without credentials', async () => {
    server = await startFixtureServer([
      { path: '/r/all/new.json', responses: [fx('asyncpraw__r_all_new_before.json')] },
    ]);
    const page = await make({ kind: 'new', subreddit: 'all' }, false).fetchSince(null);
    expect(page.observations).toHaveLength(7);
  });

  it('reports a quarantined subreddit (403 JSON, no rate-limit headers) as forbidden', async () => {
    server = await startFixtureServer([
      { method: 'POST', path: '/api/v1/access_token', responses: [token] },
      {
        path: '/r/tiananmenaquarefalse/new',
        responses: [fx('asyncpraw__r_quarantined_new_403.json')],
      },
    ]);
    await expect(
      make({ kind: 'new', subreddit: 'tiananmenaquarefalse' }).fetchSince(null),
    ).rejects.toMatchObject({
      code: 'forbidden',
      message: expect.stringMatching(/403 .*quarantined/),
    });
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { RssConnector } from '../rss/rss.connector';
import { type FixtureServer, startFixtureServer } from '../testing/fixture-server';
import { FakeRuntime, golden, summarize, testClient } from '../testing/test-kit';
import { GoogleTrendsConnector } from './google-trends.connector';
import { parseApproxTraffic } from './google-trends.parser';

const SYN = join(__dirname, '..', 'testing', 'synthetic');
const xml = (file: string) => ({
  status: 200,
  headers: { 'content-type': 'application/rss+xml; charset=utf-8' },
  body: readFileSync(join(SYN, file), 'utf8'),
});
const T0 = Date.parse('2026-09-14T16:05:30Z');

describe(parseApproxTraffic.name, () => {
  it.each([
    ['50000+', 50_000],
    ['200+', 200],
    ['2K+', 2_000],
    ['1,000+', 1_000],
    ['1.000+', 1_000],
    ['1천+', 1_000],
    ['2万+', 20_000],
    ['１０Ｋ+', 10_000],
    ['1.5M+', 1_500_000],
    ['lots', null],
    ['', null],
  ])('%s → %s', (raw, expected) => {
    expect(parseApproxTraffic(raw)).toBe(expected);
  });
});

describe(GoogleTrendsConnector.name, () => {
  let server: FixtureServer;
  afterEach(async () => {
    await server.close();
  });

  it('synthetic trending RSS: counts each trend once at its pubDate, then only traffic increases', async () => {
    const first = xml('google_trends__trending_rss_US.synthetic.xml');
    const grown = { ...first, body: first.body.replace('50000+', '100000+') };
    server = await startFixtureServer([
      { path: '/trending/rss', query: { geo: 'US' }, responses: [first, first, grown] },
    ]);
    const runtime = new FakeRuntime(T0);
    const c = new GoogleTrendsConnector({
      source: 'trends',
      baseUrl: server.url,
      geo: 'US',
      http: testClient(runtime),
      runtime,
    });
    const a = await c.fetchSince(null);
    expect(summarize(a.observations)).toEqual(
      golden(__dirname, 'google-trends-synthetic-US', summarize(a.observations)),
    );
    expect(a.problems).toEqual([
      { where: 'item.4', message: expect.stringContaining('approx_traffic') },
    ]);
    expect(a.observations[0]).toMatchObject({
      type: 'count',
      term: 'jaguar rebrand',
      count: 50_000,
      ts: '2026-09-14T15:50:00.000Z',
      interval: '1h',
    });
    const b = await c.fetchSince(a.nextCursor);
    expect(b.observations).toEqual([]);
    const d = await c.fetchSince(b.nextCursor);
    expect(d.observations).toEqual([
      {
        type: 'count',
        source: 'trends',
        term: 'jaguar rebrand',
        count: 50_000,
        ts: '2026-09-14T16:05:00.000Z',
        interval: '1h',
      },
    ]);
  });

  it('synthetic HTML 429 page from Google is a rate-limit error, not a parse crash', async () => {
    server = await startFixtureServer([
      {
        path: '/trending/rss',
        responses: [
          {
            status: 429,
            headers: { 'content-type': 'text/html' },
            body: '<html><title>Sorry...</title></html>',
          },
        ],
      },
    ]);
    const runtime = new FakeRuntime(T0);
    const c = new GoogleTrendsConnector({
      source: 'trends',
      baseUrl: server.url,
      geo: 'US',
      http: testClient(runtime, { maxRetries: 0 }),
      runtime,
    });
    await expect(c.fetchSince(null)).rejects.toMatchObject({ code: 'rate-limited' });
  });
});

describe(RssConnector.name, () => {
  let server: FixtureServer;
  afterEach(async () => {
    await server.close();
  });

  it.each([
    ['RSS 2.0', 'news_feed__rss2.synthetic.xml'],
    ['Atom', 'news_feed__atom.synthetic.xml'],
  ])('synthetic %s feed → golden posts; undated items reported', async (_, file) => {
    server = await startFixtureServer([{ path: '/feed', responses: [xml(file)] }]);
    const c = new RssConnector({
      source: 'desk',
      url: `${server.url}/feed`,
      http: testClient(new FakeRuntime(T0)),
    });
    const page = await c.fetchSince(null);
    const value = { observations: summarize(page.observations), problems: page.problems };
    expect(value).toEqual(golden(__dirname, `rss-${file.replace(/\.xml$/, '')}`, value));
    const again = await c.fetchSince(page.nextCursor);
    // Items at the cursor time come again (the store dedupes them); older ones do not.
    expect(again.observations.length).toBe(1);
  });

  it('reports an HTML page instead of a feed clearly', async () => {
    server = await startFixtureServer([
      {
        path: '/feed',
        responses: [
          {
            status: 200,
            headers: { 'content-type': 'text/html' },
            body: '<!DOCTYPE html><html><body>login</body></html>',
          },
        ],
      },
    ]);
    const c = new RssConnector({
      source: 'desk',
      url: `${server.url}/feed`,
      http: testClient(new FakeRuntime(T0)),
    });
    await expect(c.fetchSince(null)).rejects.toMatchObject({
      code: 'bad-body',
      message: expect.stringMatching(/HTML page/),
    });
  });
});

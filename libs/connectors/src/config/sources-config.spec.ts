import { HostLimiter } from '../http/host-limiter';
import { FakeRuntime } from '../testing/test-kit';
import { createConnectors } from './create-connectors';
import { parseSourcesConfig } from './sources-config';

const YAML = `
defaults:
  pollSeconds: 60
sources:
  - name: masto
    type: mastodon
    baseUrl: https://mastodon.social
    tags: [leak, '#MMS']
    publicTimeline: local
    trends: true
  - name: bsky
    type: bluesky
    identifierEnv: BSKY_ID
    appPasswordEnv: BSKY_PW
    queries: ['#leak']
    jetstream: { endpoint: 'wss://jetstream2.us-east.bsky.network', terms: [leak] }
  - name: x
    type: x
    bearerTokenEnv: X_TOKEN
    searches: ['#leak -is:retweet']
    counts: [{ query: '#leak', term: '#leak' }]
  - name: reddit
    type: reddit
    subreddits: [worldnews]
    searches: [{ query: leak }]
  - name: trends
    type: google-trends
    geos: [US, IN]
  - name: desk
    type: rss
    urls: ['https://news.example/feed.xml']
`;

describe(parseSourcesConfig.name, () => {
  it('reads YAML (and JSON) and builds one connector per stream', () => {
    const file = parseSourcesConfig(YAML);
    expect(parseSourcesConfig(JSON.stringify(file), 'json')).toEqual(file);
    const entries = createConnectors(file, {
      runtime: new FakeRuntime(0),
      env: { BSKY_ID: 'a', BSKY_PW: 'b', X_TOKEN: 'c' },
      limiter: new HostLimiter(2),
    });
    expect(entries.map((e) => e.connector.key)).toEqual([
      'masto/tag:leak',
      'masto/tag:MMS',
      'masto/public:local',
      'masto/trends',
      'bsky/search:#leak',
      'bsky/jetstream',
      'x/search:#leak -is:retweet',
      'x/counts:#leak',
      'reddit/r/worldnews/new',
      'reddit/search:all:leak',
      'trends/geo:US',
      'trends/geo:IN',
      'desk/feed:https://news.example/feed.xml',
    ]);
    expect(entries[0]?.pollMs).toBe(60_000);
  });

  it.each([
    ['a missing type field', 'sources:\n  - name: a\n', /sources\.0\.type: /],
    [
      'an http base URL',
      'sources:\n  - {name: a, type: mastodon, baseUrl: "http://mastodon.social"}',
      /sources\.0\.baseUrl: .*only https/,
    ],
    [
      'a loopback base URL',
      'sources:\n  - {name: a, type: mastodon, baseUrl: "https://127.0.0.1"}',
      /sources\.0\.baseUrl: .*private, loopback/,
    ],
    [
      'a bad geo',
      'sources:\n  - {name: t, type: google-trends, geos: [usa]}',
      /sources\.0\.geos\.0: must be an ISO-3166 code/,
    ],
    [
      'a duplicate name',
      'sources:\n  - {name: d, type: rss, urls: ["https://a.example/f"]}\n  - {name: d, type: rss, urls: ["https://b.example/f"]}',
      /sources\.1\.name: duplicate name "d"/,
    ],
    [
      'a too-short poll interval',
      'sources:\n  - {name: d, type: rss, pollSeconds: 1, urls: ["https://a.example/f"]}',
      /sources\.0\.pollSeconds: must be at least 5/,
    ],
    ['broken YAML', 'sources: [', /not valid JSON or YAML/],
    [
      'Mastodon streaming without a user token',
      'sources:\n  - {name: m, type: mastodon, baseUrl: "https://m.example", tags: [a], streaming: {}}',
      /sources\.0\.streaming: needs accessTokenEnv/,
    ],
    [
      'an http streaming URL',
      'sources:\n  - {name: m, type: mastodon, baseUrl: "https://m.example", accessTokenEnv: T, streaming: {url: "ws://s.example"}}',
      /sources\.0\.streaming\.url: .*only https/,
    ],
    [
      'followTrending without trends',
      'sources:\n  - {name: m, type: mastodon, baseUrl: "https://m.example", followTrending: true}',
      /sources\.0\.followTrending: needs trends: true/,
    ],
    [
      'Bluesky followTrending without a session',
      'sources:\n  - {name: b, type: bluesky, trends: true, followTrending: true}',
      /sources\.0\.followTrending: needs identifierEnv and appPasswordEnv/,
    ],
    [
      'an unbounded follow count',
      'sources:\n  - {name: m, type: mastodon, baseUrl: "https://m.example", trends: true, followTrending: true, followMax: 500}',
      /sources\.0\.followMax: /,
    ],
  ])('rejects %s, naming the field', (_, text, message) => {
    expect(() => parseSourcesConfig(text)).toThrow(message);
  });

  it('allows a local instance with allowPrivateNetwork', () => {
    expect(
      parseSourcesConfig(
        'sources:\n  - {name: a, type: mastodon, baseUrl: "http://127.0.0.1:3000", allowPrivateNetwork: true}',
      ).sources,
    ).toHaveLength(1);
  });

  it('streams Mastodon tags when a token and streaming are configured, and wires discovery follow', () => {
    const file = parseSourcesConfig(
      [
        'sources:',
        '  - {name: m, type: mastodon, baseUrl: "https://m.example", tags: ["#Leak"], accessTokenEnv: T,',
        '     streaming: {url: "wss://streaming.m.example"}, trends: true, followTrending: true, followMax: 3}',
        '  - {name: b, type: bluesky, identifierEnv: I, appPasswordEnv: P, queries: [leak], trends: true,',
        '     followTrending: true, followTtlMinutes: 30}',
      ].join('\n'),
    );
    const entries = createConnectors(file, {
      runtime: new FakeRuntime(0),
      env: { T: 'tok', I: 'id', P: 'pw' },
      limiter: new HostLimiter(1),
    });
    expect(entries.map((e) => [e.connector.key, e.connector.type])).toEqual([
      ['m/tag:Leak', 'mastodon-stream'],
      ['m/trends', 'mastodon'],
      ['b/search:leak', 'bluesky-search'],
      ['b/trends', 'bluesky-trends'],
    ]);
    const m = entries[1]?.follow;
    expect(m).toMatchObject({ maxFollowed: 3, ttlMs: 360 * 60_000, exclude: ['leak'] });
    expect(m?.create('hoot').connector).toMatchObject({ key: 'm/tag:hoot', type: 'mastodon' });
    const b = entries[3]?.follow;
    expect(b).toMatchObject({ maxFollowed: 10, ttlMs: 30 * 60_000, exclude: ['leak'] });
    expect(b?.create('snl concert').connector.key).toBe('b/search:"snl concert"');
    expect(entries[0]?.follow).toBeUndefined();
  });

  it('names the unset credential variable', () => {
    const file = parseSourcesConfig(
      'sources:\n  - {name: x, type: x, bearerTokenEnv: X_TOKEN, searches: [a]}',
    );
    expect(() =>
      createConnectors(file, { runtime: new FakeRuntime(0), env: {}, limiter: new HostLimiter(1) }),
    ).toThrow(/sources\.0\.bearerTokenEnv: environment variable X_TOKEN is not set/);
  });
});

import {
  type FixtureServer,
  type ReplayResponse,
  startFixtureServer,
} from '../testing/fixture-server';
import { FakeRuntime, testClient } from '../testing/test-kit';
import { ConnectorError } from './errors';
import { parseLinkHeader } from './link-header';
import { parseRateLimit } from './rate-limit';
import { checkUrl, checkUrlShape, isPrivateAddress } from './ssrf';

const NOW = Date.parse('2026-08-01T13:54:00Z');
const headers = (h: Record<string, string>) => new Headers(h);
const ok: ReplayResponse = {
  status: 200,
  headers: { 'content-type': 'application/json' },
  body: '[]',
};

describe(parseRateLimit.name, () => {
  it.each([
    [
      'Mastodon ISO reset with µs',
      {
        'X-RateLimit-Limit': '300',
        'X-RateLimit-Remaining': '0',
        'X-RateLimit-Reset': '2026-08-01T13:55:00.212100Z',
      },
      { limit: 300, remaining: 0, resetAt: Date.parse('2026-08-01T13:55:00.212Z'), retryAt: null },
    ],
    [
      'X epoch seconds',
      {
        'x-rate-limit-limit': '300',
        'x-rate-limit-remaining': '299',
        'x-rate-limit-reset': '1632166413',
      },
      { limit: 300, remaining: 299, resetAt: 1632166413000, retryAt: null },
    ],
    [
      'Bluesky IETF draft epoch seconds',
      {
        'RateLimit-Limit': '3000',
        'RateLimit-Remaining': '2983',
        'RateLimit-Reset': '1747676784',
        'RateLimit-Policy': '3000;w=300',
      },
      { limit: 3000, remaining: 2983, resetAt: 1747676784000, retryAt: null },
    ],
    [
      'Reddit float remaining, seconds until reset',
      { 'x-ratelimit-used': '10', 'x-ratelimit-remaining': '590.0', 'x-ratelimit-reset': '246' },
      { limit: null, remaining: 590, resetAt: NOW + 246_000, retryAt: null },
    ],
    [
      'Retry-After delta seconds',
      { 'Retry-After': '120' },
      { limit: null, remaining: null, resetAt: null, retryAt: NOW + 120_000 },
    ],
    [
      'Retry-After HTTP date',
      { 'Retry-After': 'Sat, 01 Aug 2026 14:00:00 GMT' },
      { limit: null, remaining: null, resetAt: null, retryAt: Date.parse('2026-08-01T14:00:00Z') },
    ],
  ])('reads %s', (_, h, expected) => {
    expect(parseRateLimit(headers(h), NOW)).toEqual(expected);
  });

  it('returns null without rate-limit headers (X 401, Reddit 403)', () => {
    expect(parseRateLimit(headers({ 'content-type': 'application/json' }), NOW)).toBeNull();
  });
});

describe(parseLinkHeader.name, () => {
  it('reads rel=next and rel=prev of a Mastodon Link header', () => {
    const links = parseLinkHeader(
      '<http://h/api?limit=5&max_id=1>; rel="next", <http://h/api?limit=5&min_id=9>; rel="prev"',
    );
    expect(Object.fromEntries(links)).toEqual({
      next: 'http://h/api?limit=5&max_id=1',
      prev: 'http://h/api?limit=5&min_id=9',
    });
  });
});

describe(isPrivateAddress.name, () => {
  it.each([
    ['127.0.0.1', true],
    ['10.1.2.3', true],
    ['172.20.0.1', true],
    ['192.168.1.1', true],
    ['169.254.169.254', true],
    ['100.64.0.1', true],
    ['::1', true],
    ['fe80::1', true],
    ['fd00::1', true],
    ['::ffff:127.0.0.1', true],
    ['8.8.8.8', false],
    ['172.32.0.1', false],
    ['2606:4700::1111', false],
  ])('%s → %s', (ip, expected) => {
    expect(isPrivateAddress(ip)).toBe(expected);
  });
});

describe(checkUrl.name, () => {
  const policy = { allowPrivateNetwork: false };
  it.each([
    ['http://mastodon.social', /only https/],
    ['https://127.0.0.1:3000', /private, loopback/],
    ['https://[::1]/', /private, loopback/],
    ['https://localhost/', /loopback/],
    ['https://user:pw@example.org/', /credentials/],
    ['not a url', /not a valid URL/],
  ])('refuses %s', (url, message) => {
    expect(() => checkUrlShape(url, policy)).toThrow(message);
  });

  it('refuses a host name that resolves to a private address', async () => {
    await expect(
      checkUrl('https://internal.example', policy, () => Promise.resolve(['10.0.0.5'])),
    ).rejects.toThrow(/resolves to 10\.0\.0\.5/);
    await expect(
      checkUrl('https://public.example', policy, () => Promise.resolve(['93.184.216.34'])),
    ).resolves.toBeInstanceOf(URL);
  });

  it('allows local targets and http only with allowPrivateNetwork', () => {
    expect(checkUrlShape('http://127.0.0.1:4000/x', { allowPrivateNetwork: true }).port).toBe(
      '4000',
    );
  });
});

describe('HttpClient fault handling (synthetic scenarios)', () => {
  let server: FixtureServer;
  afterEach(async () => {
    await server.close();
  });

  const tooMany = (h: Record<string, string>): ReplayResponse => ({
    status: 429,
    headers: { 'content-type': 'application/json', ...h },
    body: '{"error":"Too many requests"}',
  });

  it.each([
    [
      'Mastodon ISO X-RateLimit-Reset (no Retry-After)',
      { 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': '2026-08-01T13:54:20.000000Z' },
      20_000,
    ],
    [
      'X epoch x-rate-limit-reset',
      { 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': String(NOW / 1000 + 30) },
      30_000,
    ],
    [
      'Bluesky epoch RateLimit-Reset',
      { 'RateLimit-Remaining': '0', 'RateLimit-Reset': String(NOW / 1000 + 15) },
      15_000,
    ],
    [
      'Reddit seconds-until x-ratelimit-reset, float remaining',
      { 'x-ratelimit-remaining': '0.0', 'x-ratelimit-reset': '12' },
      12_000,
    ],
    ['Retry-After seconds', { 'Retry-After': '7' }, 7_000],
  ])('synthetic 429 with %s waits until the reset, then succeeds', async (_, h, waitMs) => {
    server = await startFixtureServer([{ path: '/x', responses: [tooMany(h), ok] }]);
    const runtime = new FakeRuntime(NOW, () => 0);
    const res = await testClient(runtime).request({ url: `${server.url}/x`, expect: 'json' });
    expect(res.body).toEqual([]);
    expect(server.requests).toHaveLength(2);
    // The only sleep is the platform's reset (jitter is 0 here).
    expect(runtime.sleeps.reduce((a, b) => a + b, 0)).toBe(waitMs);
  });

  it('synthetic 429 asking for a long wait fails the poll with retryAt instead of sleeping', async () => {
    server = await startFixtureServer([
      { path: '/x', responses: [tooMany({ 'Retry-After': '900' })] },
    ]);
    const runtime = new FakeRuntime(NOW);
    const err = await testClient(runtime, { maxRateLimitWaitMs: 60_000 })
      .request({ url: `${server.url}/x`, expect: 'json' })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'rate-limited', retryAt: NOW + 900_000 });
    expect(runtime.sleeps).toEqual([]);
  });

  it('synthetic 500 twice then recovery: exponential backoff with injected jitter', async () => {
    const fail: ReplayResponse = {
      status: 500,
      headers: { 'content-type': 'application/json' },
      body: '{"error":"boom"}',
    };
    server = await startFixtureServer([{ path: '/x', responses: [fail, fail, ok] }]);
    const runtime = new FakeRuntime(NOW, () => 1);
    const res = await testClient(runtime, { baseDelayMs: 100 }).request({
      url: `${server.url}/x`,
      expect: 'json',
    });
    expect(res.status).toBe(200);
    expect(runtime.sleeps).toEqual([100, 200]);
  });

  it('synthetic timeout: a server that answers too late is retried, then reported as a timeout', async () => {
    server = await startFixtureServer([{ path: '/x', responses: [{ ...ok, delayMs: 1_000 }] }]);
    const err = await testClient(new FakeRuntime(NOW), { timeoutMs: 100, maxRetries: 1 })
      .request({ url: `${server.url}/x`, expect: 'json' })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({
      code: 'timeout',
      message: expect.stringMatching(/no complete response within 100 ms/),
    });
    expect(server.requests).toHaveLength(2);
  });

  it('synthetic truncated JSON is a clear bad-body error', async () => {
    server = await startFixtureServer([
      { path: '/x', responses: [{ ...ok, body: '[{"id":"1","created_at":"2026-' }] },
    ]);
    await expect(
      testClient(new FakeRuntime(NOW)).request({ url: `${server.url}/x`, expect: 'json' }),
    ).rejects.toMatchObject({
      code: 'bad-body',
      message: expect.stringMatching(/invalid JSON \(30 bytes/),
    });
  });

  it('synthetic HTML error page where JSON was expected names the page title', async () => {
    const html =
      '<!DOCTYPE html><html><head><title>Just a moment...</title></head><body>blocked</body></html>';
    server = await startFixtureServer([
      {
        path: '/x',
        responses: [{ status: 200, headers: { 'content-type': 'text/html' }, body: html }],
      },
    ]);
    await expect(
      testClient(new FakeRuntime(NOW)).request({ url: `${server.url}/x`, expect: 'json' }),
    ).rejects.toMatchObject({
      code: 'bad-body',
      message: expect.stringMatching(
        /expected JSON but got an HTML page \("Just a moment\.\.\."\)/,
      ),
    });
  });

  it('opens the circuit after repeated failures and lets one trial through after the cooldown', async () => {
    const fail: ReplayResponse = { status: 503, headers: {}, body: 'down' };
    server = await startFixtureServer([{ path: '/x', responses: [fail, fail, fail, ok] }]);
    const runtime = new FakeRuntime(NOW);
    const client = testClient(runtime, { maxRetries: 0, failureThreshold: 3, cooldownMs: 60_000 });
    for (let i = 0; i < 3; i += 1)
      await expect(
        client.request({ url: `${server.url}/x`, expect: 'json' }),
      ).rejects.toBeInstanceOf(ConnectorError);
    await expect(client.request({ url: `${server.url}/x`, expect: 'json' })).rejects.toMatchObject({
      code: 'circuit-open',
      retryAt: NOW + 60_000,
    });
    expect(server.requests).toHaveLength(3);
    runtime.t += 60_000;
    expect(client.circuitState()).toBe('half-open');
    await expect(client.request({ url: `${server.url}/x`, expect: 'json' })).resolves.toMatchObject(
      { status: 200 },
    );
    expect(client.circuitState()).toBe('closed');
  });

  it('limits concurrent requests per host', async () => {
    server = await startFixtureServer([{ path: '/x', responses: [{ ...ok, delayMs: 50 }] }]);
    const { HostLimiter } = await import('./host-limiter');
    const limiter = new HostLimiter(2);
    const client = testClient(new FakeRuntime(NOW), { limiter });
    let peak = 0;
    const host = new URL(server.url).host;
    const timer = setInterval(() => (peak = Math.max(peak, limiter.inFlight(host))), 5);
    await Promise.all(
      Array.from({ length: 6 }, () => client.request({ url: `${server.url}/x`, expect: 'json' })),
    );
    clearInterval(timer);
    expect(peak).toBe(2);
  });

  it('never follows redirects (a post link or a hostile server cannot send us elsewhere)', async () => {
    server = await startFixtureServer([
      {
        path: '/x',
        responses: [
          { status: 302, headers: { location: 'http://169.254.169.254/latest' }, body: '' },
        ],
      },
    ]);
    await expect(
      testClient(new FakeRuntime(NOW)).request({ url: `${server.url}/x`, expect: 'json' }),
    ).rejects.toMatchObject({ message: expect.stringMatching(/redirect 302 not followed/) });
  });
});

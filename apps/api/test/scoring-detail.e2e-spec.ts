import type {
  ApiErrorBody,
  IngestReport,
  TermPoint,
  TermSeries,
  TermSummary,
  WatchlistInput,
  WatchlistView,
} from '@spreadwatch/contracts';
import { DataSource } from 'typeorm';

import { hashPassword } from '../src/auth/password';
import { resetDatabase, spikeNdjson, startTestApp, type TestApp } from './test-app';

const T0 = Date.parse('2026-03-01T12:00:00Z');
const DESK_PASSWORD = 'desk-password-123';

/** Text-only posts (no hashtags) writing `phrase`, 30 accounts a minute, plus a steady hashtag that moves time on. */
function textNdjson(phrase: string, fromMinute: number, minutes: number, prefix: string): string {
  const lines: string[] = [];
  let n = 0;
  const post = (minute: number, second: number, author: string, extra: object): void => {
    n += 1;
    lines.push(
      JSON.stringify({
        source: 'test',
        id: `${prefix}${n}`,
        ts: new Date(T0 + minute * 60_000 + second * 1_000).toISOString(),
        author: { id: author },
        ...extra,
      }),
    );
  };
  for (let m = fromMinute; m < fromMinute + minutes; m += 1) {
    for (let i = 0; i < 30; i += 1) post(m, i, `${prefix}-a${i}`, { text: `look: ${phrase}!` });
    for (let i = 0; i < 5; i += 1) post(m, 40 + i, `steady${i}`, { hashtags: ['weather'] });
  }
  // Two quiet minutes later close the last minutes with data.
  post(fromMinute + minutes + 2, 0, 'steady1', { hashtags: ['weather'] });
  return lines.join('\n');
}

describe('scoring detail and watchlists', () => {
  let t: TestApp;
  let cookie: string;

  beforeAll(async () => {
    await resetDatabase();
    t = await startTestApp({ WATCHLIST_SEED: 'true' });
    cookie = await t.login();
  });
  afterAll(async () => {
    await t.close();
  });

  async function call<T>(
    method: string,
    path: string,
    body?: unknown,
    as: string = cookie,
  ): Promise<{ status: number; body: T }> {
    const res = await fetch(`${t.url}/api${path}`, {
      method,
      headers: { cookie: as, 'content-type': 'application/json' },
      ...(body === undefined
        ? {}
        : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: (text.length === 0 ? null : JSON.parse(text)) as T };
  }

  async function ingest(body: string): Promise<IngestReport> {
    const res = await fetch(`${t.url}/api/ingest`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/x-ndjson' },
      body,
    });
    expect(res.status).toBe(200);
    return (await res.json()) as IngestReport;
  }

  const series = async (term: string, minutes = 120): Promise<TermPoint[]> =>
    (await call<TermSeries>('GET', `/terms/${encodeURIComponent(term)}/series?minutes=${minutes}`))
      .body.points;

  // First, so the stream's warm-up starts with this data (later tests post at later event times).
  it('series and top carry the baseline band, detectors, burst level, forecast and related terms', async () => {
    expect((await ingest(spikeNdjson())).rejected).toBe(0);
    const points = await series('#fullvideolink', 60);
    expect(points.length).toBeGreaterThan(3);
    for (const p of points) {
      expect(p.baselineLower).toBeLessThanOrEqual(p.baseline);
      expect(p.baselineUpper).toBeGreaterThanOrEqual(p.baseline);
      expect(p.baselineLower).toBeGreaterThanOrEqual(0);
      expect(typeof p.acceleration).toBe('number');
      expect(p.repostShare).toBe(0);
    }
    const peak = points.reduce((a, b) => (b.score > a.score ? b : a));
    expect(peak.burstLevel).toBeGreaterThan(0);
    expect(Object.keys(peak.detectors ?? {}).sort()).toEqual([
      'burst',
      'cusum',
      'poisson',
      'robustZ',
    ]);
    // Contributions add up to the raw score; calibration only ever lowers the published score.
    const raw = Object.values(peak.detectors ?? {}).reduce((sum, d) => sum + d.contribution, 0);
    expect(raw).toBeGreaterThanOrEqual(peak.score - 1e-9);
    // 40 new accounts in the first spike minute, every one of them a first-time author of the tag.
    expect(Math.max(...points.map((p) => p.firstTimeAuthors ?? 0))).toBe(40);
    const forecasts = points.flatMap((p) => (p.forecast == null ? [] : [p.forecast]));
    expect(forecasts.length).toBeGreaterThan(0);
    for (const f of forecasts) {
      expect(f.finalSizeLow).toBeLessThanOrEqual(f.finalSize);
      expect(f.finalSize).toBeLessThanOrEqual(f.finalSizeHigh);
      expect(f.branchingRatio).toBeGreaterThanOrEqual(0);
      expect(Number.isNaN(Date.parse(f.onset))).toBe(false);
    }

    const top = (await call<TermSummary[]>('GET', '/terms/top?limit=10')).body;
    const tag = top.find((s) => s.term === '#fullvideolink');
    // The built-in watchlist reads "#fullvideolink" as the watched phrase "full video link".
    expect(tag?.related).toEqual(['full video link']);
    expect(top.map((s) => s.term)).toContain('full video link');
    expect(tag?.baselineUpper).toBeGreaterThanOrEqual(tag?.baseline ?? Infinity);
    expect(Object.keys(tag?.detectors ?? {})).toHaveLength(4);
  });

  it('seeds the built-in watchlist on first start', async () => {
    const { status, body } = await call<WatchlistView[]>('GET', '/watchlists');
    expect(status).toBe(200);
    const builtin = body.find((l) => l.createdBy === 'builtin');
    expect(builtin).toMatchObject({ enabled: true, settings: { fireScore: 6 } });
    expect(builtin?.terms.map((x) => x.term)).toContain('leaked video');
    expect((await call<WatchlistView>('GET', `/watchlists/${builtin?.id ?? ''}`)).status).toBe(200);
  });

  it.each([
    { name: 'no name', body: { terms: [] }, message: /name/ },
    {
      name: 'an empty term',
      body: { name: 'x', terms: [{ term: '  ' }] },
      message: /terms\.0\.term/,
    },
    {
      name: 'a duplicate term',
      body: { name: 'x', terms: [{ term: 'abc' }, { term: '#ABC' }] },
      message: /terms\.1\.term: duplicates terms\.0\.term/,
    },
    {
      name: 'a threshold out of range',
      body: { name: 'x', settings: { fireScore: -1 } },
      message: /settings\.fireScore/,
    },
    {
      name: 'an unknown setting',
      body: { name: 'x', settings: { minVolume: 3 } },
      message: /settings.*minVolume/,
    },
    {
      name: 'variants that are not strings',
      body: { name: 'x', terms: [{ term: 'a', variants: [1] }] },
      message: /terms\.0\.variants\.0/,
    },
    { name: 'malformed JSON', body: '{"name":', message: /JSON/i },
  ])('answers 400 naming the field for $name', async ({ body, message }) => {
    const res = await call<ApiErrorBody>('POST', '/watchlists', body);
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(message);
  });

  it('answers 400 for a malformed id and 404 for an unknown one', async () => {
    const good = { name: 'x' };
    expect((await call('PUT', '/watchlists/not-a-uuid', good)).status).toBe(400);
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect((await call('PUT', `/watchlists/${unknown}`, good)).status).toBe(404);
    expect((await call('DELETE', `/watchlists/${unknown}`)).status).toBe(404);
    expect((await call('GET', `/watchlists/${unknown}`)).status).toBe(404);
  });

  it('makes a watched phrase in post text (no hashtags) a term; an edit applies to the next posts', async () => {
    const input: WatchlistInput = {
      name: 'e2e tapes',
      settings: { minWindowCount: 10, fireScore: 5 },
      terms: [{ term: 'Secret Tape', variants: ['s3kret tape'], synonyms: ['गुप्त टेप'] }],
    };
    const res = await call<WatchlistView>('POST', '/watchlists', input);
    expect(res.status).toBe(201);
    expect(res.body.terms).toEqual([
      { term: 'secret tape', variants: ['s3kret tape'], synonyms: ['गुप्त टेप'], protected: false },
    ]);

    // Folding: case, punctuation inside words and digit swaps do not hide it.
    await ingest(textNdjson('S3CR3T T.A.P.E', 45, 6, 'w1-'));
    const before = await series('secret tape');
    expect(Math.max(...before.map((p) => p.count))).toBe(30);
    const posts = (await call<{ text: string | null }[]>('GET', '/terms/secret%20tape/posts')).body;
    expect(posts.length).toBeGreaterThan(0);

    // Renamed: the old phrase no longer counts, the new one does, from the next post on.
    const renamed = await call<WatchlistView>('PUT', `/watchlists/${res.body.id}`, {
      ...input,
      terms: [{ term: 'hidden tape' }],
    });
    expect(renamed.status).toBe(200);
    await ingest(textNdjson('secret tape', 60, 4, 'w2-'));
    await ingest(textNdjson('hidden tape', 70, 4, 'w3-'));
    const after = (await series('secret tape')).filter((p) => Date.parse(p.t) >= T0 + 60 * 60_000);
    expect(after.every((p) => p.count === 0)).toBe(true);
    expect(Math.max(...(await series('hidden tape')).map((p) => p.count))).toBe(30);

    // Deleted: matched no more.
    expect((await call('DELETE', `/watchlists/${res.body.id}`)).status).toBe(204);
    await ingest(textNdjson('hidden tape', 80, 3, 'w4-'));
    const gone = (await series('hidden tape')).filter((p) => Date.parse(p.t) >= T0 + 80 * 60_000);
    expect(gone.every((p) => p.count === 0)).toBe(true);
    const lists = (await call<WatchlistView[]>('GET', '/watchlists')).body;
    expect(lists.some((l) => l.id === res.body.id)).toBe(false);
  });

  it('masks protected terms for desk users and lets only admins and analysts edit', async () => {
    const res = await call<WatchlistView>('POST', '/watchlists', {
      name: 'e2e protected',
      terms: [{ term: 'jane roe', variants: ['jane r0e'], protected: true }, { term: 'open term' }],
    });
    expect(res.status).toBe(201);

    const ds = new DataSource({ type: 'postgres', url: process.env['DATABASE_URL'] });
    await ds.initialize();
    try {
      await ds.query(
        `INSERT INTO users (username, password_hash, role) VALUES ('desk1', $1, 'desk')`,
        [await hashPassword(DESK_PASSWORD)],
      );
    } finally {
      await ds.destroy();
    }
    const login = await fetch(`${t.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'desk1', password: DESK_PASSWORD }),
    });
    const desk = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';

    const seen = await call<WatchlistView[]>('GET', '/watchlists', undefined, desk);
    const list = seen.body.find((l) => l.id === res.body.id);
    expect(list?.terms).toEqual([
      { term: '(protected)', variants: [], synonyms: [], protected: true },
      { term: 'open term', variants: [], synonyms: [], protected: false },
    ]);
    expect(JSON.stringify(seen.body)).not.toContain('jane');
    expect((await call('POST', '/watchlists', { name: 'nope' }, desk)).status).toBe(403);
    expect((await call('DELETE', `/watchlists/${res.body.id}`, undefined, desk)).status).toBe(403);
  });

  it('does not bring back a deleted built-in list on the next start', async () => {
    const lists = (await call<WatchlistView[]>('GET', '/watchlists')).body;
    const builtin = lists.find((l) => l.createdBy === 'builtin');
    expect((await call('DELETE', `/watchlists/${builtin?.id ?? ''}`)).status).toBe(204);
    await t.close();
    t = await startTestApp({ WATCHLIST_SEED: 'true' });
    cookie = await t.login();
    const after = (await call<WatchlistView[]>('GET', '/watchlists')).body;
    expect(after.some((l) => l.createdBy === 'builtin')).toBe(false);
  });
});

import type { TermPost } from '@spreadwatch/contracts';

import { resetDatabase, startTestApp, type TestApp } from './test-app';

describe('GET /api/terms/:term/posts', () => {
  let t: TestApp;
  let cookie: string;

  const post = (id: string, ts: string, extra: Record<string, unknown> = {}) =>
    JSON.stringify({
      type: 'post',
      source: 'mastodon',
      id,
      ts,
      kind: 'post',
      author: { id: `a${id}`, handle: `user${id}@x.social` },
      text: `watch this #postsleak ${id}`,
      hashtags: ['postsleak'],
      lang: 'en',
      ...extra,
    });

  beforeAll(async () => {
    await resetDatabase();
    t = await startTestApp();
    cookie = await t.login();
    const body = [
      post('1', '2024-03-01T12:00:00Z', { urls: ['https://bait.example/v?ref=1'] }),
      post('2', '2024-03-01T12:01:00Z'),
      post('3', '2024-03-01T12:02:00Z'),
      post('4', '2024-03-01T12:03:00Z', { hashtags: ['other'], text: 'unrelated #other' }),
      JSON.stringify({ type: 'delete', source: 'mastodon', id: '3' }),
    ].join('\n');
    const res = await fetch(`${t.url}/api/ingest`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/x-ndjson' },
      body,
    });
    expect(res.status).toBeLessThan(300);
  });
  afterAll(async () => {
    await t.close();
  });

  const get = (path: string) => fetch(`${t.url}${path}`, { headers: { cookie } });

  it('returns the newest posts of the term as text, without deleted ones', async () => {
    const res = await get(`/api/terms/${encodeURIComponent('#postsleak')}/posts?limit=10`);
    expect(res.status).toBe(200);
    const posts = (await res.json()) as TermPost[];

    expect(posts.map((p) => p.id)).toEqual(['2', '1']);
    expect(posts[1]).toEqual({
      source: 'mastodon',
      id: '1',
      ts: '2024-03-01T12:00:00.000Z',
      kind: 'post',
      authorId: 'a1',
      authorHandle: 'user1@x.social',
      text: 'watch this #postsleak 1',
      urls: ['https://bait.example/v?ref=1'],
      lang: 'en',
    });
  });

  it('honours the limit', async () => {
    const posts = (await (await get(`/api/terms/%23postsleak/posts?limit=1`)).json()) as TermPost[];
    expect(posts.map((p) => p.id)).toEqual(['2']);
  });

  it.each(['limit=0', 'limit=201', 'limit=abc'])('rejects %s with 400', async (query) => {
    const res = await get(`/api/terms/%23postsleak/posts?${query}`);
    expect(res.status).toBe(400);
  });

  it('needs a session', async () => {
    const res = await fetch(`${t.url}/api/terms/%23postsleak/posts`);
    expect(res.status).toBe(401);
  });
});

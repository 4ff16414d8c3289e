import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { type FixtureServer, loadFixture, startFixtureServer } from '../testing/fixture-server';
import { FakeRuntime, fixtureDir, golden, summarize, testClient } from '../testing/test-kit';
import { MastodonConnector } from './mastodon.connector';
import { parseMastodonStatuses } from './mastodon.parser';

const DIR = fixtureDir('mastodon');
const fx = (file: string) => loadFixture(DIR, file);
const json = (file: string): unknown => JSON.parse(readFileSync(join(DIR, file), 'utf8'));
const T0 = Date.parse('2026-08-01T14:00:00Z');

describe(MastodonConnector.name, () => {
  let server: FixtureServer;
  afterEach(async () => {
    await server.close();
  });

  const connector = (stream: ConstructorParameters<typeof MastodonConnector>[0]['stream']) =>
    new MastodonConnector({
      source: 'masto',
      baseUrl: server.url,
      stream,
      http: testClient(new FakeRuntime(T0)),
    });

  it.each([
    ['a hashtag timeline (Mastodon 4.6)', 'tag', 'mastodonpy__timelines_tag_hoot.json', 'hoot'],
    [
      'the anonymous public timeline (4.6)',
      'public',
      'mastodonpy__timelines_public_anonymous.json',
      '',
    ],
    [
      'a real federated hashtag timeline (friends.nico, 2017)',
      'tag',
      'mastodon4j__timelines_tag_2017_friends_nico.json',
      'mastodon',
    ],
    [
      'a real public timeline (mstdn.jp, 2017)',
      'public',
      'mastodon4j__timelines_public_2017_mstdn_jp.json',
      '',
    ],
  ])('maps %s through the HTTP client to golden observations', async (name, kind, file, tag) => {
    const path = kind === 'tag' ? `/api/v1/timelines/tag/${tag}` : '/api/v1/timelines/public';
    server = await startFixtureServer([{ path, responses: [fx(file)] }]);
    const c = connector(kind === 'tag' ? { kind: 'tag', tag } : { kind: 'public', local: false });
    const page = await c.fetchSince(null);
    expect(page.problems).toEqual([]);
    expect(summarize(page.observations)).toEqual(
      golden(__dirname, `mastodon-${file.replace(/\.json$/, '')}`, summarize(page.observations)),
    );
    expect(page.hasMore).toBe(false);
    expect(page.nextCursor).not.toBeNull();
    void name;
  });

  it('takes tags from tags[] (normalised), text from HTML, time from created_at', async () => {
    server = await startFixtureServer([
      {
        path: '/api/v1/timelines/tag/hoot',
        responses: [fx('mastodonpy__timelines_tag_hoot.json')],
      },
    ]);
    const page = await connector({ kind: 'tag', tag: 'hoot' }).fetchSince(null);
    const post = page.observations[0];
    expect(post).toMatchObject({ type: 'post', source: 'masto', kind: 'post', hashtags: ['hoot'] });
    if (post?.type !== 'post') throw new Error('expected a post');
    expect(post.text).not.toMatch(/<[a-z]/i);
    const raw = (json('mastodonpy__timelines_tag_hoot.json') as { created_at: string }[])[0];
    expect(post.ts).toBe(new Date(raw?.created_at ?? '').toISOString());
  });

  it('maps a boost to a repost of the original, with the original tags', () => {
    const status = json('mastodonpy__status_reblog.json') as { id: string; reblog: { id: string } };
    const page = parseMastodonStatuses([status], 'masto');
    expect(page.problems).toEqual([]);
    expect(page.observations[0]).toMatchObject({
      kind: 'repost',
      id: status.id,
      parentId: status.reblog.id,
    });
  });

  it('keeps ids as strings even when old servers sent integers', () => {
    const page = parseMastodonStatuses(
      json('mastodon4j__timelines_tag_2017_friends_nico.json'),
      'm',
    );
    expect(page.ids.every((id) => typeof id === 'string')).toBe(true);
    expect(
      page.observations.every((o) => o.type === 'post' && typeof o.author.id === 'string'),
    ).toBe(true);
  });

  it('pages forward with min_id, yields overlapping pages once, and resumes from the cursor after a restart', async () => {
    // p2 is the newest page on first contact; following prev (min_id) returns p3, whose ids equal p1's; asking
    // again after p3's newest id returns p1 again (an overlapping page), then nothing.
    const p2 = fx('mastodonpy__accounts_statuses_p2_max_id.json');
    const p3 = fx('mastodonpy__accounts_statuses_p3_min_id.json');
    const p1 = fx('mastodonpy__accounts_statuses_p1.json');
    const empty = { status: 200, headers: { 'content-type': 'application/json' }, body: '[]' };
    const path = '/api/v1/timelines/tag/leak';
    server = await startFixtureServer([
      { path, query: { min_id: null }, responses: [p2] },
      { path, query: { min_id: '117020580481736214' }, responses: [p3] },
      { path, query: { min_id: '117020580518794573' }, responses: [p1, empty] },
    ]);
    const c = connector({ kind: 'tag', tag: 'leak' });
    const seen: string[] = [];
    const cursors: (string | null)[] = [];
    let cursor: string | null = null;
    let first = await c.fetchSince(cursor);
    seen.push(...first.observations.map((o) => (o.type === 'post' ? o.id : '')));
    cursor = first.nextCursor;
    cursors.push(cursor);
    expect(first.hasMore).toBe(false);
    for (let i = 0; i < 5; i += 1) {
      first = await c.fetchSince(cursor);
      seen.push(...first.observations.map((o) => (o.type === 'post' ? o.id : '')));
      cursor = first.nextCursor;
      cursors.push(cursor);
      if (!first.hasMore) break;
    }
    expect(seen).toHaveLength(10);
    expect(new Set(seen).size).toBe(10);
    // The overlapping page brings nothing new and leaves the cursor where it was, which ends the pass.
    expect(cursors).toEqual(['117020580481736214', '117020580518794573', '117020580518794573']);

    // A restarted process (new connector, no memory) resumes from the persisted cursor: nothing new is there.
    const restarted = connector({ kind: 'tag', tag: 'leak' });
    const after = await restarted.fetchSince(cursor);
    expect(after.observations).toEqual([]);
    expect(after.nextCursor).toBe(cursor);
    expect(server.requests.at(-1)).toContain('min_id=117020580518794573');
  });

  it('returns discovered tags from trends/tags (empty on a quiet instance)', async () => {
    server = await startFixtureServer([
      { path: '/api/v1/trends/tags', responses: [fx('mastodonpy__trends_tags_empty.json')] },
    ]);
    const page = await connector({ kind: 'trends' }).fetchSince(null);
    expect(page.discovered).toEqual([]);
    expect(page.problems).toEqual([]);
  });

  it('reports a 404 as not-found with the server message', async () => {
    server = await startFixtureServer([
      { path: '/api/v1/timelines/tag/gone', responses: [fx('mastodonpy__status_404.json')] },
    ]);
    await expect(connector({ kind: 'tag', tag: 'gone' }).fetchSince(null)).rejects.toMatchObject({
      code: 'not-found',
      message: expect.stringMatching(/404 Not Found/),
    });
  });
});

import { intervalToMs, parseObservation, parseObservationLine } from './observation';

describe(parseObservation.name, () => {
  const post = {
    source: 'mastodon',
    id: '110234',
    ts: '2024-03-01T12:00:05Z',
    author: { id: '77' },
  };

  it.each([
    ['a minimal post, type defaulted', post, { type: 'post', kind: 'post' }],
    [
      'a full post',
      {
        ...post,
        type: 'post',
        kind: 'repost',
        parentId: '110100',
        author: {
          id: '77',
          handle: 'a@x.social',
          createdAt: '2024-02-28T09:00:00Z',
          followers: 12,
          following: 300,
          posts: 15,
        },
        text: 'full video link',
        hashtags: ['leaked'],
        urls: ['https://example.org/x'],
        lang: 'en',
        metrics: { reposts: 0, likes: 2, replies: 0 },
      },
      { kind: 'repost', parentId: '110100' },
    ],
    [
      'nulls for optional fields',
      { ...post, lang: null, text: null, author: { id: '1', handle: null } },
      { lang: null },
    ],
    ['an offset timestamp', { ...post, ts: '2024-03-01T17:30:05+05:30' }, {}],
    [
      'a count',
      {
        type: 'count',
        source: 'x-counts',
        term: '#leaked',
        ts: '2024-03-01T12:00:00Z',
        interval: '5m',
        count: 1234,
      },
      { type: 'count', count: 1234 },
    ],
    ['a delete', { type: 'delete', source: 'mastodon', id: '110234' }, { type: 'delete' }],
  ])('accepts %s', (_, input, expected) => {
    const result = parseObservation(input);
    expect(result).toEqual({ ok: true, value: expect.objectContaining(expected) });
  });

  it.each([
    ['no author id', { ...post, author: {} }, /^author\.id: /],
    ['an empty id', { ...post, id: '' }, /^id: must not be empty/],
    ['a naive timestamp', { ...post, ts: '2024-03-01 12:00:05' }, /^ts: /],
    [
      'a negative follower count',
      { ...post, author: { id: '1', followers: -1 } },
      /^author\.followers: /,
    ],
    ['an unknown kind', { ...post, kind: 'boost' }, /^kind: /],
    ['a non-string hashtag', { ...post, hashtags: ['ok', 3] }, /^hashtags\.1: /],
    ['an unknown type', { ...post, type: 'like' }, /^type: must be one of post, count, delete/],
    [
      'a bad interval',
      { type: 'count', source: 's', term: 't', ts: post.ts, interval: '5 minutes', count: 1 },
      /^interval: /,
    ],
    ['an array', [post], /expected a JSON object/],
    ['null', null, /expected a JSON object/],
  ])('rejects %s, naming the field', (_, input, message) => {
    const result = parseObservation(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(message);
  });
});

describe(parseObservationLine.name, () => {
  it('reports invalid JSON', () => {
    expect(parseObservationLine('{"id":')).toEqual({
      ok: false,
      error: expect.stringMatching(/^invalid JSON: /),
    });
  });
});

describe(intervalToMs.name, () => {
  it.each([
    ['30s', 30_000],
    ['5m', 300_000],
    ['1h', 3_600_000],
    ['1d', 86_400_000],
  ])('%s is %d ms', (interval, ms) => {
    expect(intervalToMs(interval)).toBe(ms);
  });
});

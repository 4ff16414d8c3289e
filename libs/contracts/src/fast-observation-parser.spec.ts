import { parseObservationLine } from './observation';

import { parseObservationLineFast } from './fast-observation-parser';

const POST = {
  type: 'post',
  source: 'mastodon',
  id: '110234',
  ts: '2024-03-01T12:00:05Z',
  kind: 'reply',
  parentId: '110100',
  author: {
    id: '77',
    handle: 'a@x.social',
    createdAt: '2024-02-28T09:00:00Z',
    followers: 12,
    following: 300,
    posts: 15,
  },
  text: 'leak #x',
  hashtags: ['leaked'],
  urls: ['https://example.com'],
  lang: 'en',
  metrics: { reposts: 0, likes: 2, replies: 0 },
};

function post(patch: Record<string, unknown>, authorPatch: Record<string, unknown> = {}): string {
  const value: Record<string, unknown> = {
    ...POST,
    ...patch,
    author: { ...POST.author, ...authorPatch },
  };
  for (const key of Object.keys(value)) if (value[key] === '<drop>') delete value[key];
  const author = value['author'] as Record<string, unknown>;
  for (const key of Object.keys(author)) if (author[key] === '<drop>') delete author[key];
  return JSON.stringify(value);
}

// Each line must give exactly what the contracts give: same verdict, same value or same error message.
const LINES: [name: string, line: string][] = [
  ['full post', post({})],
  [
    'minimal post, defaults',
    JSON.stringify({ source: 's', id: '1', ts: '2024-03-01T12:00:05Z', author: { id: 'a' } }),
  ],
  [
    'nulls everywhere',
    post({ parentId: null, text: null, hashtags: null, urls: null, lang: null, metrics: null }),
  ],
  ['null author fields', post({}, { handle: null, createdAt: null, followers: null })],
  ['offset and fraction', post({ ts: '2024-03-01T12:00:05.123456+05:30' })],
  ['unknown top-level key (stripped by zod)', post({ extra: 1 })],
  ['unknown author key', post({}, { verified: true })],
  ['unknown metrics key', post({ metrics: { views: 3 } })],
  ['missing author.id', post({}, { id: '<drop>' })],
  ['empty author.id', post({}, { id: '' })],
  ['missing author', post({ author: '<drop>' })],
  ['author is an array', post({ author: ['x'] })],
  ['empty source', post({ source: '' })],
  ['numeric id', post({ id: 5 })],
  ['bad kind', post({ kind: 'story' })],
  ['ts without zone', post({ ts: '2024-03-01T12:00:05' })],
  ['ts without seconds', post({ ts: '2024-03-01T12:00Z' })],
  ['ts offset without colon', post({ ts: '2024-03-01T12:00:05+0530' })],
  ['ts on Feb 30', post({ ts: '2024-02-30T12:00:05Z' })],
  ['ts on Feb 29 of a non-leap year', post({ ts: '2023-02-29T12:00:05Z' })],
  ['ts on Feb 29 of 2000', post({ ts: '2000-02-29T12:00:05Z' })],
  ['ts hour 24', post({ ts: '2024-03-01T24:00:00Z' })],
  ['ts lower-case z', post({ ts: '2024-03-01T12:00:05z' })],
  ['ts empty fraction', post({ ts: '2024-03-01T12:00:05.Z' })],
  ['createdAt invalid', post({}, { createdAt: 'yesterday' })],
  ['negative followers', post({}, { followers: -1 })],
  ['fractional followers', post({}, { followers: 1.5 })],
  ['unsafe integer', post({}, { posts: 2 ** 53 })],
  ['hashtags with a number', post({ hashtags: ['a', 1] })],
  ['hashtags not an array', post({ hashtags: 'a' })],
  ['text is a number', post({ text: 3 })],
  ['metrics negative', post({ metrics: { likes: -2 } })],
  ['metrics array', post({ metrics: [] })],
  ['unknown type', JSON.stringify({ type: 'story', source: 's', id: '1' })],
  [
    'count',
    JSON.stringify({
      type: 'count',
      source: 'x',
      term: '#l',
      ts: '2024-03-01T12:00:00Z',
      interval: '5m',
      count: 3.5,
    }),
  ],
  [
    'count bad interval',
    JSON.stringify({
      type: 'count',
      source: 'x',
      term: '#l',
      ts: '2024-03-01T12:00:00Z',
      interval: '0m',
      count: 1,
    }),
  ],
  [
    'count negative',
    JSON.stringify({
      type: 'count',
      source: 'x',
      term: '#l',
      ts: '2024-03-01T12:00:00Z',
      interval: '1h',
      count: -1,
    }),
  ],
  [
    'count extra key',
    JSON.stringify({
      type: 'count',
      source: 'x',
      term: '#l',
      ts: '2024-03-01T12:00:00Z',
      interval: '1h',
      count: 1,
      q: 1,
    }),
  ],
  ['delete', JSON.stringify({ type: 'delete', source: 'mastodon', id: '110234' })],
  ['delete without id', JSON.stringify({ type: 'delete', source: 'mastodon' })],
  ['not JSON', '{"source": '],
  ['JSON array', '[1,2]'],
  ['JSON null', 'null'],
  ['JSON string', '"post"'],
  [
    '__proto__ key',
    '{"__proto__":{"x":1},"source":"s","id":"1","ts":"2024-03-01T12:00:05Z","author":{"id":"a"}}',
  ],
];

describe(parseObservationLineFast.name, () => {
  it.each(LINES)('agrees with parseObservationLine: %s', (_name, line) => {
    expect(parseObservationLineFast(line)).toEqual(parseObservationLine(line));
  });
});

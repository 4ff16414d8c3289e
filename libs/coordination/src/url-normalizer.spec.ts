import { normalizeUrl } from './url-normalizer';

describe(normalizeUrl.name, () => {
  it.each([
    ['https://Example.net/v/abc?ref=12', 'example.net/v/abc'],
    ['http://www.example.net/v/abc/', 'example.net/v/abc'],
    ['https://example.net:443/v/abc#top', 'example.net/v/abc'],
    ['example.net/v/ABC', 'example.net/v/ABC'],
    ['   ', ''],
  ])('%s → %s', (raw, expected) => {
    expect(normalizeUrl(raw)).toBe(expected);
  });
});

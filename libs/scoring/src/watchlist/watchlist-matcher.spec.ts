import { DEFAULT_WATCHLIST } from './default-watchlist';
import { WatchlistMatcher } from './watchlist-matcher';

describe(WatchlistMatcher.name, () => {
  const sut = new WatchlistMatcher([DEFAULT_WATCHLIST]);

  it.each([
    { name: 'plain phrase', text: 'new leaked video out now', want: ['leaked video'] },
    { name: 'case and NFKC full-width', text: 'ＬＥＡＫＥＤ Video!!', want: ['leaked video'] },
    { name: 'dots inside a word', text: 'the m.m.s leak', want: ['leaked mms'] },
    { name: 'spaces inside a word', text: 'see m m s leak here', want: ['leaked mms'] },
    { name: 'digit and symbol swaps', text: 'l3@k3d v1d30 link', want: ['leaked video'] },
    { name: 'diacritics', text: 'léaked vídeo', want: ['leaked video'] },
    { name: 'hashtag spells the phrase', text: '#LeakedVideo trending', want: ['leaked video'] },
    { name: 'Hindi synonym', text: 'यह लीक वीडियो देखो', want: ['leaked video'] },
    { name: 'Hinglish synonyms', text: 'naya mms kand', want: ['leaked mms', 'scandal'] },
    { name: 'not inside another word', text: 'team comms update', want: [] },
    {
      name: 'deduplicated',
      text: 'leaked video, video leak, #leakedvideo',
      want: ['leaked video'],
    },
    { name: 'nothing watched', text: 'weather is nice', want: [] },
  ])('$name', ({ text, want }) => {
    expect(sut.match(text)).toEqual(want);
  });

  it('appends watched terms after the hashtags it is given, deduplicated across text and tags', () => {
    const out = ['#leakedvideo'];
    const n = sut.matchInto(
      {
        type: 'post',
        source: 't',
        id: '1',
        ts: '2024-03-01T00:00:00Z',
        kind: 'post',
        author: { id: 'a' },
        text: 'leaked video',
        hashtags: ['leakedvideo', 'deepfake'],
      },
      out,
      1,
    );
    expect(out.slice(0, n)).toEqual(['#leakedvideo', 'leaked video', 'deepfake']);
  });

  it('keeps matching correct with 10,000 more terms', () => {
    const terms = Array.from({ length: 10_000 }, (_, i) => ({
      term: `term${i} phrase`,
      synonyms: [],
    }));
    const big = new WatchlistMatcher([
      DEFAULT_WATCHLIST,
      { id: 'big', name: 'big', settings: {}, terms },
    ]);
    expect(big.match('a term9999 phrase and a leaked video')).toEqual([
      'term9999 phrase',
      'leaked video',
    ]);
    expect(big.settingsFor('leaked video')).toEqual(DEFAULT_WATCHLIST.settings);
  });
});

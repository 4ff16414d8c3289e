import { extractTerms, normalizeHashtag, normalizeTerm } from './terms';
import { makePost } from './testing/stream-factory';

describe(extractTerms.name, () => {
  it.each([
    {
      name: 'case and # folded, deduplicated',
      hashtags: ['Leaked', '#leaked', 'LEAKED'],
      text: null,
      want: ['#leaked'],
    },
    {
      name: 'full-width forms (NFKC)',
      hashtags: ['＃ＬＥＡＫＥＤ', 'Ｖｉｄｅｏ'],
      text: null,
      want: ['#leaked', '#video'],
    },
    {
      name: 'non-Latin scripts',
      hashtags: ['लीक', 'ÜberLeak', 'Утечка'],
      text: null,
      want: ['#लीक', '#überleak', '#утечка'],
    },
    { name: 'blank tags dropped', hashtags: ['#', '  ', ''], text: '#ignored', want: [] },
    {
      name: 'empty metadata means none (no fallback)',
      hashtags: [],
      text: 'see #leaked',
      want: [],
    },
    {
      name: 'null metadata falls back to text',
      hashtags: null,
      text: 'Watch #Leaked now #viral_2024 and #leaked again',
      want: ['#leaked', '#viral_2024'],
    },
    {
      name: 'missing metadata falls back, skipping URL fragments',
      hashtags: undefined,
      text: 'https://example.com/page#section and #real, x.com/#/home',
      want: ['#real'],
    },
    {
      name: 'combining marks stay in the tag',
      hashtags: undefined,
      text: '#लीक_वीडियो देखो',
      want: ['#लीक_वीडियो'],
    },
    {
      name: 'full-width hash in text',
      hashtags: null,
      text: '見て＃リーク動画',
      want: ['#リーク動画'],
    },
    { name: 'no text, no terms', hashtags: null, text: null, want: [] },
  ])('$name', ({ hashtags, text, want }) => {
    const post = makePost({ hashtags, text });
    expect(extractTerms(post)).toEqual(want);
  });
});

describe(normalizeTerm.name, () => {
  it.each([
    { raw: ' AAPL ', want: 'aapl' },
    { raw: '#Leaked', want: '#leaked' },
    { raw: 'Ｆｕｌｌ   Video', want: 'full video' },
  ])('$raw → $want', ({ raw, want }) => {
    expect(normalizeTerm(raw)).toBe(want);
  });
});

describe(normalizeHashtag.name, () => {
  it.each([
    { raw: '##Double', want: '#double' },
    { raw: '#', want: '' },
  ])('$raw → "$want"', ({ raw, want }) => {
    expect(normalizeHashtag(raw)).toBe(want);
  });
});

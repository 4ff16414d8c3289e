import { minhashSimilarity, textSignature } from './text-signature';

describe(textSignature.name, () => {
  it.each([
    [
      'case, emoji and URLs do not matter',
      'FULL video 🔥 https://x.example/v/1 #Leak',
      'full video 👀 https://y.example/v/2 #leak',
    ],
    ['punctuation and spacing do not matter', 'watch   now!!! #tag', 'watch now #tag'],
  ])('gives one exact hash when %s', (_name, a, b) => {
    expect(textSignature(a).exact).toBe(textSignature(b).exact);
  });

  it('tells different texts apart', () => {
    expect(textSignature('the river is high today').exact).not.toBe(
      textSignature('the market is high today').exact,
    );
  });

  it.each([
    ['lol', false],
    ['this is it', false],
    ['full video link here now', true],
  ])('near-duplicate bands for %j: %s', (text, expected) => {
    expect(textSignature(text).bands !== null).toBe(expected);
  });

  it('estimates Jaccard similarity: close for near-duplicates, low for unrelated texts', () => {
    const a = textSignature('full leaked video of the star watch before deleted #leak').minhash!;
    const b = textSignature('full leaked video of the star watch before removed #leak').minhash!;
    const c = textSignature('council approves new budget for bridge repairs downtown').minhash!;
    expect(minhashSimilarity(a, b)).toBeGreaterThan(0.5);
    expect(minhashSimilarity(a, c)).toBeLessThan(0.3);
  });

  it('keeps Devanagari and Cyrillic words as tokens', () => {
    expect(textSignature('वीडियो लीक हुआ').tokens).toBe(3);
    expect(textSignature('полное видео тут').tokens).toBe(3);
  });
});

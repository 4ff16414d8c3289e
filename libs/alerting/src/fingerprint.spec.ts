import { fingerprint } from './fingerprint';

describe(fingerprint.name, () => {
  it('ignores label order', () => {
    expect(fingerprint({ alertname: 'TermVelocity', kind: 'velocity', term: '#leaked' })).toBe(
      fingerprint({ term: '#leaked', kind: 'velocity', alertname: 'TermVelocity' }),
    );
  });

  it.each<{ labels: Record<string, string>; want: string }>([
    {
      labels: { alertname: 'TermVelocity', kind: 'velocity', term: '#leaked' },
      want: 'ad24f35370e33d11',
    },
    { labels: {}, want: '4f53cda18c2baa0c' },
  ])('is pinned for $labels (stored fingerprints must survive upgrades)', ({ labels, want }) => {
    expect(fingerprint(labels)).toBe(want);
  });

  it.each<{ a: Record<string, string>; b: Record<string, string> }>([
    { a: { term: '#a' }, b: { term: '#b' } },
    { a: { a: 'b=c' }, b: { 'a=b': 'c' } },
    { a: { a: 'b', c: 'd' }, b: { a: 'b,c=d' } },
  ])('tells $a from $b', ({ a, b }) => {
    expect(fingerprint(a)).not.toBe(fingerprint(b));
    expect(fingerprint(a)).toMatch(/^[0-9a-f]{16}$/);
  });
});

import { Pseudonymiser } from './pseudonymiser';
import { TermMasker } from './term-masker';

const p = new Pseudonymiser(Buffer.alloc(32, 9));
const masker = new TermMasker(['#VictimName', 'jane doe'], p);

describe(TermMasker.name, () => {
  it.each([
    ['#victimname', true],
    ['victimname', true],
    ['Jane Doe', true],
    ['#janedoe', false],
    ['#news', false],
  ])('knows whether %s is protected', (term, expected) => {
    expect(masker.isProtected(term)).toBe(expected);
  });

  it.each([
    ['see #VictimName now', /^see protected:t_[0-9a-f]{20} now$/],
    ['JANE   DOE leaked', /^protected:t_[0-9a-f]{20} leaked$/],
    ['victimnames are not the name', /^victimnames are not the name$/],
    ['ask @bob@x.social', /^ask @h_[0-9a-f]{20}$/],
    ['mail bob@x.social', /^mail bob@x\.social$/],
  ])('sanitises %j', (text, expected) => {
    expect(masker.sanitiseText(text)).toMatch(expected);
  });

  it('masks the hashtag and the bare word to the same pseudonym', () => {
    expect(masker.maskTerm('#victimname')).toBe(masker.maskText('victimname'));
  });
});

describe(Pseudonymiser.name, () => {
  it('separates kinds and normalises handles', () => {
    expect(p.pseudonym('account', 'x')).not.toBe(p.pseudonym('handle', 'x').replace(/^h_/, 'u_'));
    expect(p.handle('@Bob')).toBe(p.handle('bob'));
  });

  it('refuses short keys', () => {
    expect(() => new Pseudonymiser(Buffer.alloc(8))).toThrow(/at least 16 bytes/);
  });
});

import { maskTerm, ProtectedTermMasker } from './mask';
import { makeAlert } from './testing/alert-factory';

describe(ProtectedTermMasker.name, () => {
  it.each([
    ['#janedoe', '#j••••••'],
    ['jane', 'j•••'],
    ['@ab', '@a•••'],
  ])('maskTerm(%s) = %s', (term, masked) => {
    expect(maskTerm(term)).toBe(masked);
  });

  it('masks a protected term in every string of an alert, case-insensitively', () => {
    const masked = new ProtectedTermMasker(['JaneDoe']).alert(makeAlert());
    expect(JSON.stringify(masked).toLowerCase()).not.toContain('janedoe');
    expect(masked.severity).toBe('critical');
  });

  it('leaves alerts alone when nothing is protected', () => {
    const a = makeAlert();
    expect(new ProtectedTermMasker([]).alert(a)).toBe(a);
  });
});

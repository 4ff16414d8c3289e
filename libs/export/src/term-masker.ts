import type { Pseudonymiser } from './pseudonymiser';

// Word characters in any script: a protected name inside a longer word is not that name.
const WORD = '[\\p{L}\\p{M}\\p{N}_]';
// `@user` or `@user@instance.tld` (Mastodon): pseudonymised in text so mentions match author_handle.
const MENTION =
  /(?<![\p{L}\p{M}\p{N}_.])@([\p{L}\p{M}\p{N}_.-]+(?:@[\p{L}\p{M}\p{N}.-]+\.[\p{L}]+)?)/gu;

/**
 * Masks protected terms (a victim's name, for example) in term columns and free text. A masked term becomes
 * `protected:<pseudonym>`, so series of different protected terms stay distinguishable inside one export
 * without revealing the name.
 */
export class TermMasker {
  private readonly protectedTerms: Set<string>;
  private readonly pattern: RegExp | null;
  private readonly verdicts = new Map<string, boolean>();

  constructor(
    protectedTerms: Iterable<string>,
    private readonly pseudonymiser: Pseudonymiser,
  ) {
    this.protectedTerms = new Set();
    const forms = new Set<string>();
    for (const raw of protectedTerms) {
      const term = canonical(raw);
      if (term.length === 0) continue;
      this.protectedTerms.add(term);
      // Both "#name" and "name" are masked in text; the hashtag form first (longest match wins).
      forms.add(term);
      if (term.startsWith('#')) forms.add(term.slice(1));
      else forms.add(`#${term}`);
    }
    const alternatives = [...forms]
      .filter((f) => f.length > 0)
      .sort((a, b) => b.length - a.length)
      .map(escapeRegExp);
    this.pattern =
      alternatives.length === 0
        ? null
        : new RegExp(`(?<!${WORD})(?:${alternatives.join('|')})(?!${WORD})`, 'giu');
  }

  get size(): number {
    return this.protectedTerms.size;
  }

  isProtected(term: string): boolean {
    if (this.protectedTerms.size === 0) return false;
    const hit = this.verdicts.get(term);
    if (hit !== undefined) return hit;
    const t = canonical(term);
    const verdict =
      this.protectedTerms.has(t) ||
      this.protectedTerms.has(t.startsWith('#') ? t.slice(1) : `#${t}`);
    // Term columns repeat the same few thousand terms; bounded so a huge export cannot grow it forever.
    if (this.verdicts.size >= 50_000) this.verdicts.clear();
    this.verdicts.set(term, verdict);
    return verdict;
  }

  /** A term column value: masked if protected, unchanged otherwise. */
  maskTerm(term: string): string {
    if (!this.isProtected(term)) return term;
    return this.mask(term);
  }

  /** Free text: every protected term masked. */
  maskText(text: string): string {
    if (this.pattern === null) return text;
    return text.replace(this.pattern, (match) => this.mask(match));
  }

  /** Free text for export: protected terms masked and @mentions pseudonymised. */
  sanitiseText(text: string): string {
    return this.maskText(text).replace(
      MENTION,
      (_m, handle: string) => `@${this.pseudonymiser.handle(handle)}`,
    );
  }

  private mask(term: string): string {
    const t = canonical(term);
    return `protected:${this.pseudonymiser.pseudonym('term', t.startsWith('#') ? t.slice(1) : t)}`;
  }
}

function canonical(term: string): string {
  return term.normalize('NFKC').toLowerCase().trim().replace(/\s+/gu, ' ');
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+');
}

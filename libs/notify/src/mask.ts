import type { Alert } from '@spreadwatch/contracts';

/** `#victimname` → `#v•••••`: keeps the first visible character so a desk can tell terms apart. */
export function maskTerm(term: string): string {
  const chars = [...term];
  const keep = chars[0] === '#' || chars[0] === '@' ? 2 : 1;
  return chars.slice(0, keep).join('') + '•'.repeat(Math.max(3, chars.length - keep));
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Masks protected terms (a victim's name, say) everywhere in an alert: term, labels, summary and every string
 * in the evidence. Matching ignores case and a leading `#`, so "#JaneDoe" and "janedoe" are both masked.
 */
export class ProtectedTermMasker {
  private readonly re: RegExp | null;

  constructor(terms: readonly string[]) {
    const bare = [
      ...new Set(terms.map((t) => t.replace(/^#/, '').trim()).filter((t) => t.length > 0)),
    ];
    // Longest first so "jane doe" wins over "jane".
    bare.sort((a, b) => b.length - a.length);
    this.re =
      bare.length === 0 ? null : new RegExp(`#?(?:${bare.map(escapeRegExp).join('|')})`, 'giu');
  }

  text(s: string): string {
    return this.re === null ? s : s.replace(this.re, (m) => maskTerm(m));
  }

  alert(a: Alert): Alert {
    if (this.re === null) return a;
    return {
      ...a,
      labels: Object.fromEntries(Object.entries(a.labels).map(([k, v]) => [k, this.text(v)])),
      ...(a.term === undefined ? {} : { term: this.text(a.term) }),
      summary: this.text(a.summary),
      evidence: this.deep(a.evidence) as Alert['evidence'],
    };
  }

  private deep(v: unknown): unknown {
    if (typeof v === 'string') return this.text(v);
    if (Array.isArray(v)) return v.map((x) => this.deep(x));
    if (v !== null && typeof v === 'object') {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, this.deep(x)]));
    }
    return v;
  }
}

/** Normalises a platform tag: NFKC, lower case, leading `#` stripped; '' when nothing is left. */
export function normalizeTag(raw: string): string {
  return raw.normalize('NFKC').toLowerCase().trim().replace(/^#+/, '').trim();
}

/** Distinct normalised tags, in first-seen order. */
export function distinctTags(raw: readonly string[]): string[] {
  const out: string[] = [];
  for (const r of raw) {
    const t = normalizeTag(r);
    if (t.length > 0 && !out.includes(t)) out.push(t);
  }
  return out;
}

/** The count-observation term for a query or trend: NFKC, lower case, whitespace collapsed. */
export function normalizeCountTerm(raw: string): string {
  return raw.normalize('NFKC').toLowerCase().trim().replace(/\s+/g, ' ');
}

/** Compares opaque snowflake-like ids (Mastodon, X): longer is newer, then lexical. */
export function compareIds(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

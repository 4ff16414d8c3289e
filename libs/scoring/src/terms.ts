import type { PostObservation } from '@spreadwatch/contracts';

// Letters, combining marks (Devanagari vowel signs etc.), digits and underscore. The lookbehind skips URL
// fragments and entities (`page#section`, `&#39;`) but not CJK text, which has no spaces before a tag.
const HASHTAG_IN_TEXT = /(?<![A-Za-z0-9_/&])#([\p{L}\p{M}\p{N}_]+)/gu;
// `#` and the compatibility forms NFKC folds into it (full-width, small).
const MAY_HAVE_HASH = /[#\uFF03\uFE5F]/u;
const LEADING_HASHES = /^[#\s]+/u;
const WHITESPACE_RUN = /\s+/gu;
// Bounds the normalisation cache; hashtags are heavy-tailed, so a small cache catches most posts.
const CACHE_LIMIT = 50_000;

/**
 * Normalises a term as the scorer names it: NFKC (full-width and compatibility forms fold together),
 * lower-case, trimmed, inner whitespace collapsed. Used for count observations' `term`; a leading `#` is kept.
 */
export function normalizeTerm(raw: string): string {
  return raw.normalize('NFKC').toLowerCase().trim().replace(WHITESPACE_RUN, ' ');
}

/** Normalises one hashtag to `#tag`, or returns '' when nothing is left. */
export function normalizeHashtag(raw: string): string {
  const tag = raw.normalize('NFKC').toLowerCase().trim().replace(LEADING_HASHES, '');
  return tag.length === 0 ? '' : `#${tag}`;
}

/**
 * Extracts a post's terms into a caller-owned array without allocating per post (the replay hot path).
 * Normalised hashtags are cached because the same few tags repeat across millions of posts.
 */
export class TermExtractor {
  private readonly cache = new Map<string, string>();

  /** Writes the post's distinct terms to `out[0..n)` and returns n. */
  extractInto(post: PostObservation, out: string[]): number {
    const hashtags = post.hashtags;
    let n = 0;
    if (hashtags !== undefined && hashtags !== null) {
      for (let i = 0; i < hashtags.length; i++) {
        const raw = hashtags[i];
        if (raw === undefined) continue;
        n = this.push(this.hashtag(raw), out, n);
      }
      return n;
    }
    const text = post.text;
    if (text === undefined || text === null || !MAY_HAVE_HASH.test(text)) return 0;
    for (const match of text.normalize('NFKC').matchAll(HASHTAG_IN_TEXT)) {
      n = this.push(this.hashtag(match[0]), out, n);
    }
    return n;
  }

  private hashtag(raw: string): string {
    let term = this.cache.get(raw);
    if (term === undefined) {
      term = normalizeHashtag(raw);
      if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
      this.cache.set(raw, term);
    }
    return term;
  }

  // Linear dedupe: posts carry a handful of tags, so this beats a Set.
  private push(term: string, out: string[], n: number): number {
    if (term.length === 0) return n;
    for (let i = 0; i < n; i++) if (out[i] === term) return n;
    out[n] = term;
    return n + 1;
  }
}

const sharedExtractor = new TermExtractor();

/**
 * A post's terms: its `hashtags` metadata (NFKC, lower-case, leading `#` stripped, deduplicated) named `#tag`.
 * Only when `hashtags` is missing or null are hashtags taken from the text (`#` followed by letters, marks,
 * digits or `_`). An empty `hashtags` array means the source says there are none.
 */
export function extractTerms(post: PostObservation): string[] {
  const out: string[] = [];
  const n = sharedExtractor.extractInto(post, out);
  out.length = n;
  return out;
}

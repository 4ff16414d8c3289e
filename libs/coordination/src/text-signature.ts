/** Hashes per MinHash signature: `bands × rows`. */
export const MINHASH_BANDS = 5;
export const MINHASH_ROWS = 3;
export const MINHASH_SIZE = MINHASH_BANDS * MINHASH_ROWS;

// Texts shorter than this (in tokens) are too generic for near-duplicate matching ("lol", "this!").
const MIN_NEAR_DUP_TOKENS = 4;
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

// Fixed odd multipliers and offsets of the MinHash family (h_i(x) = a_i·x + b_i mod 2^32, then mixed).
const MULT = Uint32Array.from(
  { length: MINHASH_SIZE },
  (_, i) => (mix32(0x9e3779b9 * (i + 1)) | 1) >>> 0,
);
const ADD = Uint32Array.from({ length: MINHASH_SIZE }, (_, i) => mix32(0x85ebca6b * (i + 7)));

function mix32(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * A post text reduced for co-action matching, computed in one pass without regular expressions:
 * lower-cased (ASCII), URLs and emoji/symbols dropped, split on anything that is not a letter or digit.
 */
export interface TextSignature {
  /** Tokens kept. */
  tokens: number;
  /** 32-bit hash of the normalised token sequence (exact duplicates after normalisation), 0 when empty. */
  exact: number;
  /** One 32-bit key per LSH band, or null when the text is too short for near-duplicate matching. */
  bands: Uint32Array | null;
  /** The MinHash signature (for similarity estimates in evidence), or null with `bands`. */
  minhash: Uint32Array | null;
}

// A token character: ASCII letter/digit, or a non-ASCII BMP code point outside punctuation, symbols,
// variation selectors and surrogates (emoji), so Devanagari, Cyrillic, CJK and accented letters count.
function isTokenChar(c: number): boolean {
  if (c < 128) return (c >= 48 && c <= 57) || (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
  if (c >= 0xd800 && c <= 0xdfff) return false;
  if (c >= 0x2000 && c <= 0x2bff) return false;
  if (c >= 0x3000 && c <= 0x303f) return false;
  if (c >= 0xfe00 && c <= 0xfe0f) return false;
  if (c >= 0xff00 && c <= 0xff0f) return false;
  return c !== 0xa0 && c !== 0x200d;
}

function startsUrl(text: string, i: number): boolean {
  // "http://", "https://" or "www." at a token start.
  const c = text.charCodeAt(i) | 0x20;
  if (c === 104) return text.startsWith('http://', i) || text.startsWith('https://', i);
  if (c === 119) return text.startsWith('www.', i);
  return false;
}

/** Computes the signature of one text (see {@link TextSignature}); the result owns its arrays. */
export function textSignature(text: string): TextSignature {
  const sig: TextSignature = {
    tokens: 0,
    exact: 0,
    bands: new Uint32Array(MINHASH_BANDS),
    minhash: new Uint32Array(MINHASH_SIZE),
  };
  if (!textSignatureInto(text, sig)) {
    sig.bands = null;
    sig.minhash = null;
  }
  return sig;
}

/**
 * Computes the signature into `out`, reusing its preallocated `bands` and `minhash` (the hot path allocates
 * nothing). Returns whether they hold a near-duplicate signature (the text has enough tokens).
 */
export function textSignatureInto(text: string, out: TextSignature): boolean {
  const mins = out.minhash as Uint32Array;
  mins.fill(0xffffffff);
  let exact = FNV_OFFSET;
  let tokens = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (!isTokenChar(c)) {
      i++;
      continue;
    }
    if (startsUrl(text, i)) {
      while (i < n && text.charCodeAt(i) > 32) i++;
      continue;
    }
    let h = FNV_OFFSET;
    while (i < n) {
      let d = text.charCodeAt(i);
      if (!isTokenChar(d)) break;
      if (d >= 65 && d <= 90) d |= 0x20;
      h = Math.imul(h ^ d, FNV_PRIME);
      i++;
    }
    tokens++;
    exact = Math.imul(exact ^ (h >>> 0), FNV_PRIME) ^ 0x2c;
    const x = mix32(h);
    // The token hash is already mixed: one xor-multiply-xorshift round per MinHash function is enough
    // (a full mix32 per function was 60 % of the signature's cost).
    for (let k = 0; k < MINHASH_SIZE; k++) {
      let v = Math.imul(x ^ (ADD[k] as number), MULT[k] as number);
      v = (v ^ (v >>> 15)) >>> 0;
      if (v < (mins[k] as number)) mins[k] = v;
    }
  }
  out.tokens = tokens;
  out.exact = tokens === 0 ? 0 : exact >>> 0 || 1;
  if (tokens < MIN_NEAR_DUP_TOKENS) return false;
  const bands = out.bands as Uint32Array;
  for (let b = 0; b < MINHASH_BANDS; b++) {
    let h = FNV_OFFSET ^ b;
    for (let r = 0; r < MINHASH_ROWS; r++) {
      h = Math.imul(h ^ (mins[b * MINHASH_ROWS + r] as number), FNV_PRIME);
    }
    bands[b] = h >>> 0;
  }
  return true;
}

/** Estimated Jaccard similarity of two texts' token sets from their MinHash signatures. */
export function minhashSimilarity(a: Uint32Array, b: Uint32Array): number {
  let same = 0;
  const n = Math.min(a.length, b.length);
  for (let k = 0; k < n; k++) if (a[k] === b[k]) same++;
  return n === 0 ? 0 : same / n;
}

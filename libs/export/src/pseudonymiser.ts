import { createHmac, randomBytes } from 'node:crypto';

/** Bytes of a pseudonymisation key: the HMAC-SHA256 block-size sweet spot. */
export const PSEUDONYM_KEY_BYTES = 32;
// 20 hex digits = 80 bits: a collision needs ~10^12 distinct values, far beyond any export.
const PSEUDONYM_HEX = 20;

export type PseudonymKind = 'account' | 'handle' | 'post' | 'id' | 'term';

const PREFIX: Readonly<Record<PseudonymKind, string>> = {
  account: 'u_',
  handle: 'h_',
  post: 'p_',
  id: 'x_',
  term: 't_',
};

/** A fresh random key for one export (per-export pseudonyms cannot be joined across exports). */
export function generatePseudonymKey(): Buffer {
  return randomBytes(PSEUDONYM_KEY_BYTES);
}

/**
 * Keyed HMAC-SHA256 pseudonyms. Unlike a salted hash of an identifier (4CAT's approach), nobody without the
 * key can confirm a guess ("is u_… the account @x?"), because the key never leaves the server. Each kind is
 * domain-separated, so an account id and a handle with the same spelling get unrelated pseudonyms.
 */
export class Pseudonymiser {
  private readonly key: Buffer;
  private readonly cache = new Map<string, string>();
  // Bounds memory on huge exports; authors are heavy-tailed, so a modest cache catches most repeats.
  private static readonly CACHE_LIMIT = 100_000;

  constructor(key: Uint8Array) {
    if (key.length < 16) throw new Error('pseudonymisation key must be at least 16 bytes');
    this.key = Buffer.from(key);
  }

  /** Public id of the key (an HMAC of a constant): equal in two manifests means the same key. */
  keyId(): string {
    return createHmac('sha256', this.key).update('spreadwatch:key-id').digest('hex').slice(0, 16);
  }

  pseudonym(kind: PseudonymKind, value: string): string {
    const cacheKey = `${kind}\u0000${value}`;
    const hit = this.cache.get(cacheKey);
    if (hit !== undefined) return hit;
    const digest = createHmac('sha256', this.key).update(cacheKey, 'utf8').digest('hex');
    const out = PREFIX[kind] + digest.slice(0, PSEUDONYM_HEX);
    if (this.cache.size >= Pseudonymiser.CACHE_LIMIT) this.cache.clear();
    this.cache.set(cacheKey, out);
    return out;
  }

  /** Handles are compared case-insensitively and without a leading @, as platforms do. */
  handle(value: string): string {
    return this.pseudonym('handle', normaliseHandle(value));
  }
}

export function normaliseHandle(value: string): string {
  return value.trim().replace(/^@+/u, '').toLowerCase();
}

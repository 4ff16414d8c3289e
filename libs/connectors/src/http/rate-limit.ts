/** A platform's rate-limit state, normalised across header dialects. */
export interface RateLimitInfo {
  limit: number | null;
  remaining: number | null;
  /** When the window resets (epoch ms), or null if not said. */
  resetAt: number | null;
  /** From `Retry-After` (delta seconds or HTTP date), as epoch ms. */
  retryAt: number | null;
}

/** Anything with case-insensitive `get` (fetch `Headers`). */
export interface HeaderLookup {
  get(name: string): string | null;
}

// Epoch seconds today are ~1.7e9; anything below 1e8 is a "seconds until reset" count (Reddit).
const EPOCH_SECONDS_FLOOR = 100_000_000;
const ISO_LIKE = /^\d{4}-\d{2}-\d{2}T/;

/**
 * Reads every rate-limit dialect we know: Mastodon `X-RateLimit-Reset` as ISO-8601 with µs, X
 * `x-rate-limit-*` and Bluesky `RateLimit-*` with epoch-second resets, Reddit `x-ratelimit-*` with a
 * float `remaining` and seconds-until reset, and `Retry-After` (delta seconds or HTTP date).
 */
export function parseRateLimit(headers: HeaderLookup, nowMs: number): RateLimitInfo | null {
  const limit = firstHeader(headers, [
    'x-ratelimit-limit',
    'x-rate-limit-limit',
    'ratelimit-limit',
  ]);
  const remaining = firstHeader(headers, [
    'x-ratelimit-remaining',
    'x-rate-limit-remaining',
    'ratelimit-remaining',
  ]);
  const reset = firstHeader(headers, [
    'x-ratelimit-reset',
    'x-rate-limit-reset',
    'ratelimit-reset',
  ]);
  const retryAfter = headers.get('retry-after');
  if (limit === null && remaining === null && reset === null && retryAfter === null) return null;
  return {
    limit: parseNumber(limit),
    remaining: parseNumber(remaining),
    resetAt: parseReset(reset, nowMs),
    retryAt: parseRetryAfter(retryAfter, nowMs),
  };
}

function firstHeader(headers: HeaderLookup, names: readonly string[]): string | null {
  for (const name of names) {
    const v = headers.get(name);
    if (v !== null && v.trim() !== '') return v.trim();
  }
  return null;
}

function parseNumber(v: string | null): number | null {
  if (v === null) return null;
  // RateLimit-Limit may carry a policy suffix (`100;w=60`); Reddit sends floats (`590.0`).
  const n = Number.parseFloat(v);
  return Number.isFinite(n) ? n : null;
}

/** Reset as an ISO instant, epoch seconds, or seconds until reset; returns epoch ms. */
export function parseReset(v: string | null, nowMs: number): number | null {
  if (v === null) return null;
  if (ISO_LIKE.test(v)) {
    const t = Date.parse(v);
    return Number.isFinite(t) ? t : null;
  }
  const n = Number.parseFloat(v);
  if (!Number.isFinite(n) || n < 0) return null;
  return n >= EPOCH_SECONDS_FLOOR ? Math.round(n * 1000) : nowMs + Math.round(n * 1000);
}

/** `Retry-After: 120` or `Retry-After: Wed, 21 Oct 2026 07:28:00 GMT`; returns epoch ms. */
export function parseRetryAfter(v: string | null, nowMs: number): number | null {
  if (v === null) return null;
  const trimmed = v.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return nowMs + Math.round(Number(trimmed) * 1000);
  const t = Date.parse(trimmed);
  return Number.isFinite(t) ? t : null;
}

/** How long to wait before the next request given a 429 (or an exhausted window); 0 if unknown. */
export function rateLimitWaitMs(info: RateLimitInfo | null, nowMs: number): number {
  if (info === null) return 0;
  if (info.retryAt !== null) return Math.max(0, info.retryAt - nowMs);
  if (info.resetAt !== null) return Math.max(0, info.resetAt - nowMs);
  return 0;
}

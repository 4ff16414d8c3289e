/**
 * Exponential backoff with full jitter for delivery retries: attempt 1 waits up to `baseMs`, doubling up to
 * `maxMs`. `random` is injected so tests are exact.
 */
export function backoffDelayMs(
  attempt: number,
  baseMs = 5_000,
  maxMs = 15 * 60_000,
  random: () => number = Math.random,
): number {
  const cap = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  // Half fixed, half jitter: never 0, still spreads a thundering herd after an outage.
  return Math.round(cap / 2 + (random() * cap) / 2);
}

import type { PostObservation } from '@spreadwatch/contracts';

export const MINUTE_MS = 60_000;
export const T0 = Date.parse('2024-03-01T12:00:00Z');

export function makePost(overrides: Partial<PostObservation> = {}): PostObservation {
  return {
    type: 'post',
    source: 'test',
    id: 'p1',
    ts: new Date(T0).toISOString(),
    kind: 'post',
    author: { id: 'a1' },
    hashtags: [],
    ...overrides,
  };
}

/** Deterministic PRNG (mulberry32) so statistical tests do not flake. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Poisson draw: exact by inversion for small means, normal approximation for large ones. */
export function poissonDraw(random: () => number, mean: number): number {
  if (mean <= 0) return 0;
  if (mean > 50) {
    const u = Math.max(random(), 1e-12);
    const v = random();
    const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    return Math.max(0, Math.round(mean + Math.sqrt(mean) * z));
  }
  const limit = Math.exp(-mean);
  let k = 0;
  let p = random();
  while (p > limit) {
    k++;
    p *= random();
  }
  return k;
}

export interface MinutePosts {
  term: string;
  count: number;
  /** Distinct authors cycled through; defaults to `count` (everyone posts once). */
  authors?: number;
}

/** Posts for one minute, spread evenly over its seconds, authors named `${term}-u${i}`. */
export function postsForMinute(
  minute: number,
  spec: MinutePosts,
): { post: PostObservation; tsMs: number }[] {
  const out: { post: PostObservation; tsMs: number }[] = [];
  const authors = Math.max(1, spec.authors ?? spec.count);
  for (let i = 0; i < spec.count; i++) {
    const tsMs = T0 + minute * MINUTE_MS + Math.floor((i * MINUTE_MS) / Math.max(spec.count, 1));
    out.push({
      tsMs,
      post: makePost({
        id: `${spec.term}-${minute}-${i}`,
        ts: new Date(tsMs).toISOString(),
        author: { id: `${spec.term}-u${i % authors}` },
        hashtags: [spec.term],
      }),
    });
  }
  return out;
}

const TWO_POW_32 = 4_294_967_296;

/** One step of splitmix32; used to expand a seed into xoshiro state and to hash stream ids. */
export function splitmix32(state: number): number {
  let z = (state + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/**
 * Seeded pseudo-random generator (xoshiro128**, 32-bit state words) with the distributions the simulator
 * needs. Same seed and stream give the same sequence on every platform: only 32-bit integer arithmetic.
 */
export class Prng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  /**
   * @param seed any finite number; integers up to 2^53 use all their bits.
   * @param stream independent sub-stream id, so that e.g. the population does not shift when event code draws more.
   */
  constructor(seed: number, stream = 0) {
    const lo = Math.floor(seed) >>> 0;
    const hi = Math.floor(seed / TWO_POW_32) >>> 0;
    let x = splitmix32(lo ^ splitmix32(hi ^ splitmix32(stream)));
    this.s0 = x = splitmix32(x);
    this.s1 = x = splitmix32(x);
    this.s2 = x = splitmix32(x);
    this.s3 = splitmix32(x);
    // The all-zero state is the one fixed point of xoshiro.
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** A generator with the given raw xoshiro128** state (for checking against reference vectors). */
  static fromState(s0: number, s1: number, s2: number, s3: number): Prng {
    const rng = new Prng(0);
    rng.s0 = s0 | 0;
    rng.s1 = s1 | 0;
    rng.s2 = s2 | 0;
    rng.s3 = s3 | 0;
    return rng;
  }

  /** Uniform unsigned 32-bit integer. */
  nextUint32(): number {
    const s1 = this.s1;
    const r = Math.imul(s1, 5);
    const result = Math.imul(((r << 7) | (r >>> 25)) >>> 0, 9) >>> 0;
    const t = s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = (this.s3 << 11) | (this.s3 >>> 21);
    return result;
  }

  /** Uniform in [0, 1), 32 bits of resolution. */
  float(): number {
    return this.nextUint32() / TWO_POW_32;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.float() * n);
  }

  /** Uniform real in [lo, hi). */
  range(lo: number, hi: number): number {
    return lo + (hi - lo) * this.float();
  }

  /** Uniform integer in [lo, hi] (both inclusive). */
  intBetween(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }

  chance(p: number): boolean {
    return this.float() < p;
  }

  /** Exponential with the given mean (not rate). */
  exponential(mean: number): number {
    return -mean * Math.log(1 - this.float());
  }

  /** Standard normal (Box–Muller; the second value is discarded to keep the state simple). */
  normal(): number {
    const u = 1 - this.float();
    const v = this.float();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Log-normal: exp(mu + sigma·N(0,1)). */
  logNormal(mu: number, sigma: number): number {
    return Math.exp(mu + sigma * this.normal());
  }

  /** Pareto with minimum 1 and tail index alpha (heavier tail for smaller alpha). */
  pareto(alpha: number): number {
    return Math.pow(1 - this.float(), -1 / alpha);
  }

  /**
   * Poisson count with mean lambda. Knuth's product method below 30 (exact), a rounded normal above
   * (error far below the noise the simulator cares about, and O(1)).
   */
  poisson(lambda: number): number {
    if (!(lambda > 0)) return 0;
    if (lambda < 30) {
      const limit = Math.exp(-lambda);
      let k = 0;
      let p = this.float();
      while (p > limit) {
        k++;
        p *= this.float();
      }
      return k;
    }
    return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * this.normal()));
  }

  /** A uniformly chosen element; throws on an empty array. */
  pick<T>(items: readonly T[]): T {
    const item = items[this.int(items.length)];
    if (item === undefined) throw new Error('pick from an empty array');
    return item;
  }

  /** Shuffles in place (Fisher–Yates) and returns the array. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = items[i] as T;
      items[i] = items[j] as T;
      items[j] = tmp;
    }
    return items;
  }
}

/**
 * O(1) sampling of an index in proportion to fixed weights (Walker/Vose alias method). Used for accounts by
 * activity and hashtags by Zipf popularity, both sampled once per post.
 */
export class AliasSampler {
  private readonly prob: Float64Array;
  private readonly alias: Int32Array;
  readonly size: number;

  constructor(weights: ArrayLike<number>) {
    const n = weights.length;
    if (n === 0) throw new Error('AliasSampler needs at least one weight');
    let total = 0;
    for (let i = 0; i < n; i++) {
      const w = weights[i] ?? 0;
      if (!(w >= 0) || !Number.isFinite(w)) throw new Error(`invalid weight at ${i}: ${w}`);
      total += w;
    }
    if (!(total > 0)) throw new Error('AliasSampler needs a positive total weight');
    this.size = n;
    this.prob = new Float64Array(n);
    this.alias = new Int32Array(n);
    const scaled = new Float64Array(n);
    const small = new Int32Array(n);
    const large = new Int32Array(n);
    let ns = 0;
    let nl = 0;
    for (let i = 0; i < n; i++) {
      const v = ((weights[i] ?? 0) * n) / total;
      scaled[i] = v;
      if (v < 1) small[ns++] = i;
      else large[nl++] = i;
    }
    while (ns > 0 && nl > 0) {
      const s = small[--ns] ?? 0;
      const l = large[nl - 1] ?? 0;
      this.prob[s] = scaled[s] ?? 0;
      this.alias[s] = l;
      const rest = (scaled[l] ?? 0) + (scaled[s] ?? 0) - 1;
      scaled[l] = rest;
      if (rest < 1) {
        nl--;
        small[ns++] = l;
      }
    }
    // Leftovers are 1 up to rounding error.
    while (nl > 0) this.prob[large[--nl] ?? 0] = 1;
    while (ns > 0) this.prob[small[--ns] ?? 0] = 1;
  }

  sample(rng: Prng): number {
    const u = rng.float() * this.size;
    const i = Math.floor(u);
    return u - i < (this.prob[i] ?? 1) ? i : (this.alias[i] ?? i);
  }
}

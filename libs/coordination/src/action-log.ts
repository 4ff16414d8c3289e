/**
 * The recent actions of every object (term, parent post, link, text, LSH bucket) in one ring of typed arrays:
 * an append-only log where each entry links to the previous entry of its hash bucket. Finding an object's
 * recent actions walks that chain newest first; old entries are overwritten in place, so there are no
 * per-object allocations and nothing to sweep. Objects are identified by two 32-bit hashes (`k1`, `k2`).
 *
 * The log grows (doubling, up to `maxCapacity` entries) while the entry it would overwrite is still within
 * `horizonMs` of the new one; at the cap, the oldest actions are dropped first (the effective window shrinks
 * under a flood instead of memory growing). 52 bytes per entry: 2^21 entries ≈ 109 MB.
 */
export class ActionLog {
  /** Number of entries the log holds before it overwrites the oldest. */
  capacity: number;
  private k1: Int32Array;
  private k2: Int32Array;
  private acc: Int32Array;
  private t: Float64Array;
  // Absolute position of the entry held in each slot (validates chain links after wrap-around).
  private at: Float64Array;
  // Absolute position of the previous entry of the same bucket, −1 for none.
  private prev: Float64Array;
  // Bucket → absolute position of its newest entry, −1 for none. Twice as many buckets as entries.
  private heads: Float64Array;
  private headMask: number;
  private next = 0;
  private readonly maxCapacity: number;
  private readonly horizonMs: number;

  /** Accounts (and their gaps in ms) found by the last {@link ActionLog.scan}. */
  hitAcc: Int32Array;
  hitGap: Float64Array;

  constructor(initialCapacity: number, maxCapacity: number, horizonMs: number, maxHits: number) {
    const cap = pow2(Math.min(initialCapacity, maxCapacity));
    this.capacity = cap;
    this.maxCapacity = pow2(maxCapacity);
    this.horizonMs = horizonMs;
    this.k1 = new Int32Array(cap);
    this.k2 = new Int32Array(cap);
    this.acc = new Int32Array(cap);
    this.t = new Float64Array(cap);
    this.at = new Float64Array(cap).fill(-1);
    this.prev = new Float64Array(cap);
    this.heads = new Float64Array(cap * 2).fill(-1);
    this.headMask = cap * 2 - 1;
    this.hitAcc = new Int32Array(maxHits);
    this.hitGap = new Float64Array(maxHits);
  }

  /** Entries currently held (actions within the log's reach). */
  get size(): number {
    return Math.min(this.next, this.capacity);
  }

  /**
   * Collects, newest first, other accounts' actions on object (k1, k2) within `window` ms of `ts`, among the
   * object's last `maxEntries` actions, at most `maxHits` of them. Returns the count (in `hitAcc`/`hitGap`).
   */
  scan(
    k1: number,
    k2: number,
    ts: number,
    self: number,
    window: number,
    maxEntries: number,
    maxHits: number,
  ): number {
    let p = this.heads[k1 & this.headMask] as number;
    let entries = 0;
    let hits = 0;
    // Arrival order is roughly event order: an entry two windows older ends the walk.
    const floor = ts - 2 * window;
    const cap = this.capacity;
    while (p >= 0) {
      const i = p % cap;
      if (this.at[i] !== p) break;
      const t = this.t[i] as number;
      if (t < floor) break;
      if (this.k1[i] === k1 && this.k2[i] === k2) {
        entries++;
        const other = this.acc[i] as number;
        if (other !== self) {
          const gap = ts > t ? ts - t : t - ts;
          if (gap <= window) {
            this.hitAcc[hits] = other;
            this.hitGap[hits] = gap;
            if (++hits >= maxHits) break;
          }
        }
        if (entries >= maxEntries) break;
      }
      p = this.prev[i] as number;
    }
    return hits;
  }

  /** Appends one action of account `acc` on object (k1, k2) at `ts`. */
  append(k1: number, k2: number, acc: number, ts: number): void {
    let i = this.next % this.capacity;
    if (this.next >= this.capacity && this.capacity < this.maxCapacity) {
      // About to overwrite an action still within the horizon: grow instead.
      const old = this.t[i] as number;
      if (ts - old <= this.horizonMs) {
        this.grow();
        i = this.next % this.capacity;
      }
    }
    const b = k1 & this.headMask;
    const p = this.next;
    this.k1[i] = k1;
    this.k2[i] = k2;
    this.acc[i] = acc;
    this.t[i] = ts;
    this.at[i] = p;
    this.prev[i] = this.heads[b] as number;
    this.heads[b] = p;
    this.next = p + 1;
  }

  private grow(): void {
    const oldCap = this.capacity;
    const cap = oldCap * 2;
    const k1 = new Int32Array(cap);
    const k2 = new Int32Array(cap);
    const acc = new Int32Array(cap);
    const t = new Float64Array(cap);
    const at = new Float64Array(cap).fill(-1);
    const prev = new Float64Array(cap);
    const heads = new Float64Array(cap * 2).fill(-1);
    const headMask = cap * 2 - 1;
    // Re-thread the held entries, oldest first, into the larger table.
    for (let p = Math.max(0, this.next - oldCap); p < this.next; p++) {
      const o = p % oldCap;
      if (this.at[o] !== p) continue;
      const i = p % cap;
      const key = this.k1[o] as number;
      const b = key & headMask;
      k1[i] = key;
      k2[i] = this.k2[o] as number;
      acc[i] = this.acc[o] as number;
      t[i] = this.t[o] as number;
      at[i] = p;
      prev[i] = heads[b] as number;
      heads[b] = p;
    }
    this.capacity = cap;
    this.k1 = k1;
    this.k2 = k2;
    this.acc = acc;
    this.t = t;
    this.at = at;
    this.prev = prev;
    this.heads = heads;
    this.headMask = headMask;
  }
}

function pow2(n: number): number {
  let c = 16;
  while (c < n) c *= 2;
  return c;
}

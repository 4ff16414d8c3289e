/** Anything with an event time (ms) and a tie-breaking sequence number. */
export interface Timed {
  t: number;
  seq: number;
}

/**
 * Binary min-heap on (t, seq): pending posts of the world, popped in event-time order. The sequence number makes
 * ties deterministic (insertion order) so output never depends on heap layout.
 */
export class IntentQueue<T extends Timed> {
  private readonly items: T[] = [];

  get size(): number {
    return this.items.length;
  }

  /** Event time of the earliest item, or +Infinity when empty. */
  peekTime(): number {
    const top = this.items[0];
    return top === undefined ? Number.POSITIVE_INFINITY : top.t;
  }

  push(item: T): void {
    const items = this.items;
    let i = items.length;
    items.push(item);
    while (i > 0) {
      const parentIndex = (i - 1) >> 1;
      const parent = items[parentIndex] as T;
      if (!before(item, parent)) break;
      items[i] = parent;
      i = parentIndex;
    }
    items[i] = item;
  }

  pop(): T | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (top === undefined || last === undefined || items.length === 0) return top;
    const n = items.length;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      let child = items[l] as T;
      let c = l;
      if (r < n && before(items[r] as T, child)) {
        child = items[r] as T;
        c = r;
      }
      if (!before(child, last)) break;
      items[i] = child;
      i = c;
    }
    items[i] = last;
    return top;
  }

  clear(): void {
    this.items.length = 0;
  }
}

function before(a: Timed, b: Timed): boolean {
  return a.t < b.t || (a.t === b.t && a.seq < b.seq);
}

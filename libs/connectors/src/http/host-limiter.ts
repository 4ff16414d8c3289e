/** Caps concurrent requests per host across every connector sharing this limiter. */
export class HostLimiter {
  private readonly active = new Map<string, number>();
  private readonly waiting = new Map<string, (() => void)[]>();

  constructor(private readonly perHost: number) {}

  async run<T>(host: string, fn: () => Promise<T>): Promise<T> {
    await this.acquire(host);
    try {
      return await fn();
    } finally {
      this.releaseSlot(host);
    }
  }

  /** Requests in flight for `host` (tests, health). */
  inFlight(host: string): number {
    return this.active.get(host) ?? 0;
  }

  private acquire(host: string): Promise<void> {
    const n = this.active.get(host) ?? 0;
    if (n < this.perHost) {
      this.active.set(host, n + 1);
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const queue = this.waiting.get(host) ?? [];
      queue.push(resolve);
      this.waiting.set(host, queue);
    });
  }

  private releaseSlot(host: string): void {
    const queue = this.waiting.get(host);
    const next = queue?.shift();
    if (next !== undefined) {
      // The slot passes straight to the next waiter; the count stays the same.
      next();
      return;
    }
    if (queue !== undefined) this.waiting.delete(host);
    const n = (this.active.get(host) ?? 1) - 1;
    if (n <= 0) this.active.delete(host);
    else this.active.set(host, n);
  }
}

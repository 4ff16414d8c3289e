export type CircuitState = 'closed' | 'open' | 'half-open';

export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit. */
  failureThreshold: number;
  /** How long it stays open before one trial request (ms). */
  cooldownMs: number;
}

/**
 * Stops hammering a failing host: after `failureThreshold` consecutive failures the circuit opens for
 * `cooldownMs`, then lets one trial request through (half-open); success closes it, failure reopens it.
 */
export class CircuitBreaker {
  private failures = 0;
  private openedAt: number | null = null;
  private trialInFlight = false;

  constructor(
    private readonly options: CircuitBreakerOptions,
    private readonly now: () => number,
  ) {}

  state(): CircuitState {
    if (this.openedAt === null) return 'closed';
    return this.now() - this.openedAt >= this.options.cooldownMs ? 'half-open' : 'open';
  }

  /** When an open circuit lets the next trial through (epoch ms), or null when closed. */
  reopensAt(): number | null {
    return this.openedAt === null ? null : this.openedAt + this.options.cooldownMs;
  }

  /** Whether a request may go out now; in half-open state only one trial at a time. */
  tryAcquire(): boolean {
    const s = this.state();
    if (s === 'closed') return true;
    if (s === 'open' || this.trialInFlight) return false;
    this.trialInFlight = true;
    return true;
  }

  success(): void {
    this.failures = 0;
    this.openedAt = null;
    this.trialInFlight = false;
  }

  failure(): void {
    this.trialInFlight = false;
    this.failures += 1;
    if (this.openedAt !== null || this.failures >= this.options.failureThreshold) {
      this.openedAt = this.now();
    }
  }

  /** A request that ended without telling us about the host's health (e.g. a 404). */
  release(): void {
    this.trialInFlight = false;
  }
}

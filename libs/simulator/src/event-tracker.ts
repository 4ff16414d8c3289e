import type { PlantedEvent, PlantedEventKind } from './types';

const MINUTE_MS = 60_000;

/**
 * Follows one planted event's term through the emitted stream and keeps the ground truth honest: the peak is
 * measured on the posts actually emitted (background included) in [onset, until), not assumed from parameters.
 */
export class EventTracker {
  private minute = Number.NaN;
  private count = 0;
  private peakMinute = Number.NaN;
  private peakCount = 0;

  constructor(
    readonly id: string,
    readonly kind: PlantedEventKind,
    /** Hashtag without `#`. */
    readonly tag: string,
    readonly onsetMs: number,
    readonly untilMs: number,
    /** Expected background posts per minute of the term at a given time (0.1 for new terms). */
    private readonly baselineAt: (ms: number) => number,
    readonly accounts: readonly string[] | undefined,
  ) {}

  /** Counts one emitted post carrying the term; posts arrive in event-time order. */
  add(ms: number): void {
    if (ms < this.onsetMs || ms >= this.untilMs) return;
    const minute = ms - (((ms % MINUTE_MS) + MINUTE_MS) % MINUTE_MS);
    if (minute !== this.minute) {
      this.closeMinute();
      this.minute = minute;
      this.count = 0;
    }
    this.count++;
  }

  /** True once at least one post of the event has been emitted. */
  get started(): boolean {
    return this.peakCount > 0 || this.count > 0;
  }

  toLabel(): PlantedEvent {
    // Include the open minute without closing it: labels() may be called mid-stream.
    let peakMinute = this.peakMinute;
    let peakCount = this.peakCount;
    if (this.count > peakCount) {
      peakMinute = this.minute;
      peakCount = this.count;
    }
    if (Number.isNaN(peakMinute)) peakMinute = this.onsetMs - (this.onsetMs % MINUTE_MS);
    const baseline = Math.max(0.1, this.baselineAt(peakMinute));
    const label: PlantedEvent = {
      id: this.id,
      kind: this.kind,
      terms: [`#${this.tag}`],
      onset: new Date(this.onsetMs).toISOString(),
      peak: new Date(peakMinute).toISOString(),
      peakFactor: Math.round((peakCount / baseline) * 10) / 10,
      peakCount,
      baseline: Math.round(baseline * 1000) / 1000,
    };
    if (this.accounts !== undefined) label.accounts = [...this.accounts];
    return label;
  }

  private closeMinute(): void {
    if (this.count > this.peakCount) {
      this.peakCount = this.count;
      this.peakMinute = this.minute;
    }
  }
}

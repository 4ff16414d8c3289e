import type { ByteSink } from './byte-sink';
import type { ColumnDef, ExportRow } from './dataset-definition';

/** Streams rows of one dataset into one file format. */
export interface RowWriter {
  /** Queues a row; returns a Promise only when the caller must wait (backpressure). */
  write(row: ExportRow): Promise<void> | undefined;
  /** Writes whatever is buffered and the format's trailer; the sink is closed by the caller. */
  end(): Promise<void>;
}

// Text formats batch rows into ~256 KiB writes: one stream write per row costs more than encoding it.
const TEXT_BATCH_CHARS = 256 * 1024;

/** Shared batching of a line-oriented text format. */
export abstract class TextRowWriter implements RowWriter {
  private buffer = '';

  constructor(
    protected readonly sink: ByteSink,
    protected readonly columns: readonly ColumnDef[],
  ) {}

  protected abstract encode(row: ExportRow): string;

  protected push(text: string): Promise<void> | undefined {
    this.buffer += text;
    return this.buffer.length >= TEXT_BATCH_CHARS ? this.drain() : undefined;
  }

  write(row: ExportRow): Promise<void> | undefined {
    return this.push(this.encode(row));
  }

  async end(): Promise<void> {
    await this.drain();
  }

  private drain(): Promise<void> | undefined {
    if (this.buffer.length === 0) return undefined;
    const chunk = Buffer.from(this.buffer, 'utf8');
    this.buffer = '';
    return this.sink.write(chunk);
  }
}

/** A scalar as text; objects (which a string column should never hold) as JSON rather than [object Object]. */
export function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return String(value);
  }
  return JSON.stringify(value) ?? '';
}

/** A finite number, or null: NaN and ±Infinity are written as null in every format. */
export function finiteOrNull(value: unknown): number | null {
  const n =
    typeof value === 'number' ? value : typeof value === 'bigint' ? Number(value) : Number(value);
  return Number.isFinite(n) ? n : null;
}

/** A timestamp column value (ms since the epoch, a Date or an ISO string) as ms, or null. */
export function timestampMs(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'string') {
    const ms = Date.parse(value);
    return Number.isNaN(ms) ? null : ms;
  }
  return null;
}

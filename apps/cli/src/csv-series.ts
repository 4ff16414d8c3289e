import type { CountObservation } from '@spreadwatch/contracts';
import { parseObservation } from '@spreadwatch/contracts';

const NAIVE_TIMESTAMP = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;
const UNITS: [suffix: string, ms: number][] = [
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['m', 60_000],
  ['s', 1_000],
];

export type CsvRow =
  { ok: true; tsMs: number; ts: string; value: number } | { ok: false; error: string };

/** Parses one `timestamp,value` row. Naive timestamps (`2015-02-26 21:42:53`) are taken as UTC. */
export function parseCsvRow(line: string): CsvRow {
  const comma = line.indexOf(',');
  if (comma < 0) return { ok: false, error: 'expected "timestamp,value"' };
  const rawTs = line.slice(0, comma).trim().replace(/^"|"$/g, '');
  const rawValue = line
    .slice(comma + 1)
    .trim()
    .replace(/^"|"$/g, '');
  const iso = NAIVE_TIMESTAMP.test(rawTs) ? `${rawTs.replace(' ', 'T')}Z` : rawTs;
  const tsMs = Date.parse(iso);
  if (Number.isNaN(tsMs))
    return { ok: false, error: `timestamp: not a date (${JSON.stringify(rawTs)})` };
  const value = Number(rawValue);
  if (rawValue.length === 0 || !Number.isFinite(value) || value < 0) {
    return {
      ok: false,
      error: `value: must be a non-negative number (got ${JSON.stringify(rawValue)})`,
    };
  }
  return { ok: true, tsMs, ts: new Date(tsMs).toISOString(), value };
}

/** `300000` → `5m`: the largest unit that divides the gap; null if the gap is not a positive whole second. */
export function msToInterval(ms: number): string | null {
  if (!(ms > 0)) return null;
  for (const [suffix, unit] of UNITS) if (ms % unit === 0) return `${ms / unit}${suffix}`;
  return null;
}

/**
 * Turns a `timestamp,value` series into count observations for one term. The interval is inferred from the
 * first two rows, so the first row is held until the second arrives (or the end, when it defaults to 1m).
 */
export class CsvSeriesReader {
  private header = true;
  private pending: { ts: string; tsMs: number; value: number; lineNo: number } | null = null;
  private interval: string | null = null;

  constructor(
    private readonly term: string,
    private readonly source = 'csv',
  ) {}

  /** Feeds one line; returns the observations it completes and the error of this line, if any. */
  push(
    line: string,
    lineNo: number,
  ): { observations: CountObservation[]; error?: { line: number; error: string } } {
    if (line.trim().length === 0) return { observations: [] };
    if (this.header) {
      this.header = false;
      if (!parseCsvRow(line).ok) return { observations: [] };
    }
    const row = parseCsvRow(line);
    if (!row.ok) return { observations: [], error: { line: lineNo, error: row.error } };
    if (this.interval === null) {
      if (this.pending === null) {
        this.pending = { ts: row.ts, tsMs: row.tsMs, value: row.value, lineNo };
        return { observations: [] };
      }
      const interval = msToInterval(row.tsMs - this.pending.tsMs);
      if (interval === null) {
        return {
          observations: [],
          error: {
            line: lineNo,
            error: 'timestamp: must be a whole number of seconds after the first row',
          },
        };
      }
      this.interval = interval;
      const first = this.pending;
      this.pending = null;
      return this.collect([
        this.count(first.ts, first.value, first.lineNo),
        this.count(row.ts, row.value, lineNo),
      ]);
    }
    return this.collect([this.count(row.ts, row.value, lineNo)]);
  }

  /** Emits a lone first row (interval 1m) at the end of the file. */
  end(): { observations: CountObservation[]; error?: { line: number; error: string } } {
    if (this.pending === null) return { observations: [] };
    const first = this.pending;
    this.pending = null;
    this.interval = '1m';
    return this.collect([this.count(first.ts, first.value, first.lineNo)]);
  }

  private count(ts: string, value: number, line: number): { value: unknown; line: number } {
    return {
      line,
      value: {
        type: 'count',
        source: this.source,
        term: this.term,
        ts,
        interval: this.interval,
        count: value,
      },
    };
  }

  // Validates through the contracts, exactly as an NDJSON count line would be.
  private collect(candidates: { value: unknown; line: number }[]): {
    observations: CountObservation[];
    error?: { line: number; error: string };
  } {
    const observations: CountObservation[] = [];
    let error: { line: number; error: string } | undefined;
    for (const candidate of candidates) {
      const result = parseObservation(candidate.value);
      if (result.ok && result.value.type === 'count') observations.push(result.value);
      else if (!result.ok) error = { line: candidate.line, error: result.error };
    }
    return error === undefined ? { observations } : { observations, error };
  }
}

import {
  type Aggregation,
  type DatasetDefinition,
  type ExportRow,
  RESOLUTION_MS,
  type Resolution,
} from './dataset-definition';

interface OpenBin {
  term: string;
  start: number;
  minutes: number;
  values: Map<string, number | null>;
  /** For `mean`: non-null values summed so far per column. */
  seen: Map<string, number>;
  /** Last non-null value of each non-numeric column. */
  raw: Map<string, unknown>;
}

/** Orders in which 1-minute rows arrive: grouped by term (database paging) or by minute (replay). */
export type SeriesOrder = 'term-major' | 'time-major';

/**
 * Rolls 1-minute rows (`term`, `bucket_start` ms, measurements) up into 5m/1h buckets with each column's
 * aggregation from the dataset definition. Streaming: holds one open bucket per active term, emits a bucket
 * as soon as no more minutes can fall into it, so output order follows input order.
 */
export class SeriesAggregator {
  private readonly width: number;
  private readonly measures: { name: string; agg: Aggregation; numeric: boolean }[];
  private readonly open = new Map<string, OpenBin>();
  private currentTerm: string | null = null;
  private currentBin = Number.NEGATIVE_INFINITY;

  constructor(
    definition: DatasetDefinition,
    resolution: Resolution,
    private readonly order: SeriesOrder,
  ) {
    this.width = RESOLUTION_MS[resolution];
    this.measures = definition.columns
      .filter((c) => c.aggregation !== undefined && c.aggregation !== 'key' && c.name !== 'minutes')
      .map((c) => ({
        name: c.name,
        agg: c.aggregation as Aggregation,
        numeric: c.type === 'double' || c.type === 'int32' || c.type === 'int64',
      }));
  }

  /** Adds one minute; returns the buckets it completed (possibly none). */
  push(row: ExportRow): ExportRow[] {
    const term = String(row['term']);
    const ts = Number(row['bucket_start']);
    const bin = Math.floor(ts / this.width) * this.width;
    let done: ExportRow[] = [];
    if (this.order === 'term-major') {
      if (this.currentTerm !== null && term !== this.currentTerm) done = this.drain(() => true);
      this.currentTerm = term;
    } else if (bin > this.currentBin) {
      done = this.drain((b) => b.start < bin);
      this.currentBin = bin;
    }
    let open = this.open.get(term);
    if (open !== undefined && open.start !== bin) {
      done.push(this.close(open));
      open = undefined;
    }
    if (open === undefined) {
      open = { term, start: bin, minutes: 0, values: new Map(), seen: new Map(), raw: new Map() };
      this.open.set(term, open);
    }
    this.add(open, row);
    return done;
  }

  /** Emits every bucket still open (end of input). */
  end(): ExportRow[] {
    return this.drain(() => true);
  }

  private add(bin: OpenBin, row: ExportRow): void {
    bin.minutes += 1;
    for (const { name, agg, numeric } of this.measures) {
      const raw = row[name];
      if (!numeric) {
        if (raw !== null && raw !== undefined) bin.raw.set(name, raw);
        continue;
      }
      const v = raw === null || raw === undefined ? null : Number(raw);
      if (v === null || !Number.isFinite(v)) {
        if (!bin.values.has(name)) bin.values.set(name, null);
        continue;
      }
      const prev = bin.values.get(name) ?? null;
      switch (agg) {
        case 'sum':
          bin.values.set(name, (prev ?? 0) + v);
          break;
        case 'max':
          bin.values.set(name, prev === null ? v : Math.max(prev, v));
          break;
        case 'last':
          bin.values.set(name, v);
          break;
        case 'mean':
          bin.values.set(name, (prev ?? 0) + v);
          bin.seen.set(name, (bin.seen.get(name) ?? 0) + 1);
          break;
        case 'key':
          break;
      }
    }
  }

  private close(bin: OpenBin): ExportRow {
    this.open.delete(bin.term);
    const out: ExportRow = { term: bin.term, bucket_start: bin.start, minutes: bin.minutes };
    for (const { name, agg, numeric } of this.measures) {
      if (!numeric) {
        out[name] = bin.raw.get(name) ?? null;
        continue;
      }
      const v = bin.values.get(name) ?? null;
      out[name] = agg === 'mean' && v !== null ? v / (bin.seen.get(name) ?? 1) : v;
    }
    return out;
  }

  private drain(select: (bin: OpenBin) => boolean): ExportRow[] {
    const bins = [...this.open.values()].filter(select);
    bins.sort((a, b) => a.start - b.start || (a.term < b.term ? -1 : a.term > b.term ? 1 : 0));
    return bins.map((b) => this.close(b));
  }
}

/** Applies the resolution to a stream of 1-minute rows: passes 1m through, rolls up 5m/1h. */
export async function* rollUp(
  minutes: AsyncIterable<ExportRow>,
  definition: DatasetDefinition,
  resolution: Resolution,
  order: SeriesOrder,
): AsyncGenerator<ExportRow> {
  if (resolution === '1m') {
    for await (const row of minutes) {
      row['minutes'] = 1;
      yield row;
    }
    return;
  }
  const agg = new SeriesAggregator(definition, resolution, order);
  for await (const row of minutes) yield* agg.push(row);
  yield* agg.end();
}

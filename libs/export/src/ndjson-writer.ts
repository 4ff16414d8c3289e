import type { ByteSink } from './byte-sink';
import type { ColumnDef, ExportRow } from './dataset-definition';
import { asText, finiteOrNull, TextRowWriter, timestampMs } from './row-writer';

type FieldEncoder = (value: unknown) => string;

function fieldEncoder(column: ColumnDef): FieldEncoder {
  switch (column.type) {
    case 'timestamp':
      return (v) => {
        const ms = timestampMs(v);
        return ms === null ? 'null' : `"${new Date(ms).toISOString()}"`;
      };
    case 'double':
    case 'int32':
    case 'int64':
      return (v) => {
        const n = v === null || v === undefined ? null : finiteOrNull(v);
        return n === null ? 'null' : String(n);
      };
    case 'boolean':
      return (v) => (v === null || v === undefined ? 'null' : v === true ? 'true' : 'false');
    case 'string':
      return (v) => (v === null || v === undefined ? 'null' : JSON.stringify(asText(v)));
    case 'json':
      return (v) => (v === null || v === undefined ? 'null' : (JSON.stringify(v) ?? 'null'));
  }
}

/**
 * NDJSON: one JSON object per line (LF), keys in dictionary order, every column present (null when absent),
 * timestamps as ISO 8601 UTC strings, JSON columns as nested values. Each line is assembled from per-column
 * encoders (no intermediate object per row).
 */
export class NdjsonRowWriter extends TextRowWriter {
  private readonly fields: { name: string; prefix: string; encode: FieldEncoder }[];

  constructor(sink: ByteSink, columns: readonly ColumnDef[]) {
    super(sink, columns);
    this.fields = columns.map((c, i) => ({
      name: c.name,
      prefix: `${i === 0 ? '{' : ','}${JSON.stringify(c.name)}:`,
      encode: fieldEncoder(c),
    }));
  }

  protected encode(row: ExportRow): string {
    let line = '';
    for (const f of this.fields) line += f.prefix + f.encode(row[f.name]);
    return `${line.length === 0 ? '{' : ''}${line}}\n`;
  }
}

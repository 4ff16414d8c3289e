import { ByteWriter, type ColumnSource, ParquetWriter, type SchemaElement } from 'hyparquet-writer';

import type { ByteSink } from './byte-sink';
import type { ColumnDef, ColumnType, ExportRow } from './dataset-definition';
import type { RowWriter } from './row-writer';
import { finiteOrNull, timestampMs } from './row-writer';

/** Rows per row group: bounds memory (one group is held in columns) while keeping files scan-friendly. */
export const DEFAULT_ROW_GROUP_ROWS = 50_000;

/** Parquet physical/logical type of each logical column type, for the schema and the data dictionary. */
export const PARQUET_TYPES: Readonly<Record<ColumnType, string>> = {
  string: 'BYTE_ARRAY (STRING)',
  json: 'BYTE_ARRAY (JSON)',
  int32: 'INT32',
  int64: 'INT64',
  double: 'DOUBLE',
  boolean: 'BOOLEAN',
  timestamp: 'INT64 (TIMESTAMP(MILLIS, isAdjustedToUTC=true))',
};

function schemaElement(column: ColumnDef): SchemaElement {
  const repetition_type = column.nullable ? 'OPTIONAL' : 'REQUIRED';
  switch (column.type) {
    case 'string':
      return {
        name: column.name,
        type: 'BYTE_ARRAY',
        converted_type: 'UTF8',
        logical_type: { type: 'STRING' },
        repetition_type,
      };
    case 'json':
      return {
        name: column.name,
        type: 'BYTE_ARRAY',
        converted_type: 'JSON',
        logical_type: { type: 'JSON' },
        repetition_type,
      };
    case 'int32':
      return { name: column.name, type: 'INT32', repetition_type };
    case 'int64':
      return { name: column.name, type: 'INT64', repetition_type };
    case 'double':
      return { name: column.name, type: 'DOUBLE', repetition_type };
    case 'boolean':
      return { name: column.name, type: 'BOOLEAN', repetition_type };
    case 'timestamp':
      return {
        name: column.name,
        type: 'INT64',
        converted_type: 'TIMESTAMP_MILLIS',
        logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MILLIS' },
        repetition_type,
      };
  }
}

/** The Parquet schema of a dataset (root + one leaf per column). */
export function parquetSchema(columns: readonly ColumnDef[]): SchemaElement[] {
  return [{ name: 'root', num_children: columns.length }, ...columns.map(schemaElement)];
}

type Convert = (v: unknown) => unknown;

function converter(column: ColumnDef): Convert {
  const nullish =
    (f: Convert): Convert =>
    (v) =>
      v === null || v === undefined ? null : f(v);
  switch (column.type) {
    case 'string':
      return nullish((v) => String(v));
    case 'json':
      return nullish((v) => v);
    case 'int32':
      return nullish((v) => {
        const n = finiteOrNull(v);
        return n === null ? null : Math.trunc(n);
      });
    case 'int64':
      return nullish((v) => {
        const n = finiteOrNull(v);
        return n === null ? null : BigInt(Math.trunc(n));
      });
    case 'double':
      return nullish(finiteOrNull);
    case 'boolean':
      return nullish((v) => v === true);
    case 'timestamp':
      return nullish(timestampMs);
  }
}

/**
 * Streams encoded bytes to a sink after every row group, so memory holds one row group, not the file.
 * `offset` keeps counting across flushes (row-group offsets in the footer are absolute).
 */
class SinkByteWriter extends ByteWriter {
  constructor(private readonly sink: ByteSink) {
    super(1 << 20);
  }

  // hyparquet-writer awaits a Promise returned by flush() before encoding the next row group (backpressure).
  flush(): Promise<void> | undefined {
    if (this.index === 0) return undefined;
    // Copied: the underlying buffer is reused for the next row group while the stream still holds the chunk.
    const chunk = new Uint8Array(this.buffer.slice(0, this.index));
    this.index = 0;
    return this.sink.write(chunk);
  }

  // ParquetWriter.finish() returns what this returns, so the caller awaits the last bytes.
  // eslint-disable-next-line @typescript-eslint/no-misused-promises
  override finish(): Promise<void> | undefined {
    return this.flush();
  }
}

/**
 * Parquet through hyparquet-writer's incremental `ParquetWriter`: rows are gathered into column arrays of
 * `rowGroupRows`, each full group is encoded as one row group and flushed to the sink before more rows are
 * taken. What grows with the file is only the footer metadata (per row group and page: a few hundred bytes).
 */
export class ParquetRowWriter implements RowWriter {
  private readonly writer: ParquetWriter;
  private readonly byteWriter: SinkByteWriter;
  private readonly converters: Convert[];
  private columnsData: unknown[][];
  private readonly rowGroupRows: number;
  private rows = 0;

  constructor(
    sink: ByteSink,
    private readonly columns: readonly ColumnDef[],
    options: { rowGroupRows?: number; kvMetadata?: { key: string; value: string }[] } = {},
  ) {
    this.rowGroupRows = options.rowGroupRows ?? DEFAULT_ROW_GROUP_ROWS;
    this.byteWriter = new SinkByteWriter(sink);
    this.writer = new ParquetWriter({
      writer: this.byteWriter,
      schema: parquetSchema(columns),
      // A fixed creator string keeps two runs of the same export byte-identical.
      createdBy: 'spreadwatch export (hyparquet-writer)',
      kvMetadata: options.kvMetadata,
    });
    this.converters = columns.map(converter);
    this.columnsData = columns.map(() => []);
  }

  write(row: ExportRow): Promise<void> | undefined {
    for (let i = 0; i < this.columns.length; i++) {
      const c = this.columns[i] as ColumnDef;
      (this.columnsData[i] as unknown[]).push((this.converters[i] as Convert)(row[c.name]));
    }
    this.rows++;
    return this.rows >= this.rowGroupRows ? this.writeGroup() : undefined;
  }

  async end(): Promise<void> {
    if (this.rows > 0) await this.writeGroup();
    await this.writer.finish();
  }

  private async writeGroup(): Promise<void> {
    const columnData: ColumnSource[] = this.columns.map((c, i) => ({
      name: c.name,
      data: this.columnsData[i] as ColumnSource['data'],
    }));
    const n = this.rows;
    this.columnsData = this.columns.map(() => []);
    this.rows = 0;
    await this.writer.write({ columnData, rowGroupSize: n });
  }
}

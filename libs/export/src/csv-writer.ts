import type { ByteSink } from './byte-sink';
import type { ColumnDef, ExportRow } from './dataset-definition';
import { asText, finiteOrNull, TextRowWriter, timestampMs } from './row-writer';

// Characters that make spreadsheet software evaluate a cell as a formula (OWASP "CSV injection"):
// = + - @ and the tab / carriage return some parsers strip before checking.
const FORMULA_START = /^[=+\-@\t\r]/u;
// RFC 4180: a field with a comma, quote, CR or LF is quoted and its quotes doubled.
const NEEDS_QUOTES = /[",\r\n]/u;

/**
 * Neutralises a text cell for spreadsheets: a cell starting with a formula trigger gets a leading `'`, which
 * Excel, LibreOffice and Google Sheets show as text. Numeric columns are never passed here (−1.5 stays a number).
 */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** One RFC 4180 field. */
export function csvField(text: string): string {
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

type CellEncoder = (value: unknown) => string;

function cellEncoder(column: ColumnDef): CellEncoder {
  switch (column.type) {
    case 'string':
      return (v) => (v === null || v === undefined ? '' : csvField(neutraliseFormula(asText(v))));
    case 'json':
      return (v) =>
        v === null || v === undefined ? '' : csvField(neutraliseFormula(JSON.stringify(v)));
    case 'int32':
    case 'int64':
    case 'double':
      return (v) => {
        if (v === null || v === undefined) return '';
        const n = finiteOrNull(v);
        return n === null ? '' : String(n);
      };
    case 'boolean':
      return (v) => (v === null || v === undefined ? '' : v === true ? 'true' : 'false');
    case 'timestamp':
      return (v) => {
        const ms = timestampMs(v);
        return ms === null ? '' : new Date(ms).toISOString();
      };
  }
}

/**
 * CSV per RFC 4180: UTF-8 without BOM, CRLF line ends, a header row, empty cell for null, timestamps as
 * ISO 8601 UTC with milliseconds, JSON columns as JSON text, text cells neutralised against formula injection.
 */
export class CsvRowWriter extends TextRowWriter {
  private readonly encoders: { name: string; encode: CellEncoder }[];
  private headerWritten = false;

  constructor(sink: ByteSink, columns: readonly ColumnDef[]) {
    super(sink, columns);
    this.encoders = columns.map((c) => ({ name: c.name, encode: cellEncoder(c) }));
  }

  protected encode(row: ExportRow): string {
    let line = this.headerWritten ? '' : this.header();
    for (let i = 0; i < this.encoders.length; i++) {
      const e = this.encoders[i];
      if (e === undefined) continue;
      if (i > 0) line += ',';
      line += e.encode(row[e.name]);
    }
    return `${line}\r\n`;
  }

  override async end(): Promise<void> {
    // An empty dataset still gets its header, so readers learn the columns.
    if (!this.headerWritten) await this.push(this.header());
    await super.end();
  }

  private header(): string {
    this.headerWritten = true;
    return `${this.columns.map((c) => csvField(c.name)).join(',')}\r\n`;
  }
}

import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { parse } from 'csv-parse/sync';
import { parquetReadObjects } from 'hyparquet';

import type { DatasetDefinition, ExportFormat, ExportRow } from './dataset-definition';
import { ALERTS_DATASET, postsDefinition, termSeriesDefinition } from './datasets';
import { runExport, type ExportJob } from './export-runner';
import { asText } from './row-writer';
import type { ExportManifest } from './manifest';
import { Pseudonymiser } from './pseudonymiser';
import { TermMasker } from './term-masker';

const KEY_A = Buffer.alloc(32, 1);
const KEY_B = Buffer.alloc(32, 2);
const T0 = Date.parse('2026-03-01T12:00:00Z');

const SERIES = termSeriesDefinition('1m', [
  { name: 'count', type: 'double' },
  { name: 'unique_authors', type: 'int32' },
  { name: 'rate', type: 'double' },
  { name: 'score', type: 'double' },
  { name: 'burst', type: 'boolean' },
]);

function seriesRows(n: number): ExportRow[] {
  return Array.from({ length: n }, (_, i) => ({
    term: i % 2 === 0 ? '#leaked' : '=cmd|calc',
    bucket_start: T0 + i * 60_000,
    minutes: 1,
    count: i * 1.5,
    unique_authors: i,
    rate: i === 3 ? null : -(i + 1) / 7,
    score: 1e-9 * i,
    burst: i % 3 === 0,
  }));
}

const INJECTIONS = ['=1+1', '+SUM(A1)', '-2+3', '@cmd', '\tTAB', '\rCR', 'plain, "quoted"\nline'];

function postRows(): ExportRow[] {
  return INJECTIONS.map((text, i) => ({
    source: 'test',
    post_id: `id${i}`,
    ts: T0 + i * 1000,
    kind: 'post',
    parent_id: i === 0 ? null : `id${i - 1}`,
    author_id: `author${i % 2}`,
    author_handle: i % 2 === 0 ? '@Alice@x.social' : 'bob',
    author_created_at: null,
    terms: ['#victimname', '#news'],
    lang: 'en',
    metrics: { likes: i },
    text: `${text} about #VictimName, cc @alice@x.social`,
    urls: null,
  }));
}

interface Harness {
  dir: string;
  run(
    definition: DatasetDefinition,
    format: ExportFormat,
    rows: ExportRow[],
    key?: Buffer,
    sub?: string,
  ): Promise<{ manifest: ExportManifest; out: string }>;
}

function harness(): Harness {
  const h: Harness = {
    dir: '',
    async run(definition, format, rows, key = KEY_A, sub = 'a') {
      const pseudonymiser = new Pseudonymiser(key);
      const out = join(h.dir, sub, format);
      const job: ExportJob = {
        exportId: 'e1',
        createdAt: '2026-03-02T00:00:00.000Z',
        requestedBy: 'test',
        definition,
        format,
        outDir: out,
        // Copies: the privacy pass rewrites rows in place.
        rows: rows.map((r) => structuredClone(r)),
        privacy: { pseudonymiser, masker: new TermMasker(['#victimname'], pseudonymiser) },
        pseudonymScope: 'stable',
        parameters: {},
        filters: {},
        source: 'test',
        codeVersion: 'test',
        scoringConfig: {},
        parquetRowGroupRows: 4,
      };
      return { manifest: await runExport(job), out };
    },
  };
  return h;
}

/** Reads a data file back with an independent reader, as plain JSON-able rows. */
async function readBack(path: string, format: ExportFormat): Promise<Record<string, unknown>[]> {
  const bytes = await readFile(path);
  if (format === 'csv') return parse<Record<string, unknown>>(bytes, { columns: true, bom: false });
  if (format === 'ndjson')
    return bytes
      .toString('utf8')
      .split('\n')
      .filter((l) => l.length > 0)
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  const buf = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  return (await parquetReadObjects({ file: buf })) as Record<string, unknown>[];
}

/** What a reader of each format should see for a source value of a column type. */
function expected(
  def: DatasetDefinition,
  row: ExportRow,
  format: ExportFormat,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const c of def.columns) {
    const v = row[c.name] ?? null;
    if (format === 'csv') {
      if (v === null) out[c.name] = '';
      else if (c.type === 'timestamp') out[c.name] = new Date(v as number).toISOString();
      else if (c.type === 'json') out[c.name] = JSON.stringify(v);
      else out[c.name] = asText(v);
    } else if (format === 'ndjson') {
      out[c.name] = c.type === 'timestamp' && v !== null ? new Date(v as number).toISOString() : v;
    } else {
      out[c.name] =
        c.type === 'timestamp' && v !== null
          ? new Date(v as number)
          : c.type === 'int64' && v !== null
            ? BigInt(v as number)
            : v;
    }
  }
  return out;
}

const FORMATS: ExportFormat[] = ['csv', 'ndjson', 'parquet'];

describe(runExport.name, () => {
  const h = harness();
  beforeAll(async () => {
    h.dir = await mkdtemp(join(tmpdir(), 'sw-export-'));
  });
  afterAll(async () => {
    await rm(h.dir, { recursive: true, force: true });
  });

  it.each(FORMATS)('round-trips a time series through an independent %s reader', async (format) => {
    const rows = seriesRows(11);
    const { manifest, out } = await h.run(SERIES, format, rows);
    const back = await readBack(join(out, `term-series.${format}`), format);
    // The CSV reader sees the formula-looking term neutralised; everything else is the source row.
    const want = rows.map((r) => {
      const e = expected(SERIES, r, format);
      if (format === 'csv' && r['term'] === '=cmd|calc') e['term'] = "'=cmd|calc";
      return e;
    });
    expect(back).toEqual(want);
    expect(manifest.rowCounts).toEqual({ [`term-series.${format}`]: 11 });
  });

  it.each(FORMATS)(
    'writes a manifest whose %s hashes and sizes match the files',
    async (format) => {
      const { manifest, out } = await h.run(SERIES, format, seriesRows(9));
      expect(manifest.files.map((f) => f.name)).toEqual([
        `term-series.${format}`,
        'data-dictionary.json',
        'data-dictionary.md',
      ]);
      for (const f of manifest.files) {
        const bytes = await readFile(join(out, f.name));
        expect({
          name: f.name,
          sha256: createHash('sha256').update(bytes).digest('hex'),
          bytes: bytes.length,
        }).toEqual({
          name: f.name,
          sha256: f.sha256,
          bytes: f.bytes,
        });
      }
      const onDisk = JSON.parse(
        await readFile(join(out, 'manifest.json'), 'utf8'),
      ) as ExportManifest;
      expect(onDisk).toEqual(manifest);
    },
  );

  it('describes every column in the data dictionary with meaning, unit and type', async () => {
    const { out } = await h.run(SERIES, 'csv', seriesRows(1));
    const dict = JSON.parse(await readFile(join(out, 'data-dictionary.json'), 'utf8')) as {
      columns: { name: string; type: string; unit: string; description: string }[];
    };
    expect(dict.columns.map((c) => c.name)).toEqual(SERIES.columns.map((c) => c.name));
    for (const c of dict.columns) {
      expect(c.description.length).toBeGreaterThan(5);
      expect(typeof c.unit).toBe('string');
      expect(c.type).toBeTruthy();
    }
  });

  it.each(INJECTIONS.map((s, i) => [JSON.stringify(s), i] as const))(
    'neutralises CSV injection %s in text cells',
    async (_label, i) => {
      const { out } = await h.run(postsDefinition(true), 'csv', postRows(), KEY_A, `inj${i}`);
      const back = parse<Record<string, string>>(await readFile(join(out, 'posts.csv')), {
        columns: true,
      });
      const text = back[i]?.['text'] ?? '';
      expect(/^[=+\-@\t\r]/.test(text)).toBe(false);
      expect(text.startsWith("'") || !/^[=+\-@\t\r]/.test(INJECTIONS[i] ?? '')).toBe(true);
    },
  );

  it('gives identical files for the same export twice with a stable key', async () => {
    for (const format of FORMATS) {
      const a = await h.run(postsDefinition(true), format, postRows(), KEY_A, 'stable1');
      const b = await h.run(postsDefinition(true), format, postRows(), KEY_A, 'stable2');
      expect(a.manifest.files).toEqual(b.manifest.files);
      expect(a.manifest.pseudonymisation.keyId).toBe(b.manifest.pseudonymisation.keyId);
    }
  });

  it('gives different pseudonyms with a per-export key', async () => {
    const a = await h.run(postsDefinition(false), 'ndjson', postRows(), KEY_A, 'k1');
    const b = await h.run(postsDefinition(false), 'ndjson', postRows(), KEY_B, 'k2');
    const ra = await readBack(join(a.out, 'posts.ndjson'), 'ndjson');
    const rb = await readBack(join(b.out, 'posts.ndjson'), 'ndjson');
    for (const col of ['author_id', 'author_handle', 'post_id']) {
      const sa = new Set(ra.map((r) => r[col]));
      expect(rb.some((r) => sa.has(r[col]))).toBe(false);
    }
    expect(a.manifest.pseudonymisation.keyId).not.toBe(b.manifest.pseudonymisation.keyId);
  });

  it('pseudonymises identifiers and masks protected terms everywhere', async () => {
    const { out } = await h.run(postsDefinition(true), 'ndjson', postRows(), KEY_A, 'mask');
    const raw = await readFile(join(out, 'posts.ndjson'), 'utf8');
    expect(raw).not.toMatch(/victimname/i);
    expect(raw).not.toMatch(/author0|alice|bob|"id\d"/i);
    const back = await readBack(join(out, 'posts.ndjson'), 'ndjson');
    const first = back[0] as Record<string, unknown>;
    expect(first['author_id']).toMatch(/^u_[0-9a-f]{20}$/);
    expect(first['author_handle']).toMatch(/^h_[0-9a-f]{20}$/);
    expect((first['terms'] as string[])[0]).toMatch(/^protected:t_[0-9a-f]{20}$/);
    // The @mention in text gets the same pseudonym as the author_handle column of that account.
    expect(String(first['text'])).toContain(`@${String(first['author_handle'])}`);
  });

  it('pseudonymises accounts inside alert evidence and masks protected terms in summaries', async () => {
    const alert: ExportRow = {
      alert_id: 'fp-1',
      fingerprint: 'fp',
      seq: 7,
      kind: 'velocity',
      status: 'firing',
      severity: 'critical',
      term: '#VictimName',
      accounts: ['a1'],
      score: 12.5,
      fired_at: T0,
      resolved_at: null,
      summary: '#victimname is spreading',
      labels: { term: '#victimname', rule: 'velocity' },
      evidence: { windowCount: 40, topAccounts: [{ id: 'a1', count: 3 }] },
    };
    const { out } = await h.run(ALERTS_DATASET, 'parquet', [alert], KEY_A, 'alerts');
    const [row] = await readBack(join(out, 'alerts.parquet'), 'parquet');
    expect(
      JSON.stringify(row, (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v)),
    ).not.toMatch(/victim|"a1"|"fp/i);
    expect(row?.['seq']).toBe(7n);
    const evidence = row?.['evidence'] as { topAccounts: { id: string }[] };
    expect(evidence.topAccounts[0]?.id).toBe((row?.['accounts'] as string[])[0]);
  });
});

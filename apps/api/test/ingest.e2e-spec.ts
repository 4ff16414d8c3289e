import {
  AlertSchema,
  type AlertPage,
  type IngestReport,
  type TermSeries,
  type TermSummary,
} from '@spreadwatch/contracts';
import { DataSource } from 'typeorm';

import { RetentionScheduler } from '../src/ingest/retention.scheduler';
import { resetDatabase, spikeNdjson, startTestApp, type TestApp } from './test-app';

describe('ingest → scoring → alerts', () => {
  let t: TestApp;
  let cookie: string;

  beforeAll(async () => {
    await resetDatabase();
    t = await startTestApp();
    cookie = await t.login();
  });
  afterAll(async () => {
    await t.close();
  });

  const ingest = async (body: string): Promise<{ status: number; report: IngestReport }> => {
    const res = await fetch(`${t.url}/api/ingest`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/x-ndjson' },
      body,
    });
    return { status: res.status, report: (await res.json()) as IngestReport };
  };

  // First, so the stream's warm-up starts with this data (later tests post at other event times).
  it('turns a campaign-like spike into one schema-valid velocity alert, a rising term and a series', async () => {
    const { report } = await ingest(spikeNdjson());
    expect(report.rejected).toBe(0);

    const page = (await (
      await fetch(`${t.url}/api/alerts?limit=50`, { headers: { cookie } })
    ).json()) as AlertPage;
    const spike = page.items.filter((a) => a.term === '#fullvideolink' && a.kind === 'velocity');
    expect(spike.length).toBe(1);
    const alert = AlertSchema.parse(spike[0]);
    expect(alert).toMatchObject({ kind: 'velocity', status: 'firing' });
    expect(alert.seq).toBeGreaterThan(0);
    expect(alert.evidence.windowCount).toBeGreaterThan(alert.evidence.baseline ?? Infinity);
    expect(page.items.filter((a) => a.term === '#weather' && a.kind === 'velocity')).toEqual([]);

    const top = (await (
      await fetch(`${t.url}/api/terms/top?limit=5`, { headers: { cookie } })
    ).json()) as TermSummary[];
    expect(top.map((s) => s.term)).toContain('#fullvideolink');
    expect(top[0]?.sparkline).toHaveLength(30);

    const series = (await (
      await fetch(`${t.url}/api/terms/${encodeURIComponent('#fullvideolink')}/series?minutes=60`, {
        headers: { cookie },
      })
    ).json()) as TermSeries;
    expect(series.points.length).toBeGreaterThan(3);
    expect(Math.max(...series.points.map((p) => p.count))).toBe(40);
  });

  it('does not duplicate the alert when the same condition is seen again', async () => {
    await ingest(spikeNdjson());
    const page = (await (
      await fetch(`${t.url}/api/alerts`, { headers: { cookie } })
    ).json()) as AlertPage;
    expect(
      page.items.filter(
        (a) => a.term === '#fullvideolink' && a.kind === 'velocity' && a.status === 'firing',
      ),
    ).toHaveLength(1);
  });

  it('reports bad lines by number and keeps the good ones', async () => {
    const good = (id: string): string =>
      JSON.stringify({ source: 'test', id, ts: '2026-01-01T00:00:00Z', author: { id: 'a1' } });
    const body = [
      good('g1'),
      '{"source":"test","id":"b1"', // truncated JSON
      JSON.stringify({ source: 'test', id: 'b2', ts: '2026-01-01T00:00:00Z', author: {} }),
      '',
      good('g2'),
      JSON.stringify({ type: 'nope', source: 'x', id: '1' }),
    ].join('\n');
    const { status, report } = await ingest(body);
    expect(status).toBe(200);
    expect(report.accepted).toBe(2);
    expect(report.rejected).toBe(3);
    expect(report.errors).toEqual([
      { line: 2, error: expect.stringMatching(/invalid JSON/) },
      { line: 3, error: expect.stringMatching(/^author\.id: /) },
      { line: 6, error: expect.stringMatching(/^type: /) },
    ]);
  });

  it('stores each (source, id) once', async () => {
    const line = JSON.stringify({
      source: 'test',
      id: 'dup1',
      ts: '2026-01-01T00:01:00Z',
      author: { id: 'a' },
    });
    await ingest(line);
    const { report } = await ingest(`${line}\n${line}`);
    expect(report).toMatchObject({ accepted: 0, duplicates: 2 });
    const rows: { n: string }[] = await t.app
      .get(DataSource)
      .query(`SELECT count(*)::text AS n FROM observations WHERE id = 'dup1'`);
    expect(rows[0]?.n).toBe('1');
  });

  it.each([
    ['an empty body', '', 'application/x-ndjson'],
    ['malformed JSON', '{"a":', 'application/json'],
  ])('answers %s with a 400, not a 500', async (_, body, type) => {
    const res = await fetch(`${t.url}/api/ingest`, {
      method: 'POST',
      headers: { cookie, 'content-type': type },
      body,
    });
    expect(res.status).toBe(400);
    await expect(res.json()).resolves.toMatchObject({
      statusCode: 400,
      message: expect.any(String),
    });
  });

  it('pages alerts by seq and validates its query', async () => {
    const bad = await fetch(`${t.url}/api/alerts?limit=0`, { headers: { cookie } });
    expect(bad.status).toBe(400);
    await expect(bad.json()).resolves.toMatchObject({ message: expect.stringMatching(/^limit: /) });
  });

  it('removes text and identifiers of a deleted post', async () => {
    await ingest(
      JSON.stringify({
        source: 'test',
        id: 'gone',
        ts: '2026-03-01T13:00:00Z',
        author: { id: 'x', handle: 'h' },
        text: 'secret',
      }),
    );
    const { report } = await ingest(JSON.stringify({ type: 'delete', source: 'test', id: 'gone' }));
    expect(report.rejected).toBe(0);
    const rows: { text: string | null; author_id: string | null; deleted_at: Date | null }[] =
      await t.app
        .get(DataSource)
        .query(`SELECT text, author_id, deleted_at FROM observations WHERE id = 'gone'`);
    expect(rows[0]).toMatchObject({ text: null, author_id: null, deleted_at: expect.any(Date) });
  });

  it('purges text and identifiers after the retention period, keeping the row', async () => {
    await ingest(
      JSON.stringify({
        source: 'test',
        id: 'old',
        ts: '2026-03-01T13:00:00Z',
        author: { id: 'y', handle: 'hy' },
        text: 'old text',
      }),
    );
    const db = t.app.get(DataSource);
    await db.query(
      `UPDATE observations SET ingested_at = now() - interval '31 days' WHERE id = 'old'`,
    );
    const purged = await t.app.get(RetentionScheduler).purge(new Date());
    expect(purged).toBeGreaterThanOrEqual(1);
    const rows: { text: string | null; author_id: string | null; terms: string[] }[] =
      await db.query(`SELECT text, author_id, terms FROM observations WHERE id = 'old'`);
    expect(rows[0]).toMatchObject({ text: null, author_id: null });
  });
});

import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type {
  ExportJobView,
  ExportProgressEvent,
  PseudonymGrantView,
  ServerToClientEvents,
} from '@spreadwatch/contracts';
import { parse } from 'csv-parse/sync';
import { parquetReadObjects } from 'hyparquet';
import { io, type Socket } from 'socket.io-client';
import { DataSource } from 'typeorm';

import { AuthService } from '../src/auth/auth.service';
import { ExportsService } from '../src/exports/exports.service';
import { resetDatabase, spikeNdjson, startTestApp, type TestApp } from './test-app';

// Exports run as jobs against the embedded database: slower than the 5 s default on a loaded machine.
jest.setTimeout(60_000);

const WINDOW = { from: '2026-03-01T00:00:00Z', to: '2026-03-02T00:00:00Z' };

interface Keys {
  researcher: string;
  researcher2: string;
  analyst: string;
}

describe('research exports', () => {
  let t: TestApp;
  let cookie: string;
  let keys: Keys;
  let exportDir: string;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    await resetDatabase();
    const ds = new DataSource({ type: 'postgres', url: process.env['DATABASE_URL'] });
    await ds.initialize();
    // Audit rows have no foreign key (they outlive users), so they are emptied explicitly.
    await ds.query(
      `DO $$ BEGIN IF to_regclass('public.export_audit') IS NOT NULL THEN TRUNCATE export_audit; END IF; END $$`,
    );
    await ds.destroy();
    exportDir = await mkdtemp(join(tmpdir(), 'sw-exports-e2e-'));
    t = await startTestApp({
      EXPORT_DIR: exportDir,
      EXPORT_TTL_HOURS: '1',
      PROTECTED_TERMS: '#weather',
    });
    cookie = await t.login();
    const auth = t.app.get(AuthService);
    const make = async (name: string, role: 'researcher' | 'analyst'): Promise<string> => {
      const user = await auth.createUser(name, 'long-enough-password', role);
      return (await auth.createApiKey(user.id, `${name} key`)).key;
    };
    keys = {
      researcher: await make('rita', 'researcher'),
      researcher2: await make('rob', 'researcher'),
      analyst: await make('ann', 'analyst'),
    };
    const ingest = await fetch(`${t.url}/api/ingest`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/x-ndjson' },
      body: `${spikeNdjson()}\n${JSON.stringify({ type: 'delete', source: 'test', id: 'p3' })}`,
    });
    expect(ingest.status).toBe(200);
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await t.close();
    await rm(exportDir, { recursive: true, force: true });
  });

  const call = (path: string, key: string | null, init: RequestInit = {}): Promise<Response> =>
    fetch(`${t.url}${path}`, {
      ...init,
      headers: {
        'content-type': 'application/json',
        ...(key === null ? {} : { authorization: `Bearer ${key}` }),
      },
    });

  const start = async (
    body: Record<string, unknown>,
    key = keys.researcher,
  ): Promise<ExportJobView> => {
    const res = await call('/api/exports', key, {
      method: 'POST',
      body: JSON.stringify({ ...WINDOW, ...body }),
    });
    expect(res.status).toBe(202);
    return (await res.json()) as ExportJobView;
  };

  const finished = async (id: string, key = keys.researcher): Promise<ExportJobView> => {
    for (let i = 0; i < 200; i++) {
      const job = (await (await call(`/api/exports/${id}`, key)).json()) as ExportJobView;
      if (job.status === 'done' || job.status === 'failed') return job;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`export ${id} did not finish`);
  };

  const download = async (
    job: ExportJobView,
    name: string,
    key = keys.researcher,
  ): Promise<Buffer> => {
    const res = await call(`/api/exports/${job.id}/files/${name}`, key);
    expect(res.status).toBe(200);
    return Buffer.from(await res.arrayBuffer());
  };

  it.each([
    ['no credentials (401)', null, 401],
    ['an analyst key (403)', 'analyst', 403],
  ] as const)('refuses an export with %s', async (_label, who, status) => {
    const res = await call('/api/exports', who === null ? null : keys[who], {
      method: 'POST',
      body: JSON.stringify({ ...WINDOW, dataset: 'term-series', format: 'csv' }),
    });
    expect(res.status).toBe(status);
  });

  it.each([
    [{ dataset: 'nope', format: 'csv' }, /dataset/],
    [{ dataset: 'posts', format: 'xlsx' }, /format/],
    [{ dataset: 'posts', format: 'csv', to: '2026-02-01T00:00:00Z' }, /to: must be after from/],
  ])('answers 400 naming the problem for %j', async (body, message) => {
    const res = await call('/api/exports', keys.researcher, {
      method: 'POST',
      body: JSON.stringify({ ...WINDOW, ...body }),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toMatch(message);
  });

  it('exports the series as CSV with progress on the socket, a matching manifest and an audit trail', async () => {
    const socket = io(t.url, {
      transports: ['websocket'],
      auth: { token: keys.researcher },
      reconnection: false,
      forceNew: true,
    });
    sockets.push(socket);
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    const events: ExportProgressEvent[] = [];
    const done = new Promise<void>((resolve) => {
      const onProgress: ServerToClientEvents['export:progress'] = (p) => {
        events.push(p);
        if (p.status === 'done') resolve();
      };
      socket.on('export:progress', onProgress);
    });

    const job = await start({ dataset: 'term-series', format: 'csv', resolution: '5m' });
    const result = await finished(job.id);
    await done;
    expect(events.at(-1)).toMatchObject({ id: job.id, status: 'done', progress: 1 });
    expect(result).toMatchObject({ status: 'done', requestedBy: 'rita' });

    const csv = await download(result, 'term-series.csv');
    const rows = parse<Record<string, string>>(csv, { columns: true });
    expect(rows.length).toBe(result.rowsWritten);
    expect(rows.some((r) => r['term'] === '#fullvideolink')).toBe(true);
    // The protected term is masked; its rows stay distinguishable.
    expect(csv.toString('utf8')).not.toContain('#weather');
    expect(rows.some((r) => /^protected:t_[0-9a-f]{20}$/.test(r['term'] ?? ''))).toBe(true);

    const manifest = JSON.parse((await download(result, 'manifest.json')).toString('utf8')) as {
      files: { name: string; sha256: string }[];
      pseudonymisation: { scope: string };
      filters: { from: string };
    };
    expect(manifest.pseudonymisation.scope).toBe('per-export');
    expect(manifest.filters.from).toBe('2026-03-01T00:00:00.000Z');
    for (const f of manifest.files) {
      const bytes = await download(result, f.name);
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(f.sha256);
    }

    const ds = t.app.get(DataSource);
    const audit = await ds.query<
      { username: string; action: string; dataset: string; filters: { to: string } }[]
    >(
      `SELECT username, action, dataset, filters, file FROM export_audit WHERE export_id = $1 ORDER BY at, action`,
      [job.id],
    );
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['requested', 'completed', 'downloaded']),
    );
    expect(audit[0]).toMatchObject({
      username: 'rita',
      dataset: 'term-series',
      filters: { to: '2026-03-02T00:00:00.000Z' },
    });
  });

  it('never exports deleted posts, and pseudonymises authors (Parquet read back by hyparquet)', async () => {
    const job = await finished(
      (await start({ dataset: 'posts', format: 'parquet', includeText: true })).id,
    );
    const bytes = await download(job, 'posts.parquet');
    const rows = (await parquetReadObjects({
      file: bytes.buffer.slice(
        bytes.byteOffset,
        bytes.byteOffset + bytes.byteLength,
      ) as ArrayBuffer,
    })) as Record<string, unknown>[];
    expect(rows.length).toBe(job.rowsWritten);
    expect(rows.length).toBeGreaterThan(300);
    expect(rows.every((r) => /^u_[0-9a-f]{20}$/.test(String(r['author_id'])))).toBe(true);
    expect(rows.every((r) => r['ts'] instanceof Date)).toBe(true);
    // spikeNdjson's third post was deleted: 383 posts ingested, 382 exported.
    const ds = t.app.get(DataSource);
    const [live] = await ds.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM observations WHERE deleted_at IS NULL`,
    );
    expect(rows.length).toBe(live?.n);
    expect(JSON.stringify(rows.map((r) => r['text']))).not.toMatch(/weather/);
  });

  it('exports the spike’s coordination cluster and its members’ features, joinable with the posts', async () => {
    const grantRes = await fetch(`${t.url}/api/exports/pseudonym-keys`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ study: 'coordination join', grantedTo: 'rita' }),
    });
    const grant = (await grantRes.json()) as PseudonymGrantView;
    const stable = { pseudonymKeyId: grant.id };

    const clustersJob = await finished(
      (await start({ dataset: 'clusters', format: 'parquet', ...stable })).id,
    );
    expect(clustersJob.status).toBe('done');
    const bytes = await download(clustersJob, 'clusters.parquet');
    const clusters = (await parquetReadObjects({
      file: bytes.buffer.slice(
        bytes.byteOffset,
        bytes.byteOffset + bytes.byteLength,
      ) as ArrayBuffer,
    })) as Record<string, unknown>[];
    const ds = t.app.get(DataSource);
    const [stored] = await ds.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM clusters`);
    expect(clusters.length).toBe(stored?.n);
    const spike = clusters.find((c) => (c['accounts'] as string[]).length >= 4);
    expect(spike).toBeDefined();
    expect(spike?.['first_activity']).toBeInstanceOf(Date);
    expect(String(spike?.['cluster_id'])).toMatch(/^x_[0-9a-f]{20}$/);
    expect(
      JSON.stringify(clusters, (_k, v: unknown) => (typeof v === 'bigint' ? 0 : v)),
    ).not.toMatch(/"bot\d+"|#weather/);

    // The members are authors of the posts export under the same key, and their features are exported.
    const postsJob = await finished(
      (await start({ dataset: 'posts', format: 'csv', ...stable })).id,
    );
    const posts = parse<Record<string, string>>(await download(postsJob, 'posts.csv'), {
      columns: true,
    });
    const authors = new Set(posts.map((p) => p['author_id']));
    expect((spike?.['accounts'] as string[]).every((a) => authors.has(a))).toBe(true);

    // `accounts` is the first name of the dataset: accepted, recorded under its canonical name.
    const accountsJob = await finished(
      (await start({ dataset: 'accounts', format: 'ndjson', ...stable })).id,
    );
    expect(accountsJob.dataset).toBe('account-features');
    const features = (await download(accountsJob, 'account-features.ndjson'))
      .toString('utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(features.length).toBeGreaterThanOrEqual(4);
    const member = features.find((f) => f['account_id'] === (spike?.['accounts'] as string[])[0]);
    expect(member).toBeDefined();
    // One campaign can be split over several clusters; the feature row names the account's latest one.
    const clustersOfMember = clusters
      .filter((c) => (c['accounts'] as string[]).includes(member?.['account_id'] as string))
      .map((c) => c['cluster_id']);
    expect(clustersOfMember).toContain(member?.['cluster_id']);
    expect(typeof member?.['account_age_x']).toBe('number');
    expect((member?.['attributions'] as unknown[]).length).toBeGreaterThan(0);
  });

  it('hides one researcher’s export from another (404)', async () => {
    const job = await start({ dataset: 'alerts', format: 'ndjson' });
    await finished(job.id);
    expect((await call(`/api/exports/${job.id}`, keys.researcher2)).status).toBe(404);
    expect(
      (await call(`/api/exports/${job.id}/files/alerts.ndjson`, keys.researcher2)).status,
    ).toBe(404);
  });

  it('gives identical files with a stable grant and different pseudonyms without', async () => {
    const grantRes = await fetch(`${t.url}/api/exports/pseudonym-keys`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ study: 'leak rumours 2026', grantedTo: 'rita' }),
    });
    expect(grantRes.status).toBe(201);
    const grant = (await grantRes.json()) as PseudonymGrantView;
    expect(JSON.stringify(grant)).not.toMatch(/"key"/);
    // Only admins grant.
    const denied = await call('/api/exports/pseudonym-keys', keys.researcher, {
      method: 'POST',
      body: JSON.stringify({ study: 'my own', grantedTo: 'rita' }),
    });
    expect(denied.status).toBe(403);
    // Someone else's grant cannot be used.
    const stolen = await call('/api/exports', keys.researcher2, {
      method: 'POST',
      body: JSON.stringify({
        ...WINDOW,
        dataset: 'posts',
        format: 'csv',
        pseudonymKeyId: grant.id,
      }),
    });
    expect(stolen.status).toBe(403);

    const sha = async (body: Record<string, unknown>): Promise<string> => {
      const job = await finished((await start({ dataset: 'posts', format: 'csv', ...body })).id);
      return job.files.find((f) => f.role === 'data')?.sha256 ?? '';
    };
    const a = await sha({ pseudonymKeyId: grant.id });
    const b = await sha({ pseudonymKeyId: grant.id });
    const c = await sha({});
    expect(a).toBe(b);
    expect(c).not.toBe(a);
  });

  it('expires exports: files deleted, 410 on download, audited', async () => {
    const job = await finished((await start({ dataset: 'alerts', format: 'csv' })).id);
    expect(existsSync(join(exportDir, job.id))).toBe(true);
    const service = t.app.get(ExportsService);
    expect(await service.purgeExpired(new Date(Date.now() + 2 * 3_600_000))).toBeGreaterThanOrEqual(
      1,
    );
    expect(existsSync(join(exportDir, job.id))).toBe(false);
    expect((await call(`/api/exports/${job.id}/files/alerts.csv`, keys.researcher)).status).toBe(
      410,
    );
    const view = (await (
      await call(`/api/exports/${job.id}`, keys.researcher)
    ).json()) as ExportJobView;
    expect(view.status).toBe('expired');
    const ds = t.app.get(DataSource);
    const rows = await ds.query<unknown[]>(
      `SELECT action FROM export_audit WHERE export_id = $1 AND action = 'expired'`,
      [job.id],
    );
    expect(rows).toHaveLength(1);
  });
});

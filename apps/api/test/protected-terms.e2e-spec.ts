import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type {
  Alert,
  ExportJobView,
  RoutingConfig,
  ServerToClientEvents,
} from '@spreadwatch/contracts';
import { parse } from 'csv-parse/sync';
import { io, type Socket } from 'socket.io-client';

import { AuthService } from '../src/auth/auth.service';
import { api, DESK_SUBSCRIPTION, until } from './alert-routing-helpers';
import { startSmtpSink, type SmtpSink } from './smtp-sink';
import { resetDatabase, spikeNdjson, startTestApp, type TestApp } from './test-app';

// Delivery and exports run in the background against the embedded database.
jest.setTimeout(60_000);

/** Velocity alerts to the desks, nothing else. */
const DESKS_ONLY: RoutingConfig = {
  route: {
    receiver: 'dashboard',
    groupBy: ['term'],
    groupWait: 0,
    groupInterval: 1_000,
    repeatInterval: 3_600_000,
    routes: [{ receiver: 'desks', matchers: [{ name: 'kind', op: '=', value: 'velocity' }] }],
  },
  inhibitRules: [],
  receivers: [],
};

describe('protected watchlist terms (no PROTECTED_TERMS set)', () => {
  let t: TestApp;
  let cookie: string;
  let smtp: SmtpSink;
  let exportDir: string;
  let researcherKey: string;
  let socket: Socket<ServerToClientEvents>;
  const live: Alert[] = [];

  beforeAll(async () => {
    await resetDatabase();
    smtp = await startSmtpSink();
    exportDir = await mkdtemp(join(tmpdir(), 'sw-protected-e2e-'));
    t = await startTestApp({
      SMTP_URL: smtp.url,
      EXPORT_DIR: exportDir,
      DELIVERY_POLL_MS: '20',
      PUBLIC_URL: 'https://spreadwatch.test',
    });
    cookie = await t.login();
    const auth = t.app.get(AuthService);
    const researcher = await auth.createUser('rae', 'long-enough-password', 'researcher');
    researcherKey = (await auth.createApiKey(researcher.id, 'rae key')).key;
    // A researcher's socket is in the masked room.
    socket = io(t.url, {
      transports: ['websocket'],
      auth: { token: researcherKey },
      reconnection: false,
      forceNew: true,
    });
    socket.on('alert', (a) => live.push(a));
    await new Promise((r) => socket.once('connect', () => r(null)));
  });
  afterAll(async () => {
    socket.disconnect();
    await t.close();
    await smtp.close();
    await rm(exportDir, { recursive: true, force: true });
  });

  it('masks a term marked protected in a watchlist in desk emails, the masked socket room and exports', async () => {
    // Disabled, so it changes no scoring: a protected name is masked whether or not its list is watched.
    const list = await api(t, cookie, 'POST', '/watchlists', {
      name: 'Victims',
      enabled: false,
      terms: [{ term: 'FullVideoLink', protected: true }],
    });
    expect(list.status).toBe(201);
    expect((await api(t, cookie, 'PUT', '/alerting/routing', DESKS_ONLY)).status).toBe(200);
    expect(
      (await api(t, cookie, 'POST', '/alerting/subscriptions', DESK_SUBSCRIPTION)).status,
    ).toBe(201);

    const ingest = await fetch(`${t.url}/api/ingest`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/x-ndjson' },
      body: spikeNdjson(),
    });
    expect(ingest.status).toBe(200);
    await until(() => smtp.mails.length >= 1);
    // Quoted-printable soft line breaks are undone so a split word cannot slip through.
    const mail = (smtp.mails[0]?.raw ?? '').replace(/=\r?\n/g, '').toLowerCase();
    expect(mail).toContain('night@desk.test');
    expect(mail).not.toContain('fullvideolink');

    await until(() => live.some((a) => a.kind === 'velocity'));
    expect(JSON.stringify(live).toLowerCase()).not.toContain('fullvideolink');

    const res = await fetch(`${t.url}/api/exports`, {
      method: 'POST',
      headers: { authorization: `Bearer ${researcherKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        dataset: 'term-series',
        format: 'csv',
        from: '2026-03-01T00:00:00Z',
        to: '2026-03-02T00:00:00Z',
      }),
    });
    expect(res.status).toBe(202);
    const id = ((await res.json()) as ExportJobView).id;
    const status = async (): Promise<string> =>
      (
        (await (
          await fetch(`${t.url}/api/exports/${id}`, {
            headers: { authorization: `Bearer ${researcherKey}` },
          })
        ).json()) as ExportJobView
      ).status;
    await until(async () => ['done', 'failed'].includes(await status()), 30_000);
    expect(await status()).toBe('done');
    const csv = await (
      await fetch(`${t.url}/api/exports/${id}/files/term-series.csv`, {
        headers: { authorization: `Bearer ${researcherKey}` },
      })
    ).text();
    expect(csv.toLowerCase()).not.toContain('fullvideolink');
    const rows = parse<Record<string, string>>(csv, { columns: true });
    expect(rows.some((r) => /^protected:t_[0-9a-f]{20}$/.test(r['term'] ?? ''))).toBe(true);
    expect(rows.some((r) => r['term'] === '#weather')).toBe(true);
  });
});

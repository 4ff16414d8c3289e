import type { Alert, ClientToServerEvents, ServerToClientEvents } from '@spreadwatch/contracts';
import { io, type Socket } from 'socket.io-client';
import { DataSource } from 'typeorm';

import {
  api,
  DESK_SUBSCRIPTION,
  laterSpike,
  routingTo,
  sleep,
  until,
} from './alert-routing-helpers';
import { startHttpSink, type HttpSink } from './http-sink';
import { startSmtpSink, type SmtpSink } from './smtp-sink';
import { resetDatabase, spikeNdjson, startTestApp, type TestApp } from './test-app';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

const FAST = { DELIVERY_POLL_MS: '20', DELIVERY_RETRY_BASE_MS: '50' };

async function ingest(t: TestApp, cookie: string, body: string): Promise<void> {
  const res = await fetch(`${t.url}/api/ingest`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/x-ndjson' },
    body,
  });
  expect(res.status).toBe(200);
}

async function notificationRows(): Promise<
  { id: string; status: string; attempts: number; last_error: string | null }[]
> {
  const ds = new DataSource({ type: 'postgres', url: process.env['DATABASE_URL'] ?? '' });
  await ds.initialize();
  try {
    return await ds.query(
      `SELECT id, status, attempts, last_error FROM notifications WHERE channel = 'email' ORDER BY created_at`,
    );
  } finally {
    await ds.destroy();
  }
}

function messageIds(smtp: SmtpSink): string[] {
  return smtp.mails.map((m) => m.header('message-id') ?? '');
}

describe('alert delivery under faults', () => {
  let hook: HttpSink;
  beforeAll(async () => {
    hook = await startHttpSink();
  });
  afterAll(() => hook.close());
  beforeEach(async () => {
    await resetDatabase();
    hook.requests.length = 0;
  });

  it('SMTP down for a while: every queued mail is delivered after it returns, none twice', async () => {
    let smtp = await startSmtpSink();
    const port = smtp.port;
    const t = await startTestApp({ ...FAST, SMTP_URL: smtp.url });
    try {
      const cookie = await t.login();
      await api(t, cookie, 'PUT', '/alerting/routing', routingTo(hook.url, hook.url));
      await api(t, cookie, 'POST', '/alerting/subscriptions', DESK_SUBSCRIPTION);
      await api(t, cookie, 'POST', '/alerting/subscriptions', {
        ...DESK_SUBSCRIPTION,
        email: 'day@desk.test',
        desk: 'Day desk',
      });
      await smtp.close();

      await ingest(t, cookie, spikeNdjson());
      await ingest(
        t,
        cookie,
        laterSpike(spikeNdjson({ spikeTag: 'leakedtape', idPrefix: 'q' }), 1),
      );
      // Both desks × both spikes wait, failing and backing off, while the server is down.
      let rows: Awaited<ReturnType<typeof notificationRows>> = [];
      await until(async () => {
        rows = await notificationRows();
        return rows.length >= 4 && rows.every((r) => r.status === 'pending' && r.attempts >= 2);
      }).catch((err: unknown) => {
        throw new Error(`${(err as Error).message}: ${JSON.stringify(rows)}`);
      });

      smtp = await startSmtpSink(port);
      // Later notifications (resolutions) may still be queued after the first ones went out: wait until
      // every row is sent and each arrived as a mail.
      const allDelivered = async (): Promise<boolean> => {
        const now = await notificationRows();
        return now.every((r) => r.status === 'sent') && messageIds(smtp).length >= now.length;
      };
      await until(allDelivered);
      // Resolutions are grouped after group_interval: let them be queued too, then wait for them.
      await sleep(2_500);
      await until(allDelivered);
      const ids = messageIds(smtp);
      expect(ids.length).toBe((await notificationRows()).length);
      expect(new Set(ids).size).toBe(ids.length);
    } finally {
      await t.close();
      await smtp.close();
    }
  });

  it('killed between the alert commit and delivery: delivered once after restart', async () => {
    const smtp = await startSmtpSink();
    try {
      const first = await startTestApp({ ...FAST, SMTP_URL: smtp.url });
      const cookie = await first.login();
      // A long group_wait keeps the notification undecided when the app goes away.
      await api(first, cookie, 'PUT', '/alerting/routing', routingTo(hook.url, hook.url, 4_000));
      await api(first, cookie, 'POST', '/alerting/subscriptions', DESK_SUBSCRIPTION);
      await ingest(first, cookie, spikeNdjson());
      await first.close();
      expect(smtp.mails).toHaveLength(0);

      const second = await startTestApp({ ...FAST, SMTP_URL: smtp.url });
      try {
        await until(() => smtp.mails.length >= 1, 20_000);
        await sleep(1_500);
        expect(smtp.mails).toHaveLength(1);
        // A third start must not send it again: the notification log says it went out.
        await second.close();
        const third = await startTestApp({ ...FAST, SMTP_URL: smtp.url });
        await sleep(5_000);
        await third.close();
        expect(smtp.mails).toHaveLength(1);
      } finally {
        await second.close().catch(() => undefined);
      }
    } finally {
      await smtp.close();
    }
  });

  it('killed after a resolution left the outbox but before it was sent: the resolution goes out after restart', async () => {
    const first = await startTestApp(FAST);
    const cookie = await first.login();
    await api(first, cookie, 'PUT', '/alerting/routing', routingTo(hook.url, hook.url, 0));
    await ingest(first, cookie, spikeNdjson());
    await until(() => hook.requests.some((r) => r.body.includes('"status":"firing"')), 20_000);
    await first.close();

    // What the dispatcher had consumed but not flushed when the process died: the alert's resolved state is
    // committed, its outbox row is processed, and no resolved notification exists.
    const ds = new DataSource({ type: 'postgres', url: process.env['DATABASE_URL'] ?? '' });
    await ds.initialize();
    try {
      await ds.query(
        `UPDATE alerts SET status = 'resolved', resolved_at = now(), seq = nextval('alert_seq')
         WHERE kind = 'velocity' AND status = 'firing'`,
      );
      await ds.query(`UPDATE alert_outbox SET processed_at = now() WHERE processed_at IS NULL`);
    } finally {
      await ds.destroy();
    }
    const resolvedSent = (): number =>
      hook.requests.filter((r) => r.body.includes('"status":"resolved"')).length;
    expect(resolvedSent()).toBe(0);

    const second = await startTestApp(FAST);
    try {
      await until(() => resolvedSent() >= 1, 20_000);
    } finally {
      await second.close();
    }
    const sent = resolvedSent();
    const third = await startTestApp(FAST);
    await sleep(2_000);
    await third.close();
    expect(resolvedSent()).toBe(sent);
  });

  it('a client offline across a server restart gets every missed alert change by seq, in order', async () => {
    const first = await startTestApp(FAST);
    const cookie = await first.login();
    const client: Client = io(first.url, {
      transports: ['websocket'],
      extraHeaders: { cookie },
      reconnection: false,
      forceNew: true,
    });
    const seen: Alert[] = [];
    client.on('alert', (a) => seen.push(a));
    await new Promise((r) => client.once('connect', () => r(null)));
    await ingest(first, cookie, spikeNdjson());
    await until(() => seen.length >= 1);
    const lastSeen = Math.max(...seen.map((a) => a.seq));
    client.disconnect();

    // While the client is away: a lifecycle change (before later data resolves the alert), another spike,
    // then a restart.
    // Acknowledge an alert that is still firing (a coordination alert may already have resolved).
    const target = seen.find((a) => a.kind === 'velocity' && a.status === 'firing') ?? seen[0];
    const acked = await api<Alert>(
      first,
      cookie,
      'POST',
      `/alerts/${target?.id ?? ''}/acknowledge`,
      {},
    );
    expect([acked.status, acked.body]).toEqual([200, expect.anything()]);
    await ingest(
      first,
      cookie,
      laterSpike(spikeNdjson({ spikeTag: 'leakedtape', idPrefix: 'q' }), 1),
    );
    await first.close();

    const second = await startTestApp(FAST);
    try {
      const cookie2 = await second.login();
      const back: Client = io(second.url, {
        transports: ['websocket'],
        extraHeaders: { cookie: cookie2 },
        reconnection: false,
        forceNew: true,
      });
      const missed: Alert[] = [];
      back.on('alert', (a) => missed.push(a));
      await new Promise((r) => back.once('connect', () => r(null)));
      const latest = await back.emitWithAck('alerts:resume', lastSeen);
      back.disconnect();
      const seqs = missed.map((a) => a.seq);
      expect(seqs.length).toBeGreaterThanOrEqual(1);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
      expect(seqs.every((s) => s > lastSeen)).toBe(true);
      expect(latest).toBe(seqs.at(-1));
      expect(missed.some((a) => a.term === '#leakedtape')).toBe(true);
      // The acknowledged alert comes back in its newest state (the later data resolved it since, ADR 0003);
      // the acknowledgement itself is in its audit trail.
      expect(missed.some((a) => a.id === target?.id)).toBe(true);
      const trail = await api<{ action: string; actor: string }[]>(
        second,
        cookie2,
        'GET',
        `/alerts/${target?.id ?? ''}/activity`,
      );
      expect(trail.body.map((x) => x.action)).toContain('acknowledged');
    } finally {
      await second.close();
    }
  });
});

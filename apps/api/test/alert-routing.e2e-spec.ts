import {
  type Alert,
  type AlertActivity,
  type ClientToServerEvents,
  type ServerToClientEvents,
  type SilenceNotice,
  type SilenceView,
  type SubscriptionView,
} from '@spreadwatch/contracts';
import { verifySignature } from '@spreadwatch/notify';
import { io, type Socket } from 'socket.io-client';

import { api, DESK_SUBSCRIPTION, routingTo, until } from './alert-routing-helpers';
import { startHttpSink, type HttpSink } from './http-sink';
import { startSmtpSink, type SmtpSink } from './smtp-sink';
import { resetDatabase, spikeNdjson, startTestApp, type TestApp } from './test-app';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

describe('alert routing and delivery', () => {
  let t: TestApp;
  let cookie: string;
  let smtp: SmtpSink;
  let hook: HttpSink;
  let slack: HttpSink;
  let socket: Client;
  const live: { alerts: Alert[]; activity: AlertActivity[]; silences: SilenceNotice[] } = {
    alerts: [],
    activity: [],
    silences: [],
  };

  beforeAll(async () => {
    await resetDatabase();
    smtp = await startSmtpSink();
    hook = await startHttpSink();
    slack = await startHttpSink();
    t = await startTestApp({
      SMTP_URL: smtp.url,
      PROTECTED_TERMS: 'fullvideolink',
      DELIVERY_POLL_MS: '20',
      DELIVERY_RETRY_BASE_MS: '50',
      PUBLIC_URL: 'https://spreadwatch.test',
    });
    cookie = await t.login();
    socket = io(t.url, {
      transports: ['websocket'],
      extraHeaders: { cookie },
      reconnection: false,
      forceNew: true,
    });
    socket.on('alert', (a) => live.alerts.push(a));
    socket.on('alert:activity', (a) => live.activity.push(a));
    socket.on('silence', (s) => live.silences.push(s));
    await new Promise((r) => socket.once('connect', () => r(null)));
  });
  afterAll(async () => {
    socket.disconnect();
    await t.close();
    await Promise.all([smtp.close(), hook.close(), slack.close()]);
  });

  it.each([
    [
      'routing to an unknown receiver',
      'PUT',
      '/alerting/routing',
      { route: { receiver: 'nobody' } },
      /unknown receiver "nobody"/,
    ],
    [
      'a bad duration',
      'PUT',
      '/alerting/routing',
      { route: { receiver: 'desks', groupWait: '5 minutes' } },
      /route.groupWait/,
    ],
    [
      'a bad regex matcher',
      'POST',
      '/alerting/silences',
      {
        matchers: [{ name: 'term', op: '=~', value: '(' }],
        comment: 'x',
        endsAt: '2099-01-01T00:00:00Z',
      },
      /matchers.0.value: is not a valid regular expression/,
    ],
    [
      'a silence with no end',
      'POST',
      '/alerting/silences',
      { matchers: [{ name: 'term', value: '#a' }], comment: 'x' },
      /endsAt: is required unless expireWhenResolved/,
    ],
    [
      'a rule on an unknown metric',
      'POST',
      '/alerting/rules',
      { name: 'R', when: { metric: 'nope', op: '>', value: 1 } },
      /when/,
    ],
    [
      'a subscription with a bad time zone',
      'POST',
      '/alerting/subscriptions',
      { ...DESK_SUBSCRIPTION, timezone: 'Mars/Olympus' },
      /timezone: is not an IANA time zone/,
    ],
    [
      'half of quiet hours',
      'POST',
      '/alerting/subscriptions',
      { ...DESK_SUBSCRIPTION, quietStart: '22:00' },
      /quietEnd/,
    ],
  ])('answers 400 naming the field for %s', async (_, method, path, body, message) => {
    const res = await api<{ message: string }>(t, cookie, method, path, body);
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(message);
  });

  it('routes one spike to desk email, a signed webhook and Slack, once each, masked', async () => {
    expect(
      (await api(t, cookie, 'PUT', '/alerting/routing', routingTo(hook.url, slack.url))).status,
    ).toBe(200);
    const sub = await api<SubscriptionView>(
      t,
      cookie,
      'POST',
      '/alerting/subscriptions',
      DESK_SUBSCRIPTION,
    );
    expect(sub.status).toBe(201);

    const ingest = await fetch(`${t.url}/api/ingest`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/x-ndjson' },
      body: spikeNdjson(),
    });
    expect(ingest.status).toBe(200);
    await until(
      () => smtp.mails.length >= 1 && hook.requests.length >= 1 && slack.requests.length >= 1,
    );

    const mail = smtp.mails[0];
    expect(mail?.to).toEqual(['night@desk.test']);
    expect(mail?.header('list-unsubscribe')).toMatch(
      /^<https:\/\/spreadwatch\.test\/api\/alerting\/unsubscribe\?token=/,
    );
    expect(mail?.header('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    expect(mail?.raw.toLowerCase()).not.toContain('fullvideolink');

    const req = hook.requests[0];
    const ts = String(req?.headers['x-spreadwatch-timestamp']);
    expect(
      verifySignature(
        'shared-secret-0123456789',
        ts,
        req?.body ?? '',
        String(req?.headers['x-spreadwatch-signature']),
      ),
    ).toBe(true);
    expect(req?.body.toLowerCase()).not.toContain('fullvideolink');
    expect(slack.requests[0]?.body).toContain('1 firing');

    // Nothing else arrives: one group, one flush, dedup against the notification log.
    await new Promise((r) => setTimeout(r, 1_500));
    expect([smtp.mails.length, hook.requests.length, slack.requests.length]).toEqual([1, 1, 1]);
  });

  it('walks firing → acknowledged → assigned → resolved with notes, an audit trail and live events', async () => {
    const alert = live.alerts.find((a) => a.term === '#fullvideolink');
    if (alert === undefined) throw new Error('no live alert');
    const id = alert.id;
    const ack = await api<Alert>(t, cookie, 'POST', `/alerts/${id}/acknowledge`, {
      note: 'looking',
    });
    expect(ack.status).toBe(200);
    expect(ack.body.lifecycle).toMatchObject({ state: 'acknowledged', updatedBy: 'admin' });
    expect(ack.body.seq).toBeGreaterThan(alert.seq);
    const assigned = await api<Alert>(t, cookie, 'POST', `/alerts/${id}/assign`, {
      assignee: 'ana',
    });
    expect(assigned.body.lifecycle).toMatchObject({ state: 'assigned', assignee: 'ana' });
    expect(
      (await api(t, cookie, 'POST', `/alerts/${id}/notes`, { note: 'campaign, 40 fresh accounts' }))
        .status,
    ).toBe(201);
    const resolved = await api<Alert>(t, cookie, 'POST', `/alerts/${id}/resolve`, {
      note: 'reported to platform',
    });
    expect(resolved.body.lifecycle?.state).toBe('resolved');

    const again = await api<{ message: string }>(
      t,
      cookie,
      'POST',
      `/alerts/${id}/acknowledge`,
      {},
    );
    expect(again.status).toBe(409);
    expect((await api(t, cookie, 'POST', `/alerts/${id}/resolve`, {})).status).toBe(400);
    expect((await api(t, cookie, 'POST', `/alerts/not-a-uuid/acknowledge`, {})).status).toBe(400);

    const history = await api<AlertActivity[]>(t, cookie, 'GET', `/alerts/${id}/activity`);
    expect(history.body[0]).toMatchObject({ action: 'fired', actor: 'system' });
    // Detector updates (escalations) may sit between; the human trail is exact.
    expect(
      history.body
        .filter((h) => h.actor !== 'system')
        .map((h) => [h.action, h.actor, h.note ?? h.assignee]),
    ).toEqual([
      ['acknowledged', 'admin', 'looking'],
      ['assigned', 'admin', 'ana'],
      ['note', 'admin', 'campaign, 40 fresh accounts'],
      ['resolved', 'admin', 'reported to platform'],
    ]);
    await until(() => live.activity.length >= 4);
    expect(live.activity.map((a) => a.action)).toEqual([
      'acknowledged',
      'assigned',
      'note',
      'resolved',
    ]);
    await until(() => live.alerts.some((a) => a.id === id && a.lifecycle?.state === 'resolved'));
  });

  it('notifies subscribers when a silence is created and when it expires', async () => {
    const before = smtp.mails.length;
    const created = await api<SilenceView>(t, cookie, 'POST', '/alerting/silences', {
      matchers: [{ name: 'term', op: '=~', value: '#weather.*' }],
      comment: 'weather is noisy today',
      endsAt: new Date(Date.now() + 3_600_000).toISOString(),
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ state: 'active', createdBy: 'admin' });
    await until(() => smtp.mails.length >= before + 1);
    expect(smtp.mails.at(-1)?.raw).toContain('weather is noisy today');

    const expired = await api<SilenceView>(
      t,
      cookie,
      'DELETE',
      `/alerting/silences/${created.body.id}`,
    );
    expect(expired.body).toMatchObject({ state: 'expired', expiredReason: 'expired-by-user' });
    await until(() => smtp.mails.length >= before + 2);
    expect(smtp.mails.at(-1)?.raw).toContain('expired');
    expect(live.silences.map((s) => s.event)).toEqual(['created', 'expired']);
  });

  it('unsubscribes in one click (RFC 8058 POST) without a session', async () => {
    const link = smtp.mails[0]?.header('list-unsubscribe')?.slice(1, -1) ?? '';
    const token = new URL(link).searchParams.get('token') ?? '';
    const res = await fetch(`${t.url}/api/alerting/unsubscribe?token=${token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(res.status).toBe(200);
    const subs = await api<SubscriptionView[]>(t, cookie, 'GET', '/alerting/subscriptions');
    expect(subs.body.every((s) => !s.active)).toBe(true);
    const twice = await fetch(`${t.url}/api/alerting/unsubscribe?token=${token}`, {
      method: 'POST',
    });
    expect(twice.status).toBe(404);
  });
});

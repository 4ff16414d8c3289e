import {
  AlertSchema,
  type Alert,
  type ClientToServerEvents,
  type ServerToClientEvents,
  type TermUpdate,
} from '@spreadwatch/contracts';
import { io, type Socket } from 'socket.io-client';

import { resetDatabase, spikeNdjson, startTestApp, type TestApp } from './test-app';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

function connect(url: string, headers: Record<string, string> = {}, token?: string): Client {
  return io(url, {
    transports: ['websocket'],
    extraHeaders: headers,
    auth: token === undefined ? {} : { token },
    reconnection: false,
    forceNew: true,
  });
}

function waitFor<T>(socket: Client, event: 'connect' | 'connect_error'): Promise<T> {
  return new Promise((resolve) => socket.once(event, resolve as () => void));
}

describe('realtime gateway', () => {
  let t: TestApp;
  let cookie: string;
  const sockets: Client[] = [];

  beforeAll(async () => {
    await resetDatabase();
    t = await startTestApp();
    cookie = await t.login();
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await t.close();
  });

  it.each([
    ['no credentials', {}, undefined],
    ['a forged cookie', { cookie: 'sw_session=forged' }, undefined],
    ['a wrong API key', {}, 'sw_wrong'],
  ])('refuses a handshake with %s', async (_, headers, token) => {
    const socket = connect(t.url, headers, token);
    sockets.push(socket);
    const err = await waitFor<Error>(socket, 'connect_error');
    expect(err.message).toBe('unauthorized');
    expect(socket.connected).toBe(false);
  });

  it('pushes alerts and term updates to an authenticated client, then replays missed ones by seq', async () => {
    const socket = connect(t.url, { cookie });
    sockets.push(socket);
    await waitFor(socket, 'connect');
    const alerts: Alert[] = [];
    const updates: TermUpdate[][] = [];
    socket.on('alert', (a) => alerts.push(a));
    socket.on('terms:update', (u) => updates.push(u));

    const res = await fetch(`${t.url}/api/ingest`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/x-ndjson' },
      body: spikeNdjson(),
    });
    expect(res.status).toBe(200);
    await until(() => alerts.some((a) => a.term === '#fullvideolink'));
    const live = alerts.find((a) => a.term === '#fullvideolink');
    expect(AlertSchema.safeParse(live).success).toBe(true);
    expect(updates.flat().some((u) => u.term === '#weather')).toBe(true);

    // A client that was offline resumes from the last seq it saw and gets everything after it, in order.
    const late = connect(t.url, { cookie });
    sockets.push(late);
    await waitFor(late, 'connect');
    const replayed: Alert[] = [];
    late.on('alert', (a) => replayed.push(a));
    const latest = await late.emitWithAck('alerts:resume', 0);
    // Resume gives each changed alert once, in its newest state, in seq order (ADR 0003).
    const newestLive = new Map<string, number>();
    for (const a of alerts) newestLive.set(a.id, Math.max(a.seq, newestLive.get(a.id) ?? 0));
    expect(replayed.map((a) => a.seq)).toEqual([...newestLive.values()].sort((x, y) => x - y));
    expect(latest).toBe(Math.max(...alerts.map((a) => a.seq)));
  });

  it('accepts an API key in the handshake', async () => {
    const res = await fetch(`${t.url}/api/auth/api-keys`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'socket' }),
    });
    const { key } = (await res.json()) as { key: string };
    const socket = connect(t.url, {}, key);
    sockets.push(socket);
    await waitFor(socket, 'connect');
    expect(socket.connected).toBe(true);
  });
});

async function until(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

// Shared helpers of the alert delivery scripts (sigkill check, latency bench): spawn a built server,
// log in, build spike NDJSON. Plain Node (no tsx): these scripts run against `npm run build:api` output.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

export const MAIN = resolve('dist/api/apps/api/src/main.js');
export const PASSWORD = 'bench-password-123';

export function freePort() {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.on('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => ok(port));
    });
  });
}

/** Starts the built server; resolves once /api/health answers. */
export async function startServer(env, { quiet = true } = {}) {
  const child = spawn(process.execPath, [MAIN], {
    env: {
      ...process.env,
      SIMULATOR_ENABLED: 'false',
      HOST: '127.0.0.1',
      SPREADWATCH_ADMIN_PASSWORD: PASSWORD,
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', quiet ? 'ignore' : 'inherit', 'inherit'],
  });
  const url = `http://127.0.0.1:${env.PORT}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error('server did not start within 60 s');
    await sleep(200);
  }
  return { child, url };
}

export async function login(url) {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`login failed: HTTP ${res.status}`);
  return (res.headers.get('set-cookie') ?? '').split(';')[0];
}

export async function call(url, cookie, method, path, body) {
  const res = await fetch(`${url}/api${path}`, {
    method,
    headers: {
      cookie,
      'content-type':
        body === undefined || typeof body === 'string'
          ? 'application/x-ndjson'
          : 'application/json',
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status >= 400) throw new Error(`${method} ${path}: HTTP ${res.status} ${text}`);
  return text === '' ? null : JSON.parse(text);
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function post(id, tsMs, author, tag) {
  return JSON.stringify({
    type: 'post',
    source: 'bench',
    id,
    ts: new Date(tsMs).toISOString(),
    kind: 'post',
    author: { id: author },
    text: `about #${tag}`,
    hashtags: [tag],
  });
}

/** Half an hour of a steady tag, then one minute where 40 accounts push a new tag, then time moves on. */
export function spike(t0, tag, prefix) {
  const lines = [];
  let n = 0;
  for (let m = 0; m < 30; m++)
    for (let i = 0; i < 5; i++)
      lines.push(
        post(
          `${prefix}${n++}`,
          t0 + m * 60_000 + i * 10_000,
          `steady${(m * 5 + i) % 40}`,
          'weather',
        ),
      );
  for (let i = 0; i < 40; i++)
    lines.push(post(`${prefix}${n++}`, t0 + 30 * 60_000 + i * 1_000, `bot${i}`, tag));
  for (let m = 31; m < 34; m++)
    lines.push(post(`${prefix}${n++}`, t0 + m * 60_000, 'steady1', 'weather'));
  return lines.join('\n');
}

export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

// Benchmark for issue #6: latency from POST /api/ingest of a spike to the `alert` event at a socket.io
// client, under a background load of --rate posts/s (default 1,000), against a server on loopback.
//   npm run build:api && node scripts/bench-alert-latency.mjs [--spikes 30] [--rate 1000] [--max-seconds 120]
//   node scripts/bench-alert-latency.mjs --url http://127.0.0.1:3000   (a running server; SPREADWATCH_ADMIN_PASSWORD)
// Event time is the generator's own clock: background batches move it 100 ms per batch; each spike aligns it to a
// minute, pushes 40 accounts on a new tag, and a trailing post closes that minute, so the alert is decided inside
// the spike's own request. What is measured is the system path (ingest → score → commit → outbox → socket).
import { parseArgs } from 'node:util';

import { io } from 'socket.io-client';

import { freePort, login, percentile, post, sleep, startServer } from './alert-script-kit.mjs';

const { values } = parseArgs({
  options: {
    url: { type: 'string' },
    spikes: { type: 'string', default: '30' },
    rate: { type: 'string', default: '1000' },
    'max-seconds': { type: 'string', default: '120' },
    'spike-every-ms': { type: 'string', default: '2000' },
  },
});
const SPIKES = Number(values.spikes);
const RATE = Number(values.rate);
const MAX_MS = Number(values['max-seconds']) * 1000;
const SPIKE_EVERY = Number(values['spike-every-ms']);
const BATCH_MS = 100;
const PER_BATCH = Math.round((RATE * BATCH_MS) / 1000);
const MIN = 60_000;

let server;
let url = values.url;
if (url === undefined) {
  server = await startServer({ PORT: String(await freePort()), EMBEDDED_DB: 'memory' });
  url = server.url;
}
if (values.url !== undefined && process.env.SPREADWATCH_ADMIN_PASSWORD === undefined) {
  console.error('SPREADWATCH_ADMIN_PASSWORD is required with --url');
  process.exit(2);
}
const cookie = await login(url);
const ingest = async (body) => {
  const res = await fetch(`${url}/api/ingest`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/x-ndjson' },
    body,
  });
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`ingest HTTP ${res.status}`);
};

const socket = io(url, {
  transports: ['websocket'],
  extraHeaders: { cookie },
  reconnection: false,
  forceNew: true,
});
await new Promise((ok, fail) => {
  socket.once('connect', ok);
  socket.once('connect_error', fail);
});
const waiting = new Map(); // term → { t0, resolve }
socket.on('alert', (alert) => {
  const w = waiting.get(alert.term);
  if (w === undefined || alert.status !== 'firing') return;
  waiting.delete(alert.term);
  w.resolve(performance.now() - w.t0);
});

// Event time starts in the past so warm-up history fits before "now"; ids are unique per run.
let eventNow = Date.parse('2026-01-01T00:00:00Z');
const run = Date.now().toString(36);
let seq = 0;
const TAGS = Array.from({ length: 300 }, (_, i) => `bg${i}`);
const background = (n, stepMs) => {
  const lines = [];
  for (let i = 0; i < n; i++) {
    eventNow += stepMs / n;
    lines.push(
      post(
        `${run}-${seq++}`,
        Math.floor(eventNow),
        `u${(seq * 7919) % 20_000}`,
        TAGS[(seq * 31) % TAGS.length],
      ),
    );
  }
  return lines.join('\n');
};

// Warm-up: 40 event minutes of background so every tag has a baseline and the scorer is past its warm-up.
process.stdout.write('warming up… ');
for (let m = 0; m < 40; m++) await ingest(background(600, MIN));
console.log('done');

let sent = 0;
let behind = 0;
let inflight = Promise.resolve();
const started = performance.now();
let stop = false;
const loadLoop = (async () => {
  let next = performance.now();
  while (!stop) {
    next += BATCH_MS;
    // Posts go in order (one request at a time) so event time stays monotone, as from one connector.
    inflight = inflight
      .then(() => ingest(background(PER_BATCH, BATCH_MS)))
      .then(() => (sent += PER_BATCH));
    const wait = next - performance.now();
    if (wait > 0) await sleep(wait);
    else behind += 1;
  }
})();

const latencies = [];
let missed = 0;
for (let i = 0; i < SPIKES && performance.now() - started < MAX_MS; i++) {
  await sleep(SPIKE_EVERY);
  const tag = `benchspike${run}x${i}`;
  const done = new Promise((resolve) => waiting.set(`#${tag}`, { t0: 0, resolve }));
  // Queue behind the background batches already sent: a connector's next request.
  inflight = inflight.then(async () => {
    const minute = Math.ceil(eventNow / MIN) * MIN;
    const lines = [];
    for (let b = 0; b < 40; b++)
      lines.push(post(`${run}-s${i}-${b}`, minute + b * 1_000, `bot${i}-${b}`, tag));
    // Closes the spike's minute (past allowed lateness) within the same request.
    lines.push(post(`${run}-s${i}-close`, minute + MIN + 31_000, 'closer', TAGS[0]));
    eventNow = minute + MIN + 31_000;
    const w = waiting.get(`#${tag}`);
    if (w !== undefined) w.t0 = performance.now();
    await ingest(lines.join('\n'));
  });
  const ms = await Promise.race([done, sleep(10_000).then(() => null)]);
  if (ms === null) {
    missed += 1;
    waiting.delete(`#${tag}`);
  } else latencies.push(ms);
}
stop = true;
await loadLoop;
await inflight;
const elapsed = (performance.now() - started) / 1000;
socket.disconnect();
if (server !== undefined) {
  server.child.kill('SIGTERM');
  await new Promise((r) => server.child.once('exit', r));
}

latencies.sort((a, b) => a - b);
const f = (x) => (Number.isFinite(x) ? `${x.toFixed(1)} ms` : 'n/a');
console.log(`spikes: ${latencies.length} alerted, ${missed} without an alert within 10 s`);
console.log(
  `background: ${sent} posts in ${elapsed.toFixed(1)} s = ${(sent / elapsed).toFixed(0)} posts/s (target ${RATE}); ${behind} late batch ticks`,
);
console.log(
  `POST spike → socket alert: p50 ${f(percentile(latencies, 50))}, p99 ${f(percentile(latencies, 99))}, max ${f(latencies.at(-1))}`,
);
const ok = missed === 0 && percentile(latencies, 99) <= 1000;
console.log(
  ok ? 'bench:alerts OK (p99 ≤ 1 s)' : 'bench:alerts: target missed (p99 > 1 s or missed spikes)',
);
process.exit(0);

#!/usr/bin/env node
// Dashboard benchmark on the BUILT app (dist/dashboard), with no Spreadwatch server: a stub HTTP server
// serves the bundle and answers the few API calls, and a socket.io server streams alerts.
// Prints: JS sizes (raw and gzipped; the first page's share vs the 350 kB budget), initial load timings
// in Chromium, and the frame rate while N alerts (default 10,000) stream into the inbox.
//   BENCH_ALERTS (10000), BENCH_RATE (alerts per second, 2000), BENCH_PORT (3931)
import { readFile, readdir } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

import { chromium } from 'playwright-core';
import { Server } from 'socket.io';

const DIST = resolve('dist/dashboard');
const PORT = Number(process.env.BENCH_PORT ?? 3931);
const ALERTS = Number(process.env.BENCH_ALERTS ?? 10_000);
const RATE = Number(process.env.BENCH_RATE ?? 2_000);
const BUDGET_KB = 350;
const TYPES = {
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.html': 'text/html',
  '.map': 'application/json',
};

const user = { id: 'u1', username: 'bench', role: 'analyst' };
const t0 = Date.parse('2026-03-01T12:00:00Z');
const makeAlert = (i) => ({
  id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
  fingerprint: `fp${i % 500}`,
  seq: i,
  kind: i % 3 === 0 ? 'coordination' : 'velocity',
  status: 'firing',
  severity: i % 7 === 0 ? 'critical' : 'warning',
  labels: { term: `#bench${i % 200}`, alertname: 'TermVelocity' },
  term: `#bench${i % 200}`,
  score: 10 + (i % 20),
  firedAt: new Date(t0 + i * 1000).toISOString(),
  resolvedAt: null,
  summary: `#bench${i % 200} is spreading fast: ${40 + (i % 60)} posts in 5 min from ${10 + (i % 30)} accounts.`,
  evidence: {
    windowCount: 40 + (i % 60),
    windowMinutes: 5,
    baseline: 0.4,
    uniqueAuthors: 10 + (i % 30),
  },
});

const json = (res, body, status = 200) => {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
};

const api = (req, res) => {
  const url = new URL(req.url, 'http://x');
  if (url.pathname === '/api/auth/me') return json(res, user);
  if (url.pathname === '/api/alerts') return json(res, { items: [], nextCursor: null });
  if (url.pathname === '/api/terms/top') return json(res, []);
  if (url.pathname.startsWith('/api/alerts/'))
    return json(res, { statusCode: 404, error: 'Not Found', message: 'No alert' }, 404);
  return json(
    res,
    { statusCode: 404, error: 'Not Found', message: `Cannot ${req.method} ${url.pathname}` },
    404,
  );
};

const serve = async (req, res) => {
  if (req.url.startsWith('/api/')) return api(req, res);
  const path = req.url.split('?')[0];
  const file = join(DIST, path === '/' || !extname(path) ? 'index.html' : path);
  try {
    const body = await readFile(file);
    res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' });
    res.end(body);
  } catch {
    res.writeHead(404);
    res.end();
  }
};

const sizes = async () => {
  const assets = join(DIST, 'assets');
  const files = (await readdir(assets)).filter((f) => f.endsWith('.js'));
  const out = {};
  for (const f of files) {
    const body = await readFile(join(assets, f));
    out[f] = { raw: body.length, gzip: gzipSync(body, { level: 9 }).length };
  }
  return out;
};

const kb = (bytes) => (bytes / 1024).toFixed(1);

const main = async () => {
  const all = await sizes();
  const http = createServer((req, res) => void serve(req, res));
  const io = new Server(http);
  await new Promise((r) => http.listen(PORT, '127.0.0.1', r));
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-dev-shm-usage',
    ],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const loaded = new Set();
    page.on('response', (r) => {
      const name = new URL(r.url()).pathname.split('/').pop();
      if (name?.endsWith('.js')) loaded.add(name);
    });
    const started = Date.now();
    await page.goto(`http://127.0.0.1:${PORT}/`, { waitUntil: 'load' });
    await page.locator('[data-testid="alert-feed"], .empty-state').first().waitFor();
    const readyMs = Date.now() - started;
    const nav = await page.evaluate(() => {
      const [n] = performance.getEntriesByType('navigation');
      const fcp = performance.getEntriesByName('first-contentful-paint')[0];
      return {
        domContentLoaded: n.domContentLoadedEventEnd,
        load: n.loadEventEnd,
        fcp: fcp?.startTime ?? null,
      };
    });
    const firstPage = [...loaded].filter((f) => all[f] !== undefined);
    const firstGzip = firstPage.reduce((s, f) => s + all[f].gzip, 0);
    const totalGzip = Object.values(all).reduce((s, v) => s + v.gzip, 0);

    // Inbox: count frames while alerts stream in over the socket.
    await page.goto(`http://127.0.0.1:${PORT}/alerts?state=`, { waitUntil: 'load' });
    await page.locator('.inbox-panel').waitFor();
    await page.waitForFunction(() => document.querySelector('.live-status--live') !== null);
    await page.evaluate(() => {
      globalThis.__frames = [];
      const tick = (t) => {
        globalThis.__frames.push(t);
        if (!globalThis.__stop) requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
    const streamStart = Date.now();
    const batch = Math.max(1, Math.round(RATE / 50));
    for (let sent = 1; sent <= ALERTS;) {
      for (let k = 0; k < batch && sent <= ALERTS; k += 1, sent += 1)
        io.emit('alert', makeAlert(sent));
      await new Promise((r) => setTimeout(r, 20));
    }
    await page.waitForFunction(
      (n) => Number(document.querySelector('.inbox-list')?.getAttribute('data-count') ?? 0) >= n,
      ALERTS,
      { timeout: 120_000 },
    );
    const streamMs = Date.now() - streamStart;
    // Scroll while the list is full, then stop counting.
    await page.locator('.inbox-scroll').hover();
    for (let i = 0; i < 20; i += 1) await page.mouse.wheel(0, 2_000);
    const frames = await page.evaluate(() => {
      globalThis.__stop = true;
      const f = globalThis.__frames;
      const gaps = f.slice(1).map((t, i) => t - f[i]);
      gaps.sort((a, b) => a - b);
      return {
        count: f.length,
        spanMs: f.at(-1) - f[0],
        p50: gaps[Math.floor(gaps.length * 0.5)],
        p95: gaps[Math.floor(gaps.length * 0.95)],
        max: gaps.at(-1),
        long: gaps.filter((g) => g > 50).length,
      };
    });
    const domRows = await page.locator('.inbox-list > li').count();

    console.log('Dashboard benchmark (built app, stub API, Chromium headless)');
    console.log(`  JS total: ${Object.keys(all).length} chunks, ${kb(totalGzip)} kB gzipped`);
    console.log(
      `  first page (login + live board): ${firstPage.length} chunks, ${kb(firstGzip)} kB gzipped ` +
        `(budget ${BUDGET_KB} kB: ${firstGzip / 1024 <= BUDGET_KB ? 'OK' : 'OVER'})`,
    );
    for (const f of firstPage.sort((a, b) => all[b].gzip - all[a].gzip)) {
      console.log(
        `    ${f.padEnd(44)} ${kb(all[f].raw).padStart(8)} kB raw ${kb(all[f].gzip).padStart(7)} kB gz`,
      );
    }
    console.log(
      `  initial load: FCP ${nav.fcp?.toFixed(0) ?? '?'} ms, DOMContentLoaded ${nav.domContentLoaded.toFixed(0)} ms, ` +
        `load ${nav.load.toFixed(0)} ms, live board ready ${readyMs} ms`,
    );
    console.log(
      `  inbox stream: ${ALERTS} alerts at ~${RATE}/s arrived in ${(streamMs / 1000).toFixed(1)} s; ` +
        `${(frames.count / (frames.spanMs / 1000)).toFixed(1)} fps over ${(frames.spanMs / 1000).toFixed(1)} s ` +
        `(frame p50 ${frames.p50.toFixed(1)} ms, p95 ${frames.p95.toFixed(1)} ms, max ${frames.max.toFixed(0)} ms, ` +
        `${frames.long} frames > 50 ms); ${domRows} rows in the DOM`,
    );
  } finally {
    await browser.close();
    io.close();
    http.close();
  }
};

main().catch((error) => {
  console.error(`FAIL bench-dashboard: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});

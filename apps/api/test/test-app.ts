import type { AddressInfo } from 'node:net';

import type { NestExpressApplication } from '@nestjs/platform-express';
import type { PostObservation } from '@spreadwatch/contracts';
import { DataSource } from 'typeorm';

import { createApp } from '../src/bootstrap';

export const ADMIN_PASSWORD = 'correct-horse-battery';

export interface TestApp {
  app: NestExpressApplication;
  url: string;
  /** Logs in as admin and returns the Cookie header to send. */
  login(): Promise<string>;
  close(): Promise<void>;
}

/** Empties every table so each test file starts from a fresh installation. */
export async function resetDatabase(): Promise<void> {
  const url = process.env['DATABASE_URL'];
  if (url === undefined) throw new Error('DATABASE_URL is set by test/global-setup.ts');
  const ds = new DataSource({ type: 'postgres', url });
  await ds.initialize();
  try {
    const tables: { exists: boolean }[] = await ds.query(
      `SELECT to_regclass('public.alerts') IS NOT NULL AS exists`,
    );
    if (tables[0]?.exists === true) {
      await ds.query(
        'TRUNCATE observations, term_buckets, alerts, sessions, api_keys, users CASCADE',
      );
      // Alert routing tables (issue #6), when their migration has run.
      const routing: { exists: boolean }[] = await ds.query(
        `SELECT to_regclass('public.notification_log') IS NOT NULL AS exists`,
      );
      if (routing[0]?.exists === true) {
        await ds.query(
          'TRUNCATE alert_activity, alert_outbox, alert_rules, alert_routing_configs, silences, desk_subscriptions, notifications, notification_log',
        );
      }
      await ds.query('ALTER SEQUENCE alert_seq RESTART WITH 1');
      // Watchlists (issue #3): each file starts without any; startTestApp({ WATCHLIST_SEED: 'true' }) seeds.
      const watchlists: { exists: boolean }[] = await ds.query(
        `SELECT to_regclass('public.watchlists') IS NOT NULL AS exists`,
      );
      if (watchlists[0]?.exists === true) await ds.query('TRUNCATE watchlists');
    }
  } finally {
    await ds.destroy();
  }
}

export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const app = await createApp({
    logLevel: 'warn',
    env: {
      NODE_ENV: 'test',
      DATABASE_URL: process.env['DATABASE_URL'],
      SIMULATOR_ENABLED: 'false',
      SPREADWATCH_ADMIN_PASSWORD: ADMIN_PASSWORD,
      // As in production: one connection to the embedded server (see main.ts); a real server gets a pool.
      DB_POOL_SIZE: process.env['SPREADWATCH_TEST_DB'] === 'pglite' ? '1' : '10',
      // Suites written before watchlists expect hashtags only; scoring-detail.e2e-spec turns the seed on.
      WATCHLIST_SEED: 'false',
      ...env,
    },
  });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    app,
    url,
    async login() {
      const res = await fetch(`${url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
      });
      if (res.status !== 200) throw new Error(`login failed: ${res.status}`);
      const cookie = res.headers.get('set-cookie');
      if (cookie === null) throw new Error('login set no cookie');
      return cookie.split(';')[0] ?? '';
    },
    close: () => app.close(),
  };
}

const T0 = Date.parse('2026-03-01T12:00:00Z');

/**
 * A quiet half hour of one steady hashtag, then a brand-new hashtag pushed by many accounts: the shape of a
 * leak-bait campaign. Returns NDJSON.
 */
export function spikeNdjson(opts: { spikeTag?: string; idPrefix?: string } = {}): string {
  const tag = opts.spikeTag ?? 'fullvideolink';
  const prefix = opts.idPrefix ?? 'p';
  const posts: PostObservation[] = [];
  let n = 0;
  const post = (minute: number, second: number, author: string, hashtag: string): void => {
    n += 1;
    posts.push({
      type: 'post',
      source: 'test',
      id: `${prefix}${n}`,
      ts: new Date(T0 + minute * 60_000 + second * 1_000).toISOString(),
      kind: 'post',
      author: { id: author },
      text: `talking about #${hashtag}`,
      hashtags: [hashtag],
    });
  };
  for (let m = 0; m < 30; m += 1) {
    for (let i = 0; i < 5; i += 1) post(m, i * 10, `steady${(m * 5 + i) % 40}`, 'weather');
  }
  for (let m = 30; m < 36; m += 1) {
    for (let i = 0; i < 40; i += 1) post(m, i, `bot${i}`, tag);
    for (let i = 0; i < 5; i += 1) post(m, 30 + i, `steady${i}`, 'weather');
  }
  // Later posts move event time on, so the spike's minutes close and are scored.
  for (let m = 36; m < 40; m += 1) post(m, 0, 'steady1', 'weather');
  return posts.map((p) => JSON.stringify(p)).join('\n');
}

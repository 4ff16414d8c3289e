import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

import type { Observation } from '@spreadwatch/contracts';

import type { ConnectorRuntime } from '../connector';
import { HostLimiter } from '../http/host-limiter';
import { HttpClient, type HttpClientOptions } from '../http/http-client';

/** The recorded fixtures (`../shared/fixtures` next to the repository), or SPREADWATCH_FIXTURES. */
export const FIXTURES =
  process.env['SPREADWATCH_FIXTURES'] ?? resolve(__dirname, '../../../../../shared/fixtures');

export function fixtureDir(source: string): string {
  return join(FIXTURES, source);
}

/** A runtime whose clock only moves when code sleeps; every sleep is recorded and returns at once. */
export class FakeRuntime implements ConnectorRuntime {
  readonly sleeps: number[] = [];
  constructor(
    public t: number,
    private readonly rnd: () => number = () => 0.5,
  ) {}
  now(): number {
    return this.t;
  }
  random(): number {
    return this.rnd();
  }
  async sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    this.t += ms;
    await Promise.resolve();
  }
}

/** An HTTP client for local replay servers: private network allowed, fast defaults overridable. */
export function testClient(
  runtime: ConnectorRuntime,
  options: Partial<HttpClientOptions> = {},
): HttpClient {
  return new HttpClient({
    runtime,
    allowPrivateNetwork: true,
    limiter: new HostLimiter(4),
    timeoutMs: 5_000,
    ...options,
  });
}

/** A compact, stable summary of observations for golden files. */
export function summarize(observations: readonly Observation[], full = 8): unknown {
  const kinds: Record<string, number> = {};
  const tags: Record<string, number> = {};
  for (const o of observations) {
    const k = o.type === 'post' ? `post:${o.kind}` : o.type;
    kinds[k] = (kinds[k] ?? 0) + 1;
    if (o.type === 'post') for (const t of o.hashtags ?? []) tags[t] = (tags[t] ?? 0) + 1;
  }
  const topTags = Object.entries(tags)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, 15);
  return {
    count: observations.length,
    kinds,
    topTags: Object.fromEntries(topTags),
    sha256: createHash('sha256').update(JSON.stringify(observations)).digest('hex'),
    first: observations.slice(0, full),
  };
}

/**
 * Compares `value` with the golden JSON file `<dir>/__goldens__/<name>.json`; writes it when missing or
 * when UPDATE_GOLDENS=1 (then review the diff).
 */
export function golden(dir: string, name: string, value: unknown): unknown {
  const file = join(dir, '__goldens__', `${name}.json`);
  const text = `${JSON.stringify(value, null, 2)}\n`;
  if (process.env['UPDATE_GOLDENS'] === '1' || !existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  return JSON.parse(readFileSync(file, 'utf8')) as unknown;
}

import type { RoutingConfig } from '@spreadwatch/contracts';

import type { TestApp } from './test-app';

export async function api<T = unknown>(
  t: TestApp,
  cookie: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const res = await fetch(`${t.url}/api${path}`, {
    method,
    headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: (text === '' ? null : JSON.parse(text)) as T };
}

/** Desk mail, a signed webhook and a Slack webhook for every velocity alert, grouped per term. */
export function routingTo(hookUrl: string, slackUrl: string, groupWait = 0): RoutingConfig {
  const velocity = [{ name: 'kind', op: '=' as const, value: 'velocity' }];
  return {
    route: {
      receiver: 'dashboard',
      groupBy: ['term'],
      groupWait,
      groupInterval: 1_000,
      repeatInterval: 3_600_000,
      routes: [
        { receiver: 'hook', matchers: velocity, continue: true },
        { receiver: 'chat', matchers: velocity, continue: true },
        { receiver: 'desks', matchers: velocity },
      ],
    },
    inhibitRules: [],
    receivers: [
      {
        name: 'hook',
        type: 'webhook',
        url: hookUrl,
        secret: 'shared-secret-0123456789',
        sendResolved: true,
      },
      { name: 'chat', type: 'slack', url: slackUrl, sendResolved: true },
    ],
  };
}

export const DESK_SUBSCRIPTION = {
  email: 'night@desk.test',
  desk: 'Night desk',
  severities: ['warning', 'critical'],
  mode: 'immediate',
};

export async function until(
  check: () => boolean | Promise<boolean>,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** `spikeNdjson` moved later in event time, so a second spike is scored after the first (not late data). */
export function laterSpike(ndjson: string, offsetHours: number): string {
  return ndjson
    .split('\n')
    .map((line) => {
      const obs = JSON.parse(line) as { ts: string };
      obs.ts = new Date(Date.parse(obs.ts) + offsetHours * 3_600_000).toISOString();
      return JSON.stringify(obs);
    })
    .join('\n');
}

import type { Alert } from '@spreadwatch/contracts';

import type { ProtectedTermMasker } from '../mask';
import {
  type NotificationMessage,
  type Notifier,
  type NotifyResult,
  retryableStatus,
} from '../notifier';

function line(a: Alert): string {
  const icon =
    a.status === 'resolved'
      ? ':white_check_mark:'
      : a.severity === 'critical'
        ? ':red_circle:'
        : ':warning:';
  return `${icon} *${a.severity}* ${a.summary}`;
}

/** Slack-compatible incoming-webhook JSON (`text` + `blocks`); works with Mattermost and Rocket.Chat too. */
export function slackPayload(m: NotificationMessage): Record<string, unknown> {
  const title =
    m.kind === 'silence' && m.silence !== undefined
      ? `Silence ${m.silence.event}: ${m.silence.silence.comment}`
      : `${m.firing.length} firing, ${m.resolved.length} resolved`;
  const lines = [...m.firing, ...m.resolved].map(line);
  return {
    text: `Spreadwatch: ${title}`,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: `Spreadwatch: ${title}`.slice(0, 150) } },
      ...(lines.length === 0
        ? []
        : [{ type: 'section', text: { type: 'mrkdwn', text: lines.join('\n').slice(0, 3000) } }]),
      { type: 'context', elements: [{ type: 'mrkdwn', text: `notification ${m.id}` }] },
    ],
  };
}

export class SlackWebhookNotifier implements Notifier {
  readonly channel = 'slack';

  constructor(
    private readonly url: string,
    private readonly masker: ProtectedTermMasker,
    private readonly timeoutMs = 10_000,
  ) {}

  async notify(message: NotificationMessage): Promise<NotifyResult> {
    const body = this.masker.text(JSON.stringify(slackPayload(message)));
    return postJson(this.url, body, { 'Idempotency-Key': message.id }, this.timeoutMs);
  }
}

/** POSTs JSON and maps the outcome to a NotifyResult (never throws). */
export async function postJson(
  url: string,
  body: string,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<NotifyResult> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'Spreadwatch', ...headers },
      body,
      redirect: 'error',
      signal: AbortSignal.timeout(timeoutMs),
    });
    // Drain so keep-alive sockets are reused.
    await res.arrayBuffer().catch(() => undefined);
    if (res.ok) return { ok: true, info: String(res.status) };
    return { ok: false, retryable: retryableStatus(res.status), error: `HTTP ${res.status}` };
  } catch (err) {
    return { ok: false, retryable: true, error: (err as Error).message };
  }
}

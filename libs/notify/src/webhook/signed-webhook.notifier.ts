import { createHmac, timingSafeEqual } from 'node:crypto';

import type { ProtectedTermMasker } from '../mask';
import type { NotificationMessage, Notifier, NotifyResult } from '../notifier';
import { postJson } from './slack-webhook.notifier';

export const SIGNATURE_HEADER = 'X-Spreadwatch-Signature';
export const TIMESTAMP_HEADER = 'X-Spreadwatch-Timestamp';

/** `sha256=<hex>` of HMAC-SHA256(secret, `${timestamp}.${body}`): the timestamp in the MAC stops replays. */
export function signPayload(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** Receiver-side check, constant time; exported for integrators' tests and ours. */
export function verifySignature(
  secret: string,
  timestamp: string,
  body: string,
  signature: string,
): boolean {
  const expected = Buffer.from(signPayload(secret, timestamp, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** The generic webhook body: versioned, with the notification id receivers deduplicate on. */
export function webhookPayload(m: NotificationMessage): Record<string, unknown> {
  return {
    version: '1',
    id: m.id,
    kind: m.kind,
    createdAt: m.createdAt,
    receiver: m.receiver,
    groupKey: m.groupKey ?? null,
    groupLabels: m.groupLabels ?? {},
    status: m.firing.length > 0 ? 'firing' : 'resolved',
    firing: m.firing,
    resolved: m.resolved,
    ...(m.silence === undefined ? {} : { silence: m.silence }),
  };
}

/** Generic JSON webhook signed with an HMAC header; `Idempotency-Key` carries the notification id. */
export class SignedWebhookNotifier implements Notifier {
  readonly channel = 'webhook';

  constructor(
    private readonly url: string,
    private readonly secret: string | undefined,
    private readonly masker: ProtectedTermMasker,
    private readonly now: () => number,
    private readonly timeoutMs = 10_000,
  ) {}

  async notify(message: NotificationMessage): Promise<NotifyResult> {
    // Masked as text over the whole body: terms also appear in group keys and labels.
    const body = this.masker.text(JSON.stringify(webhookPayload(message)));
    const timestamp = String(Math.floor(this.now() / 1000));
    const headers: Record<string, string> = {
      'Idempotency-Key': message.id,
      [TIMESTAMP_HEADER]: timestamp,
    };
    if (this.secret !== undefined)
      headers[SIGNATURE_HEADER] = signPayload(this.secret, timestamp, body);
    return postJson(this.url, body, headers, this.timeoutMs);
  }
}

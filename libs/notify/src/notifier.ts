import type { Alert, SilenceView } from '@spreadwatch/contracts';

/** What one delivery carries. `id` is the idempotency key: the same id is never meant to arrive twice. */
export interface NotificationMessage {
  id: string;
  /** `alerts`: a group flush or immediate desk mail; `digest`: several flushes; `silence`: a notice. */
  kind: 'alerts' | 'digest' | 'silence';
  /** ISO time the notification was decided. */
  createdAt: string;
  receiver: string;
  groupKey?: string;
  groupLabels?: Record<string, string>;
  firing: Alert[];
  resolved: Alert[];
  /** For `silence` notices. */
  silence?: { event: 'created' | 'expired'; reason?: string; silence: SilenceView };
  /** Desk name for mails. */
  desk?: string;
  /** Where to see the alert (dashboard link). */
  dashboardUrl?: string;
  /** Email recipient, for email deliveries. */
  to?: string;
  /** RFC 8058 one-click unsubscribe URL, for email deliveries. */
  unsubscribeUrl?: string;
}

/** How a delivery went: retryable failures are tried again with backoff, others are given up. */
export type NotifyResult =
  { ok: true; info?: string } | { ok: false; retryable: boolean; error: string };

/** One channel (email, Slack, signed webhook); implementations never throw, they return a result. */
export interface Notifier {
  readonly channel: string;
  notify(message: NotificationMessage): Promise<NotifyResult>;
}

/** HTTP status → retryable: throttling and server errors are worth another try, client errors are not. */
export function retryableStatus(status: number): boolean {
  return status === 408 || status === 425 || status === 429 || status >= 500;
}

import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  backoffDelayMs,
  EmailNotifier,
  type NotificationMessage,
  type Notifier,
  type NotifyResult,
  type ProtectedTermMasker,
  SignedWebhookNotifier,
  SlackWebhookNotifier,
} from '@spreadwatch/notify';
import { DataSource } from 'typeorm';

import type { Env } from '../../config/env.validation';
import { ProtectedTermsService } from '../../watchlists/protected-terms.service';
import { AlertConfigService } from '../routing/alert-config.service';
import { AlertDispatchService } from './alert-dispatch.service';

/** Attempts before a notification is given up as failed (with 5 s base that spans about 3 hours). */
const MAX_ATTEMPTS = 12;
const CLAIM_BATCH = 20;
/** A claimed row is retried by anyone after this long, should its sender die mid-send. */
const LEASE_SECONDS = 60;

interface ClaimedRow {
  id: string;
  receiver: string;
  channel: string;
  target: string;
  payload: NotificationMessage;
  attempts: number;
}

/**
 * Sends due notification rows. A row is claimed with a lease (so a crash mid-send only delays it), sent,
 * then marked sent; failures retry with exponential backoff. The row id is the Message-ID / Idempotency-Key,
 * so the one case that can send twice (sent, then killed before marking) is recognisable by receivers.
 */
@Injectable()
export class NotificationDeliveryWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(NotificationDeliveryWorker.name);
  private readonly masker: ProtectedTermMasker;
  private readonly email: EmailNotifier | null;
  private readonly pollMs: number;
  private readonly retryBaseMs: number;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AlertConfigService,
    dispatch: AlertDispatchService,
    env: ConfigService<Env, true>,
    private readonly protection: ProtectedTermsService,
  ) {
    this.pollMs = env.get('DELIVERY_POLL_MS', { infer: true });
    this.retryBaseMs = env.get('DELIVERY_RETRY_BASE_MS', { infer: true });
    // PROTECTED_TERMS plus protected watchlist terms, kept current by the provider.
    this.masker = protection.masker;
    const url = env.get('SMTP_URL', { infer: true });
    const host = env.get('SMTP_HOST', { infer: true });
    const user = env.get('SMTP_USER', { infer: true });
    const pass = env.get('SMTP_PASS', { infer: true });
    const transport =
      url ??
      (host === undefined
        ? undefined
        : {
            host,
            port: env.get('SMTP_PORT', { infer: true }),
            ...(user === undefined ? {} : { auth: { user, pass: pass ?? '' } }),
          });
    this.email =
      transport === undefined
        ? null
        : new EmailNotifier({
            transport,
            from: env.get('SMTP_FROM', { infer: true }),
            masker: this.masker,
            messageIdDomain: new URL(env.get('PUBLIC_URL', { infer: true })).hostname,
          });
    dispatch.onQueued = () => this.wake();
  }

  onApplicationBootstrap(): void {
    this.wake();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.timer !== null) clearTimeout(this.timer);
    // Let a cycle in flight finish before the pool closes under it.
    await this.idle();
    this.email?.close();
  }

  wake(): void {
    if (this.stopped) return;
    if (this.running !== null) {
      this.again = true;
      return;
    }
    this.schedule(0);
  }

  async idle(): Promise<void> {
    while (this.running !== null) await this.running;
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.running = this.cycle()
        .catch((err: unknown) =>
          this.logger.error(`Delivery cycle failed: ${(err as Error).message}`),
        )
        .finally(() => {
          this.running = null;
          const more = this.again;
          this.again = false;
          this.schedule(more ? 0 : this.pollMs);
        });
    }, delay);
  }

  private async cycle(): Promise<void> {
    for (;;) {
      const rows = await this.claim();
      if (rows.length === 0) return;
      // Terms marked protected on another node within the last 30 s are picked up before sending.
      await this.protection.fresh();
      await Promise.all(rows.map((r) => this.deliver(r)));
      if (rows.length < CLAIM_BATCH || this.stopped) return;
    }
  }

  private async claim(): Promise<ClaimedRow[]> {
    const result: unknown = await this.db.query(
      `UPDATE notifications SET attempts = attempts + 1, next_attempt_at = now() + interval '${LEASE_SECONDS} seconds'
       WHERE id IN (SELECT id FROM notifications WHERE status = 'pending' AND next_attempt_at <= now()
                    ORDER BY next_attempt_at LIMIT ${CLAIM_BATCH} FOR UPDATE SKIP LOCKED)
       RETURNING id, receiver, channel, target, payload, attempts`,
    );
    // pg returns [rows, count] for UPDATE … RETURNING through TypeORM.
    const rows = (
      Array.isArray(result) && Array.isArray(result[0]) ? result[0] : result
    ) as ClaimedRow[];
    return rows;
  }

  private async deliver(row: ClaimedRow): Promise<void> {
    const notifier = this.notifierFor(row);
    const result: NotifyResult =
      notifier === null
        ? { ok: false, retryable: false, error: `no notifier for ${row.channel} ${row.receiver}` }
        : await notifier.notify(row.payload);
    if (result.ok) {
      await this.db.query(
        `UPDATE notifications SET status = 'sent', sent_at = now(), last_error = NULL WHERE id = $1`,
        [row.id],
      );
      return;
    }
    if (result.retryable && row.attempts < MAX_ATTEMPTS) {
      const delay = backoffDelayMs(row.attempts, this.retryBaseMs);
      await this.db.query(
        `UPDATE notifications SET next_attempt_at = now() + ($2::text || ' milliseconds')::interval, last_error = $3 WHERE id = $1`,
        [row.id, String(delay), result.error],
      );
      return;
    }
    this.logger.warn(`Notification ${row.id} to ${row.receiver} failed for good: ${result.error}`);
    await this.db.query(
      `UPDATE notifications SET status = 'failed', last_error = $2 WHERE id = $1`,
      [row.id, result.error],
    );
  }

  private notifierFor(row: ClaimedRow): Notifier | null {
    switch (row.channel) {
      case 'email':
        return this.email;
      case 'slack':
        return new SlackWebhookNotifier(row.target, this.masker);
      case 'webhook':
        return new SignedWebhookNotifier(
          row.target,
          this.config.receiver(row.receiver)?.secret,
          this.masker,
          () => Date.now(),
        );
      default:
        return null;
    }
  }
}

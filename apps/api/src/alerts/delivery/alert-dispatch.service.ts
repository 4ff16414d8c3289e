import { createHash } from 'node:crypto';

import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  DedupStage,
  deliverAfterQuietHours,
  Dispatcher,
  type FlushResult,
  type GroupNotification,
  InMemoryNotificationLog,
  MuteStage,
  routingLabels,
  type SilenceExpiry,
  subscriptionWants,
} from '@spreadwatch/alerting';
import type { Alert, SilenceNotice, SilenceView } from '@spreadwatch/contracts';
import type { NotificationMessage } from '@spreadwatch/notify';
import { systemClock } from '@spreadwatch/scoring';
import { DataSource, type EntityManager, In, IsNull } from 'typeorm';

import type { Env } from '../../config/env.validation';
import { LiveEvents } from '../../realtime/live-events';
import { AlertOutboxEntity } from '../alert-outbox.entity';
import { AlertEntity } from '../alert.entity';
import { toAlert } from '../alerts.service';
import { AlertConfigService } from '../routing/alert-config.service';
import type { DeskSubscriptionEntity } from '../routing/desk-subscription.entity';
import { NotificationLogEntity } from './notification-log.entity';
import { NotificationEntity, type NotificationStatus } from './notification.entity';

const OUTBOX_BATCH = 500;

/**
 * Runs the pure dispatcher live: consumes the alert outbox, lets the dispatcher group, wait, mute and dedup,
 * and writes what must be sent as notification rows (plus the notification log) in one transaction; the
 * delivery worker sends them. After a restart it re-reads firing alerts, unprocessed outbox rows and the
 * notification log, so nothing committed is lost and nothing already sent goes out again.
 */
@Injectable()
export class AlertDispatchService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(AlertDispatchService.name);
  private readonly nflog = new InMemoryNotificationLog();
  private readonly dispatcher: Dispatcher;
  private readonly firing = new Map<string, Record<string, string>>();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private readonly pollMs: number;
  private readonly publicUrl: string;
  private readonly unsubscribe: (() => void)[] = [];
  /** Called after notification rows were written (the worker wakes up). */
  onQueued: () => void = () => undefined;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AlertConfigService,
    private readonly events: LiveEvents,
    env: ConfigService<Env, true>,
  ) {
    this.pollMs = env.get('DELIVERY_POLL_MS', { infer: true });
    this.publicUrl = env.get('PUBLIC_URL', { infer: true }).replace(/\/$/, '');
    const inhibitor = {
      mutes: (s: Parameters<ReturnType<AlertConfigService['inhibitorNow']>['mutes']>[0]) =>
        this.config.inhibitorNow().mutes(s),
    };
    this.dispatcher = new Dispatcher({
      tree: config.routingTree(),
      clock: systemClock,
      stages: () => [
        new MuteStage(inhibitor, 'inhibited'),
        new MuteStage(config.silences, 'silenced'),
        new DedupStage(this.nflog),
      ],
      receiverOptions: (name) => ({ sendResolved: config.receiver(name)?.sendResolved ?? true }),
    });
    config.onRoutingChange(() => {
      this.dispatcher.setTree(config.routingTree());
      const inh = config.inhibitorNow();
      for (const [fp, labels] of this.firing) inh.observe(fp, labels, true);
      this.wake();
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    const announced = new Set<string>();
    for (const row of await this.db.getRepository(NotificationLogEntity).find()) {
      this.nflog.set(row.receiver, row.groupKey, {
        firing: row.firing,
        resolved: row.resolved,
        sentAt: row.sentAt.getTime(),
      });
      for (const fp of row.firing) announced.add(fp);
    }
    // Groups live in memory: rebuild them from what is firing; the log keeps already-sent ones quiet.
    const alerts = this.db.getRepository(AlertEntity);
    const firing = await alerts.find({ where: { status: 'firing' }, order: { seq: 'ASC' } });
    for (const e of firing) this.receive(toAlert(e));
    // A resolution taken from the outbox but not yet sent when the process died: the log still announces
    // the alert as firing. Feeding its resolved state again lets the dedup stage send exactly what is owed.
    const stillFiring = new Set(firing.map((e) => e.fingerprint));
    const owed = [...announced].filter((fp) => !stillFiring.has(fp));
    if (owed.length > 0) {
      const resolved = await alerts.find({
        where: { fingerprint: In(owed), status: 'resolved' },
        order: { seq: 'ASC' },
      });
      const newest = new Map<string, AlertEntity>();
      for (const e of resolved) newest.set(e.fingerprint, e);
      for (const e of newest.values()) this.receive(toAlert(e), true);
    }
    this.unsubscribe.push(this.events.on('alert', () => this.wake()));
    this.wake();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.timer !== null) clearTimeout(this.timer);
    // Let a cycle in flight finish before the pool closes under it.
    await this.idle();
    for (const off of this.unsubscribe) off();
  }

  /** Runs a cycle soon (coalesced); used after commits and config changes. */
  wake(): void {
    if (this.stopped) return;
    if (this.running !== null) {
      this.again = true;
      return;
    }
    this.schedule(0);
  }

  /** Waits for the cycle in progress (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running !== null) await this.running;
  }

  /** A silence was created over REST: tell subscribers and sockets. */
  async silenceCreated(silence: SilenceView): Promise<void> {
    await this.notice({ event: 'created', silence });
    this.wake();
  }

  /** A user expired a silence over REST. */
  async silenceExpiredByUser(id: string): Promise<SilenceView | null> {
    const expiry = this.config.silences.expire(id, systemClock.now());
    if (expiry === null) return null;
    const views = await this.persistExpiries([expiry]);
    this.wake();
    return views[0] ?? null;
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.running = this.cycle()
        .catch((err: unknown) =>
          this.logger.error(`Dispatch cycle failed: ${(err as Error).message}`),
        )
        .finally(() => {
          this.running = null;
          if (this.again) {
            this.again = false;
            this.schedule(0);
            return;
          }
          const next = this.dispatcher.nextFlushAt();
          const now = systemClock.now();
          this.schedule(
            Math.max(0, Math.min(this.pollMs * 4, next === null ? Infinity : next - now)),
          );
        });
    }, delay);
  }

  private async cycle(): Promise<void> {
    const expiries: SilenceExpiry[] = [];
    const outbox = this.db.getRepository(AlertOutboxEntity);
    for (;;) {
      const rows = await outbox.find({
        where: { processedAt: IsNull() },
        order: { id: 'ASC' },
        take: OUTBOX_BATCH,
      });
      if (rows.length === 0) break;
      for (const row of rows) {
        const resolvedNow = this.receive(row.alert);
        if (resolvedNow !== null) {
          expiries.push(
            ...this.config.silences.onResolved(
              resolvedNow,
              [...this.firing.values()],
              systemClock.now(),
            ),
          );
        }
      }
      await outbox.update({ id: In(rows.map((r) => r.id)) }, { processedAt: new Date() });
      if (rows.length < OUTBOX_BATCH) break;
    }
    expiries.push(...this.config.silences.expireDue(systemClock.now()));
    if (expiries.length > 0) await this.persistExpiries(expiries);
    const flush = this.dispatcher.flushDue();
    if (flush.notifications.length > 0 || flush.log.length > 0) await this.persistFlush(flush);
    await this.buildDigests();
  }

  /** Feeds one alert change; returns its labels if it resolved (for expire-when-resolved silences). */
  private receive(alert: Alert, owedResolution = false): Record<string, string> | null {
    const labels = routingLabels(alert);
    const isFiring = alert.status === 'firing';
    if (isFiring) this.firing.set(alert.fingerprint, labels);
    else this.firing.delete(alert.fingerprint);
    this.config.inhibitorNow().observe(alert.fingerprint, labels, isFiring);
    this.dispatcher.receive(
      alert,
      alert.lifecycle !== undefined && alert.lifecycle.state !== 'firing',
      owedResolution,
    );
    return isFiring ? null : labels;
  }

  private async persistExpiries(expiries: readonly SilenceExpiry[]): Promise<SilenceView[]> {
    const views: SilenceView[] = [];
    for (const e of expiries) {
      const view = await this.config.markExpired(e.silence.id, e.at, e.reason);
      if (view === null) continue;
      views.push(view);
      await this.notice({ event: 'expired', silence: view }, e.reason);
    }
    return views;
  }

  /** Silence notices: live to sockets, and a mail to every active desk subscription (#730). */
  private async notice(notice: SilenceNotice, reason?: string): Promise<void> {
    this.events.emit('silence', notice);
    const now = systemClock.now();
    const subs = await this.config.activeSubscriptions();
    const rows = subs.map((sub) =>
      this.row(
        sub,
        now,
        {
          id: idOf('silence', notice.event, notice.silence.id, sub.id),
          kind: 'silence',
          createdAt: new Date(now).toISOString(),
          receiver: 'desks',
          firing: [],
          resolved: [],
          silence: {
            event: notice.event,
            ...(reason === undefined ? {} : { reason }),
            silence: notice.silence,
          },
        },
        'pending',
      ),
    );
    if (rows.length === 0) return;
    await insertNotifications(this.db.manager, rows);
    this.onQueued();
  }

  private async persistFlush(flush: FlushResult): Promise<void> {
    const subs = flush.notifications.some((n) => n.receiver === 'desks')
      ? await this.config.activeSubscriptions()
      : [];
    const rows: NewNotification[] = [];
    for (const n of flush.notifications) rows.push(...this.rowsFor(n, subs));
    await this.db.transaction(async (manager: EntityManager) => {
      if (rows.length > 0) {
        await insertNotifications(manager, rows);
      }
      for (const w of flush.log) {
        await manager.getRepository(NotificationLogEntity).upsert(
          {
            receiver: w.receiver,
            groupKey: w.groupKey,
            firing: w.entry.firing,
            resolved: w.entry.resolved,
            sentAt: new Date(w.entry.sentAt),
          },
          ['receiver', 'groupKey'],
        );
      }
    });
    if (rows.length > 0) this.onQueued();
  }

  private rowsFor(
    n: GroupNotification,
    subs: readonly DeskSubscriptionEntity[],
  ): NewNotification[] {
    const base = {
      kind: 'alerts' as const,
      createdAt: new Date(n.at).toISOString(),
      receiver: n.receiver,
      groupKey: n.groupKey,
      groupLabels: n.groupLabels,
      dashboardUrl: `${this.publicUrl}/`,
    };
    if (n.receiver === 'dashboard') return [];
    if (n.receiver === 'desks') {
      const out: NewNotification[] = [];
      for (const sub of subs) {
        const firing = n.firing.filter((a) => subscriptionWants(sub.definition, a));
        const resolved = n.resolved.filter((a) => subscriptionWants(sub.definition, a));
        if (firing.length + resolved.length === 0) continue;
        const message: NotificationMessage = {
          ...base,
          id: idOf('desk', n.receiver, n.groupKey, String(n.at), sub.id),
          firing,
          resolved,
        };
        out.push(
          this.row(sub, n.at, message, sub.definition.mode === 'digest' ? 'held' : 'pending'),
        );
      }
      return out;
    }
    const receiver = this.config.receiver(n.receiver);
    if (receiver === undefined || receiver.url === undefined) {
      this.logger.warn(`No receiver ${n.receiver}; notification dropped`);
      return [];
    }
    const message: NotificationMessage = {
      ...base,
      id: idOf('hook', n.receiver, n.groupKey, String(n.at)),
      firing: n.firing,
      resolved: n.resolved,
    };
    return [
      {
        id: message.id,
        receiver: n.receiver,
        channel: receiver.type,
        target: receiver.url,
        subscriptionId: null,
        payload: message,
        status: 'pending',
        nextAttemptAt: new Date(n.at),
      },
    ];
  }

  private row(
    sub: DeskSubscriptionEntity,
    now: number,
    message: NotificationMessage,
    status: NotificationStatus,
  ): NewNotification {
    const payload: NotificationMessage = {
      ...message,
      desk: sub.definition.desk,
      to: sub.email,
      unsubscribeUrl: `${this.publicUrl}/api/alerting/unsubscribe?token=${sub.unsubscribeToken}`,
    };
    return {
      id: message.id,
      receiver: 'desks',
      channel: 'email',
      target: sub.email,
      subscriptionId: sub.id,
      payload,
      status,
      // Quiet hours hold a mail until they end, in the desk's own time zone.
      nextAttemptAt: new Date(deliverAfterQuietHours(sub.definition, now)),
    };
  }

  /** Digest subscriptions: held mails are merged into one every `digestMinutes`, outside quiet hours. */
  private async buildDigests(): Promise<void> {
    const repo = this.db.getRepository(NotificationEntity);
    const held = await repo.find({ where: { status: 'held' }, order: { createdAt: 'ASC' } });
    if (held.length === 0) return;
    const subs = new Map((await this.config.activeSubscriptions()).map((s) => [s.id, s]));
    const bySub = new Map<string, NotificationEntity[]>();
    for (const h of held) {
      if (h.subscriptionId === null) continue;
      const list = bySub.get(h.subscriptionId) ?? [];
      list.push(h);
      bySub.set(h.subscriptionId, list);
    }
    const now = systemClock.now();
    for (const [subId, items] of bySub) {
      const sub = subs.get(subId);
      if (sub === undefined) {
        await repo.update({ id: In(items.map((i) => i.id)) }, { status: 'digested' });
        continue;
      }
      const windowStart = sub.lastDigestAt?.getTime() ?? items[0]?.createdAt.getTime() ?? now;
      if (now < windowStart + sub.definition.digestMinutes * 60_000) continue;
      if (deliverAfterQuietHours(sub.definition, now) > now) continue;
      const latest = new Map<string, Alert>();
      for (const item of items) {
        for (const a of [...item.payload.firing, ...item.payload.resolved]) {
          const prev = latest.get(a.id);
          if (prev === undefined || prev.seq < a.seq) latest.set(a.id, a);
        }
      }
      const alerts = [...latest.values()];
      const message: NotificationMessage = {
        id: idOf('digest', subId, ...items.map((i) => i.id)),
        kind: 'digest',
        createdAt: new Date(now).toISOString(),
        receiver: 'desks',
        firing: alerts.filter((a) => a.status === 'firing'),
        resolved: alerts.filter((a) => a.status === 'resolved'),
        dashboardUrl: `${this.publicUrl}/`,
      };
      const row = this.row(sub, now, message, 'pending');
      await this.db.transaction(async (m) => {
        await insertNotifications(m, [row]);
        await m
          .getRepository(NotificationEntity)
          .update({ id: In(items.map((i) => i.id)) }, { status: 'digested' });
        await this.config.markDigestSent(subId, new Date(now));
      });
      this.onQueued();
    }
  }
}

/** Deterministic notification ids: the same decision always has the same idempotency key. */
function idOf(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32);
}

/** A notification row to insert. */
interface NewNotification {
  id: string;
  receiver: string;
  channel: string;
  target: string;
  subscriptionId: string | null;
  payload: NotificationMessage;
  status: NotificationStatus;
  nextAttemptAt: Date;
}

/** Inserts rows once: a decision replayed after a restart has the same id and is skipped. */
async function insertNotifications(
  manager: EntityManager,
  rows: readonly NewNotification[],
): Promise<void> {
  for (const r of rows) {
    await manager.query(
      `INSERT INTO notifications (id, receiver, channel, target, subscription_id, payload, status, next_attempt_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (id) DO NOTHING`,
      [
        r.id,
        r.receiver,
        r.channel,
        r.target,
        r.subscriptionId,
        JSON.stringify(r.payload),
        r.status,
        r.nextAttemptAt,
      ],
    );
  }
}

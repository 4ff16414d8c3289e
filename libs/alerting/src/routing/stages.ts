import type { Alert } from '@spreadwatch/contracts';

import type { Muter } from './silences';

/** One alert inside the dispatcher: the full alert plus what routing and muting look at. */
export interface DispatchAlert {
  fingerprint: string;
  /** Routing labels (alert labels + severity, kind, term). */
  labels: Readonly<Record<string, string>>;
  status: 'firing' | 'resolved';
  /** Someone acknowledged, assigned or resolved it by hand (Alertmanager #1860). */
  acknowledged: boolean;
  alert: Alert;
}

/** What the notification log remembers per (receiver, group): the sets last sent and when. */
export interface NotificationLogEntry {
  firing: string[];
  resolved: string[];
  /** ms since epoch. */
  sentAt: number;
}

/** The notification log port (Alertmanager's nflog): in memory for tests and replay, a table in the API. */
export interface NotificationLog {
  get(receiver: string, groupKey: string): NotificationLogEntry | undefined;
  set(receiver: string, groupKey: string, entry: NotificationLogEntry): void;
}

export class InMemoryNotificationLog implements NotificationLog {
  private readonly entries = new Map<string, NotificationLogEntry>();

  get(receiver: string, groupKey: string): NotificationLogEntry | undefined {
    return this.entries.get(`${receiver}\u0000${groupKey}`);
  }

  set(receiver: string, groupKey: string, entry: NotificationLogEntry): void {
    this.entries.set(`${receiver}\u0000${groupKey}`, entry);
  }
}

export type MuteReason = 'silenced' | 'inhibited';

/** State one flush carries through the stages. */
export interface StageContext {
  readonly receiver: string;
  readonly groupKey: string;
  readonly now: number;
  readonly repeatInterval: number;
  readonly sendResolved: boolean;
  /** Alerts a mute stage removed, by reason. */
  readonly muted: { fingerprint: string; reason: MuteReason }[];
  /** Set by the dedup stage: whether the notification only repeats an unchanged state. */
  repeat: boolean;
  /** Set by the dedup stage when the log must change (sent, or muted alerts forgotten). */
  logEntry: NotificationLogEntry | null;
  /** Set by the dedup stage: some firing alert is not acknowledged (only those earn repeats). */
  unacknowledgedFiring: boolean;
}

/** One step of the notification pipeline; returns the alerts that go on (empty stops the flush). */
export interface Stage {
  readonly name: string;
  exec(ctx: StageContext, alerts: readonly DispatchAlert[]): DispatchAlert[];
}

/** Drops alerts a muter mutes and records why. */
export class MuteStage implements Stage {
  readonly name: string;

  constructor(
    private readonly muter: Muter,
    private readonly reason: MuteReason,
  ) {
    this.name = `mute:${reason}`;
  }

  exec(ctx: StageContext, alerts: readonly DispatchAlert[]): DispatchAlert[] {
    const out: DispatchAlert[] = [];
    for (const a of alerts) {
      if (this.muter.mutes(a, ctx.now))
        ctx.muted.push({ fingerprint: a.fingerprint, reason: this.reason });
      else out.push(a);
    }
    return out;
  }
}

/**
 * Sends only when something changed since the last notification of this group to this receiver, or when
 * `repeatInterval` has passed (Alertmanager's dedup stage). Alerts muted now are forgotten from the log, so
 * a silence that ends makes its alerts go out again (Alertmanager #2896). Acknowledged alerts never trigger
 * a repeat (Alertmanager #1860): a group of only acknowledged alerts stays quiet until something changes.
 */
export class DedupStage implements Stage {
  readonly name = 'dedup';

  constructor(private readonly log: NotificationLog) {}

  exec(ctx: StageContext, alerts: readonly DispatchAlert[]): DispatchAlert[] {
    const firing = alerts.filter((a) => a.status === 'firing').map((a) => a.fingerprint);
    const resolved = alerts.filter((a) => a.status === 'resolved').map((a) => a.fingerprint);
    let prev = this.log.get(ctx.receiver, ctx.groupKey);
    if (prev !== undefined && ctx.muted.length > 0) {
      const muted = new Set(ctx.muted.map((m) => m.fingerprint));
      const kept = prev.firing.filter((fp) => !muted.has(fp));
      if (kept.length !== prev.firing.length) {
        prev = { ...prev, firing: kept };
        ctx.logEntry = prev;
        this.log.set(ctx.receiver, ctx.groupKey, prev);
      }
    }
    ctx.unacknowledgedFiring = alerts.some((a) => a.status === 'firing' && !a.acknowledged);
    if (!needsUpdate(prev, firing, resolved, ctx)) return [];
    ctx.repeat =
      prev !== undefined &&
      isSubset(firing, prev.firing) &&
      (!ctx.sendResolved || isSubset(resolved, prev.resolved)) &&
      firing.length > 0;
    ctx.logEntry = { firing, resolved, sentAt: ctx.now };
    // Written when decided; the API persists the same entry with the notification rows of this flush.
    this.log.set(ctx.receiver, ctx.groupKey, ctx.logEntry);
    return [...alerts];
  }
}

function needsUpdate(
  prev: NotificationLogEntry | undefined,
  firing: readonly string[],
  resolved: readonly string[],
  ctx: StageContext,
): boolean {
  if (prev === undefined) return firing.length > 0;
  if (!isSubset(firing, prev.firing)) return true;
  // Everything resolved: tell whoever was told it fired.
  if (firing.length === 0) return prev.firing.length > 0;
  if (ctx.sendResolved && !isSubset(resolved, prev.resolved)) return true;
  if (!ctx.unacknowledgedFiring) return false;
  return ctx.now - prev.sentAt >= ctx.repeatInterval;
}

function isSubset(items: readonly string[], of: readonly string[]): boolean {
  if (items.length === 0) return true;
  const set = new Set(of);
  return items.every((x) => set.has(x));
}

/**
 * Runs stages in order. Every stage runs even when an earlier one muted everything: the dedup stage must
 * still forget muted alerts from the log so they go out again once unmuted.
 */
export function runStages(
  stages: readonly Stage[],
  ctx: StageContext,
  alerts: readonly DispatchAlert[],
): DispatchAlert[] {
  let current = [...alerts];
  for (const stage of stages) current = stage.exec(ctx, current);
  return current;
}

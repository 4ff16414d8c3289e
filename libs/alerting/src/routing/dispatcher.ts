import type { Alert } from '@spreadwatch/contracts';
import type { Clock } from '@spreadwatch/scoring';

import type { ResolvedRoute, RoutingTree } from './routing-tree';
import { routingLabels } from './routing-tree';
import {
  type DispatchAlert,
  type MuteReason,
  type NotificationLogEntry,
  runStages,
  type Stage,
  type StageContext,
} from './stages';

/** A notification the pipeline decided to send: one receiver, one group, its alerts at flush time. */
export interface GroupNotification {
  receiver: string;
  routeId: string;
  groupKey: string;
  groupLabels: Record<string, string>;
  /** ms since epoch (the dispatcher's clock). */
  at: number;
  firing: Alert[];
  /** Empty when the receiver does not want resolutions. */
  resolved: Alert[];
  /** Nothing changed since the last notification; this is a `repeatInterval` reminder. */
  repeat: boolean;
}

/** A notification-log change to persist with the notifications of the same flush. */
export interface LogWrite {
  receiver: string;
  groupKey: string;
  entry: NotificationLogEntry;
}

export interface FlushResult {
  notifications: GroupNotification[];
  log: LogWrite[];
  muted: { receiver: string; groupKey: string; fingerprint: string; reason: MuteReason }[];
}

export interface ReceiverOptions {
  sendResolved: boolean;
}

export interface DispatcherOptions {
  tree: RoutingTree;
  clock: Clock;
  /** Stages run on every flush, per receiver (mute, dedup, …). */
  stages: (receiver: string) => readonly Stage[];
  receiverOptions?: (receiver: string) => ReceiverOptions;
}

interface Group {
  key: string;
  route: ResolvedRoute;
  labels: Record<string, string>;
  alerts: Map<string, DispatchAlert>;
  nextFlushAt: number;
  flushed: boolean;
}

/**
 * Alertmanager's dispatcher over an injected clock: alerts are routed, gathered in aggregation groups per
 * (route, group_by values), first flushed `groupWait` after the group appears, then every `groupInterval`;
 * each flush runs the stages (mutes, dedup against the notification log, so repeats wait `repeatInterval`).
 * Nothing runs by itself: the caller asks {@link nextFlushAt} and calls {@link flushDue} when it is time.
 */
export class Dispatcher {
  private tree: RoutingTree;
  private readonly groups = new Map<string, Group>();

  constructor(private readonly options: DispatcherOptions) {
    this.tree = options.tree;
  }

  /** Routes an alert change into its groups (creating them, which starts their `groupWait`). */
  /**
   * Feeds one alert change. `owedResolution` marks a resolution the notification log still owes (recovery
   * after a crash): it opens a group even though none exists, so the dedup stage can decide what to send.
   */
  receive(
    alert: Alert,
    acknowledged = alert.lifecycle !== undefined && alert.lifecycle.state !== 'firing',
    owedResolution = false,
  ): void {
    const labels = routingLabels(alert);
    const item: DispatchAlert = {
      fingerprint: alert.fingerprint,
      labels,
      status: alert.status,
      acknowledged,
      alert,
    };
    const now = this.options.clock.now();
    for (const route of this.tree.match(labels)) {
      const groupLabels = pickGroupLabels(route, labels);
      const key = `${route.id}:${stableKey(groupLabels)}`;
      let group = this.groups.get(key);
      if (group === undefined) {
        // A resolution for a group that no longer exists has nothing to tell anyone.
        if (item.status === 'resolved' && !owedResolution) continue;
        group = {
          key,
          route,
          labels: groupLabels,
          alerts: new Map(),
          nextFlushAt: now + route.groupWait,
          flushed: false,
        };
        this.groups.set(key, group);
      }
      group.alerts.set(alert.fingerprint, item);
    }
  }

  /** Replaces the routing tree: current alerts are regrouped, and new groups wait their `groupWait`. */
  setTree(tree: RoutingTree): void {
    const alerts = new Map<string, DispatchAlert>();
    for (const g of this.groups.values()) for (const [fp, a] of g.alerts) alerts.set(fp, a);
    this.tree = tree;
    this.groups.clear();
    for (const a of alerts.values()) this.receive(a.alert, a.acknowledged);
  }

  /** The earliest time a group is due, or null when there are no groups. */
  nextFlushAt(): number | null {
    let next: number | null = null;
    for (const g of this.groups.values())
      if (next === null || g.nextFlushAt < next) next = g.nextFlushAt;
    return next;
  }

  /** Flushes every group due at the clock's now, in due order. */
  flushDue(): FlushResult {
    const now = this.options.clock.now();
    const result: FlushResult = { notifications: [], log: [], muted: [] };
    const due = [...this.groups.values()]
      .filter((g) => g.nextFlushAt <= now)
      .sort((a, b) => a.nextFlushAt - b.nextFlushAt || a.key.localeCompare(b.key));
    for (const group of due) this.flush(group, now, result);
    return result;
  }

  /** Groups and their alerts, for inspection (API status, tests). */
  snapshot(): { key: string; receiver: string; nextFlushAt: number; fingerprints: string[] }[] {
    return [...this.groups.values()].map((g) => ({
      key: g.key,
      receiver: g.route.receiver,
      nextFlushAt: g.nextFlushAt,
      fingerprints: [...g.alerts.keys()],
    }));
  }

  private flush(group: Group, now: number, result: FlushResult): void {
    const receiver = group.route.receiver;
    const sendResolved = this.options.receiverOptions?.(receiver).sendResolved ?? true;
    const ctx: StageContext = {
      receiver,
      groupKey: group.key,
      now,
      repeatInterval: group.route.repeatInterval,
      sendResolved,
      muted: [],
      repeat: false,
      logEntry: null,
      unacknowledgedFiring: false,
    };
    const snapshot = [...group.alerts.values()];
    const out = runStages(this.options.stages(receiver), ctx, snapshot);
    for (const m of ctx.muted) result.muted.push({ receiver, groupKey: group.key, ...m });
    if (ctx.logEntry !== null)
      result.log.push({ receiver, groupKey: group.key, entry: ctx.logEntry });
    if (out.length > 0) {
      const firing = out.filter((a) => a.status === 'firing').map((a) => a.alert);
      const resolved = sendResolved
        ? out.filter((a) => a.status === 'resolved').map((a) => a.alert)
        : [];
      if (firing.length + resolved.length > 0) {
        result.notifications.push({
          receiver,
          routeId: group.route.id,
          groupKey: group.key,
          groupLabels: { ...group.labels },
          at: now,
          firing,
          resolved,
          repeat: ctx.repeat,
        });
      }
    }
    // Resolved alerts have been told (or muted); they leave the group, and an empty group ends.
    for (const a of snapshot) {
      if (a.status === 'resolved' && group.alerts.get(a.fingerprint) === a)
        group.alerts.delete(a.fingerprint);
    }
    group.flushed = true;
    group.nextFlushAt = now + group.route.groupInterval;
    if (group.alerts.size === 0) this.groups.delete(group.key);
  }
}

function pickGroupLabels(
  route: ResolvedRoute,
  labels: Readonly<Record<string, string>>,
): Record<string, string> {
  if (route.groupByAll) return { ...labels };
  const out: Record<string, string> = {};
  for (const name of route.groupBy) {
    const v = labels[name];
    if (v !== undefined) out[name] = v;
  }
  return out;
}

function stableKey(labels: Record<string, string>): string {
  return JSON.stringify(
    Object.keys(labels)
      .sort()
      .map((k) => [k, labels[k]]),
  );
}

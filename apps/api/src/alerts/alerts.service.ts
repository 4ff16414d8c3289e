import { randomUUID } from 'node:crypto';

import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { AlertDraft } from '@spreadwatch/alerting';
import type { Alert, AlertAction, AlertActivity, AlertPage } from '@spreadwatch/contracts';
import { type EntityManager, LessThan, MoreThan, Repository } from 'typeorm';

import { AlertActivityEntity } from './alert-activity.entity';
import { AlertEntity } from './alert.entity';

export function toAlert(e: AlertEntity): Alert {
  const handled = e.lifecycleBy !== null || e.lifecycleState !== 'firing';
  return {
    id: e.id,
    fingerprint: e.fingerprint,
    seq: e.seq,
    kind: e.kind,
    status: e.status,
    severity: e.severity,
    labels: e.labels,
    ...(e.term === null ? {} : { term: e.term }),
    ...(e.accounts === null ? {} : { accounts: e.accounts }),
    score: e.score,
    firedAt: e.firedAt.toISOString(),
    resolvedAt: e.resolvedAt === null ? null : e.resolvedAt.toISOString(),
    summary: e.summary,
    evidence: e.evidence,
    ...(handled
      ? {
          lifecycle: {
            state: e.lifecycleState,
            assignee: e.assignee,
            updatedBy: e.lifecycleBy,
            updatedAt: e.lifecycleAt === null ? null : e.lifecycleAt.toISOString(),
          },
        }
      : {}),
  };
}

@Injectable()
export class AlertsService {
  constructor(@InjectRepository(AlertEntity) private readonly alerts: Repository<AlertEntity>) {}

  async page(limit: number, before?: number): Promise<AlertPage> {
    const rows = await this.alerts.find({
      where: before === undefined ? {} : { seq: LessThan(before) },
      order: { seq: 'DESC' },
      take: limit + 1,
    });
    const items = rows.slice(0, limit).map(toAlert);
    const last = items.at(-1);
    return { items, nextCursor: rows.length > limit && last !== undefined ? last.seq : null };
  }

  /** Every alert changed after `afterSeq`, oldest change first (for clients that reconnect). */
  async since(afterSeq: number, limit = 5_000): Promise<Alert[]> {
    const rows = await this.alerts.find({
      where: { seq: MoreThan(afterSeq) },
      order: { seq: 'ASC' },
      take: limit,
    });
    return rows.map(toAlert);
  }

  async latestSeq(): Promise<number> {
    const rows: { seq: string | null }[] = await this.alerts.query(
      'SELECT max(seq)::text AS seq FROM alerts',
    );
    return Number(rows[0]?.seq ?? 0);
  }

  async firing(): Promise<AlertEntity[]> {
    return this.alerts.find({ where: { status: 'firing' } });
  }

  /**
   * Applies engine drafts inside the caller's transaction: a draft for a fingerprint that is already firing
   * updates that alert (never a duplicate); anything else opens a new episode. Each change takes a new seq.
   */
  async apply(manager: EntityManager, drafts: readonly AlertDraft[]): Promise<Alert[]> {
    const repo = manager.getRepository(AlertEntity);
    const changed: Alert[] = [];
    for (const draft of drafts) {
      const seqRows: { seq: string }[] = await manager.query(
        `SELECT nextval('alert_seq')::text AS seq`,
      );
      const seq = Number(seqRows[0]?.seq);
      // Locked so a concurrent acknowledgement cannot be overwritten by this update.
      const existing = await repo.findOne({
        where: { fingerprint: draft.fingerprint, status: 'firing' },
        lock: { mode: 'pessimistic_write' },
      });
      const entity = repo.create({
        id: existing?.id ?? randomUUID(),
        fingerprint: draft.fingerprint,
        seq,
        kind: draft.kind,
        status: draft.status,
        severity: draft.severity,
        labels: draft.labels,
        term: draft.term ?? null,
        accounts: draft.accounts ?? null,
        score: draft.score,
        firedAt: existing?.firedAt ?? new Date(draft.firedAt),
        resolvedAt: draft.resolvedAt === null ? null : new Date(draft.resolvedAt),
        summary: draft.summary,
        evidence: draft.evidence,
      });
      entity.lifecycleState = existing?.lifecycleState ?? 'firing';
      entity.assignee = existing?.assignee ?? null;
      entity.lifecycleBy = existing?.lifecycleBy ?? null;
      entity.lifecycleAt = existing?.lifecycleAt ?? null;
      // The detector clearing the condition closes the human workflow too.
      if (draft.status === 'resolved' && entity.lifecycleState !== 'resolved') {
        entity.lifecycleState = 'resolved';
        entity.lifecycleBy = 'system';
        entity.lifecycleAt = new Date();
      }
      // A resolve without an open episode (e.g. state lost) is recorded as its own resolved row.
      const alert = toAlert(await repo.save(entity));
      await recordChange(manager, alert, {
        action:
          draft.status === 'resolved' ? 'auto-resolved' : existing === null ? 'fired' : 'updated',
        actor: 'system',
      });
      changed.push(alert);
    }
    return changed;
  }
}

/**
 * Writes the audit entry and the outbox row of one alert change inside the caller's transaction, so the
 * dispatcher learns of every committed change even if the process dies right after the commit.
 */
export async function recordChange(
  manager: EntityManager,
  alert: Alert,
  activity: { action: AlertAction; actor: string; note?: string | null; assignee?: string | null },
): Promise<AlertActivity> {
  const row = await manager.getRepository(AlertActivityEntity).save({
    alertId: alert.id,
    action: activity.action,
    actor: activity.actor,
    note: activity.note ?? null,
    assignee: activity.assignee ?? null,
  });
  await manager.query(`INSERT INTO alert_outbox (seq, alert) VALUES ($1, $2)`, [
    alert.seq,
    JSON.stringify(alert),
  ]);
  return toActivity(row);
}

export function toActivity(e: AlertActivityEntity): AlertActivity {
  return {
    id: e.id,
    alertId: e.alertId,
    action: e.action,
    actor: e.actor,
    note: e.note,
    assignee: e.assignee,
    at: e.at.toISOString(),
  };
}

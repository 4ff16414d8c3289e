import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import type {
  Alert,
  AlertActivity,
  AlertAction,
  CurrentUser,
  LifecycleState,
} from '@spreadwatch/contracts';
import { DataSource, Repository } from 'typeorm';

import { LiveEvents } from '../realtime/live-events';
import { AlertActivityEntity } from './alert-activity.entity';
import { AlertEntity } from './alert.entity';
import { recordChange, toActivity, toAlert } from './alerts.service';

/** Which lifecycle states each action may start from. */
const FROM: Record<'acknowledged' | 'assigned' | 'resolved', readonly LifecycleState[]> = {
  acknowledged: ['firing'],
  assigned: ['firing', 'acknowledged', 'assigned'],
  resolved: ['firing', 'acknowledged', 'assigned'],
};

/**
 * firing → acknowledged → assigned → resolved, with notes. Every action takes a new seq (so a resuming
 * client sees it), writes an audit entry and an outbox row in one transaction, then is announced live.
 */
@Injectable()
export class AlertLifecycleService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @InjectRepository(AlertActivityEntity)
    private readonly activity: Repository<AlertActivityEntity>,
    private readonly events: LiveEvents,
  ) {}

  acknowledge(id: string, user: CurrentUser, note?: string): Promise<Alert> {
    return this.transition(id, user, 'acknowledged', { note: note ?? null });
  }

  assign(id: string, user: CurrentUser, assignee: string, note?: string): Promise<Alert> {
    return this.transition(id, user, 'assigned', { assignee, note: note ?? null });
  }

  resolve(id: string, user: CurrentUser, note: string): Promise<Alert> {
    return this.transition(id, user, 'resolved', { note });
  }

  async note(id: string, user: CurrentUser, note: string): Promise<AlertActivity> {
    const alert = await this.db.getRepository(AlertEntity).findOne({ where: { id } });
    if (alert === null) throw new NotFoundException(`No alert ${id}`);
    const row = await this.activity.save({
      alertId: id,
      action: 'note',
      actor: user.username,
      note,
      assignee: null,
    });
    const entry = toActivity(row);
    this.events.emit('activity', entry);
    return entry;
  }

  async history(id: string): Promise<AlertActivity[]> {
    const rows = await this.activity.find({ where: { alertId: id }, order: { at: 'ASC' } });
    if (
      rows.length === 0 &&
      (await this.db.getRepository(AlertEntity).count({ where: { id } })) === 0
    ) {
      throw new NotFoundException(`No alert ${id}`);
    }
    return rows.map(toActivity);
  }

  private async transition(
    id: string,
    user: CurrentUser,
    to: 'acknowledged' | 'assigned' | 'resolved',
    extra: { note: string | null; assignee?: string },
  ): Promise<Alert> {
    const { alert, entry } = await this.db.transaction(async (manager) => {
      const repo = manager.getRepository(AlertEntity);
      const row = await repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (row === null) throw new NotFoundException(`No alert ${id}`);
      if (!FROM[to].includes(row.lifecycleState)) {
        throw new ConflictException(`Alert ${id} is ${row.lifecycleState}; it cannot become ${to}`);
      }
      const seqRows: { seq: string }[] = await manager.query(
        `SELECT nextval('alert_seq')::text AS seq`,
      );
      row.seq = Number(seqRows[0]?.seq);
      row.lifecycleState = to;
      row.lifecycleBy = user.username;
      row.lifecycleAt = new Date();
      if (extra.assignee !== undefined) row.assignee = extra.assignee;
      const saved = toAlert(await repo.save(row));
      const action: AlertAction = to;
      const entry = await recordChange(manager, saved, {
        action,
        actor: user.username,
        note: extra.note,
        assignee: extra.assignee ?? null,
      });
      return { alert: saved, entry };
    });
    this.events.emit('alert', alert);
    this.events.emit('activity', entry);
    return alert;
  }
}

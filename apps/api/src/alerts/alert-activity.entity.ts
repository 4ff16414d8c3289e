import type { AlertAction } from '@spreadwatch/contracts';
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Audit trail of an alert: who did what when (lifecycle actions, notes, detector changes). */
@Entity({ name: 'alert_activity' })
@Index('IDX_alert_activity_alert_at', ['alertId', 'at'])
export class AlertActivityEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'alert_id', type: 'uuid' })
  alertId!: string;

  @Column({ type: 'text' })
  action!: AlertAction;

  @Column({ type: 'text' })
  actor!: string;

  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @Column({ type: 'text', nullable: true })
  assignee!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  at!: Date;
}

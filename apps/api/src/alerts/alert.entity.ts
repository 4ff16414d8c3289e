import {
  ALERT_KINDS,
  SEVERITIES,
  type AlertKind,
  type AlertStatus,
  type Evidence,
  type LifecycleState,
  type Severity,
} from '@spreadwatch/contracts';
import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

import { bigintToNumber } from '../database/transformers';

/** One alert episode. Every change takes a new `seq` from the `alert_seq` sequence. */
@Entity({ name: 'alerts' })
@Index('IDX_alerts_fingerprint', ['fingerprint'])
@Index('IDX_alerts_one_firing_per_fingerprint', ['fingerprint'], {
  unique: true,
  where: `status = 'firing'`,
})
export class AlertEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'text' })
  fingerprint!: string;

  @Index('IDX_alerts_seq', { unique: true })
  @Column({ type: 'bigint', transformer: bigintToNumber })
  seq!: number;

  @Column({ type: 'enum', enum: ALERT_KINDS, enumName: 'alert_kind' })
  kind!: AlertKind;

  @Column({ type: 'text' })
  status!: AlertStatus;

  @Column({ type: 'enum', enum: SEVERITIES, enumName: 'alert_severity' })
  severity!: Severity;

  @Column({ type: 'jsonb' })
  labels!: Record<string, string>;

  @Column({ type: 'text', nullable: true })
  term!: string | null;

  @Column({ type: 'jsonb', nullable: true })
  accounts!: string[] | null;

  @Column({ type: 'double precision' })
  score!: number;

  @Column({ name: 'fired_at', type: 'timestamptz' })
  firedAt!: Date;

  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true })
  resolvedAt!: Date | null;

  @Column({ type: 'text' })
  summary!: string;

  @Column({ type: 'jsonb' })
  evidence!: Evidence;

  /** Human handling: firing → acknowledged → assigned → resolved (issue #6). */
  @Column({ name: 'lifecycle_state', type: 'text', default: 'firing' })
  lifecycleState!: LifecycleState;

  @Column({ type: 'text', nullable: true })
  assignee!: string | null;

  @Column({ name: 'lifecycle_by', type: 'text', nullable: true })
  lifecycleBy!: string | null;

  @Column({ name: 'lifecycle_at', type: 'timestamptz', nullable: true })
  lifecycleAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

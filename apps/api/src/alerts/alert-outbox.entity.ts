import type { Alert } from '@spreadwatch/contracts';
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

import { bigintToNumber } from '../database/transformers';

/**
 * Transactional outbox: one row per alert change, written in the same transaction as the change, so the
 * dispatcher sees every change even if the process dies right after the commit.
 */
@Entity({ name: 'alert_outbox' })
@Index('IDX_alert_outbox_pending', ['id'], { where: 'processed_at IS NULL' })
export class AlertOutboxEntity {
  /** bigint: pg returns it as a string. */
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ type: 'bigint', transformer: bigintToNumber })
  seq!: number;

  /** The alert as of this change. */
  @Column({ type: 'jsonb' })
  alert!: Alert;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'processed_at', type: 'timestamptz', nullable: true })
  processedAt!: Date | null;
}

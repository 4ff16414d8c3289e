import type { NotificationMessage } from '@spreadwatch/notify';
import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

export type NotificationStatus = 'pending' | 'held' | 'digested' | 'sent' | 'failed';

/**
 * The delivery queue and its record. The id is the idempotency key (Message-ID, `Idempotency-Key`): a row is
 * sent until it is marked sent, so delivery is at least once and receivers can drop a repeated id.
 */
@Entity({ name: 'notifications' })
@Index('IDX_notifications_due', ['nextAttemptAt'], { where: `status = 'pending'` })
@Index('IDX_notifications_held', ['subscriptionId'], { where: `status = 'held'` })
export class NotificationEntity {
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ type: 'text' })
  receiver!: string;

  /** `email`, `slack` or `webhook`. */
  @Column({ type: 'text' })
  channel!: string;

  /** Email address or URL. */
  @Column({ type: 'text' })
  target!: string;

  @Column({ name: 'subscription_id', type: 'uuid', nullable: true })
  subscriptionId!: string | null;

  @Column({ type: 'jsonb' })
  payload!: NotificationMessage;

  @Column({ type: 'text' })
  status!: NotificationStatus;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @Column({ name: 'next_attempt_at', type: 'timestamptz' })
  nextAttemptAt!: Date;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

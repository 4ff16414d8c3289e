import type { SubscriptionInput } from '@spreadwatch/contracts';
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

/** A desk's email subscription: filters, immediate or digest, quiet hours, time zone. */
@Entity({ name: 'desk_subscriptions' })
@Index('IDX_desk_subscriptions_unsubscribe_token', ['unsubscribeToken'], { unique: true })
export class DeskSubscriptionEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  email!: string;

  @Column({ type: 'jsonb' })
  definition!: SubscriptionInput;

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  /** Capability for one-click unsubscribe (RFC 8058); it can only switch this subscription off. */
  @Column({ name: 'unsubscribe_token', type: 'text' })
  unsubscribeToken!: string;

  @Column({ name: 'last_digest_at', type: 'timestamptz', nullable: true })
  lastDigestAt!: Date | null;

  @Column({ name: 'created_by', type: 'text' })
  createdBy!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

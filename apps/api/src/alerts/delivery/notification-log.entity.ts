import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Alertmanager's nflog: what each receiver was last told about each group, so flushes only send changes. */
@Entity({ name: 'notification_log' })
export class NotificationLogEntity {
  @PrimaryColumn({ type: 'text' })
  receiver!: string;

  @PrimaryColumn({ name: 'group_key', type: 'text' })
  groupKey!: string;

  @Column({ type: 'jsonb' })
  firing!: string[];

  @Column({ type: 'jsonb' })
  resolved!: string[];

  @Column({ name: 'sent_at', type: 'timestamptz' })
  sentAt!: Date;
}

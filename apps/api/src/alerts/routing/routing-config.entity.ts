import type { RoutingConfig } from '@spreadwatch/contracts';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Every saved routing configuration (route tree, inhibit rules, receivers); the newest version is live. */
@Entity({ name: 'alert_routing_configs' })
export class RoutingConfigEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  version!: number;

  @Column({ type: 'jsonb' })
  config!: RoutingConfig;

  @Column({ name: 'created_by', type: 'text' })
  createdBy!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

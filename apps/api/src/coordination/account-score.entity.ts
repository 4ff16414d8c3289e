import type { FeatureAttribution } from '@spreadwatch/contracts';
import { Column, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** Latest bot-likeness of an account seen in a cluster, with its per-feature attributions. */
@Entity({ name: 'account_scores' })
@Index('IDX_account_scores_cluster_id', ['clusterId'])
export class AccountScoreEntity {
  @PrimaryColumn({ name: 'account_id', type: 'text' })
  accountId!: string;

  @Column({ type: 'text', nullable: true })
  handle!: string | null;

  @Column({ type: 'double precision' })
  score!: number;

  @Column({ type: 'double precision' })
  bias!: number;

  @Column({ type: 'jsonb' })
  attributions!: FeatureAttribution[];

  @Column({ name: 'observed_posts', type: 'integer' })
  observedPosts!: number;

  @Column({ name: 'as_of', type: 'timestamptz' })
  asOf!: Date;

  @Column({ name: 'cluster_id', type: 'text', nullable: true })
  clusterId!: string | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

import type {
  AccountScore,
  ClusterEdge,
  ClusterStatus,
  CoordinationEvidence,
} from '@spreadwatch/contracts';
import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** Evidence as stored: the contract's evidence plus the cluster's edge list for the network view. */
export type StoredEvidence = CoordinationEvidence & { edgeList?: ClusterEdge[] };

/** A coordinated cluster as last reported by the coordination stage (one row per cluster id, upserted). */
@Entity({ name: 'clusters' })
@Index('IDX_clusters_last_activity', ['lastActivity'])
export class ClusterEntity {
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ type: 'text' })
  status!: ClusterStatus;

  @Column({ type: 'integer' })
  size!: number;

  @Column({ type: 'double precision' })
  score!: number;

  @Column({ type: 'jsonb' })
  accounts!: string[];

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  terms!: string[];

  @Column({ name: 'top_term', type: 'text', nullable: true })
  topTerm!: string | null;

  @Column({ name: 'amplification_share', type: 'double precision' })
  amplificationShare!: number;

  @Column({ name: 'first_activity', type: 'timestamptz' })
  firstActivity!: Date;

  @Column({ name: 'last_activity', type: 'timestamptz' })
  lastActivity!: Date;

  @Column({ name: 'flagged_at', type: 'timestamptz' })
  flaggedAt!: Date;

  // The member-to-member links ride along in the evidence jsonb (`edgeList`), so no column of their own.
  @Column({ type: 'jsonb' })
  evidence!: StoredEvidence;

  @Column({ type: 'jsonb' })
  members!: AccountScore[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

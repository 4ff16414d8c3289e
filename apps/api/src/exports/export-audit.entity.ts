import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type ExportAuditAction = 'requested' | 'completed' | 'failed' | 'downloaded' | 'expired';

/**
 * Append-only audit log of every export: who, what, when, with which filters. No foreign keys, so the trail
 * outlives the job row, its files and even the user.
 */
@Entity({ name: 'export_audit' })
@Index('IDX_export_audit_export_id', ['exportId'])
@Index('IDX_export_audit_at', ['at'])
export class ExportAuditEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'export_id', type: 'uuid' })
  exportId!: string;

  @Column({ name: 'user_id', type: 'uuid', nullable: true })
  userId!: string | null;

  @Column({ type: 'text' })
  username!: string;

  @Column({ type: 'text' })
  action!: ExportAuditAction;

  @Column({ type: 'text' })
  dataset!: string;

  @Column({ type: 'text' })
  format!: string;

  @Column({ type: 'jsonb' })
  parameters!: Record<string, unknown>;

  @Column({ type: 'jsonb' })
  filters!: Record<string, unknown>;

  /** The file downloaded, for `downloaded`. */
  @Column({ type: 'text', nullable: true })
  file!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  at!: Date;
}

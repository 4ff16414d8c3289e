import type { ExportStatus } from '@spreadwatch/contracts';
import type { ManifestFile } from '@spreadwatch/export';
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  type Relation,
  UpdateDateColumn,
} from 'typeorm';

import { UserEntity } from '../auth/user.entity';
import { bigintToNumber } from '../database/transformers';

/** One research export job: what was asked, how far it got, its files until they expire. */
@Entity({ name: 'exports' })
@Index('IDX_exports_user_id', ['userId'])
@Index('IDX_exports_expires_at', ['expiresAt'])
export class ExportJobEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'FK_exports_user' })
  user?: Relation<UserEntity>;

  @Column({ type: 'text' })
  dataset!: string;

  @Column({ type: 'text' })
  format!: string;

  @Column({ type: 'jsonb' })
  parameters!: Record<string, unknown>;

  @Column({ type: 'jsonb' })
  filters!: Record<string, unknown>;

  @Column({ type: 'text' })
  status!: ExportStatus;

  @Column({ name: 'rows_written', type: 'bigint', default: 0, transformer: bigintToNumber })
  rowsWritten!: number;

  @Column({ name: 'expected_rows', type: 'bigint', nullable: true, transformer: bigintToNumber })
  expectedRows!: number | null;

  /** Data and dictionary files with their sizes and SHA-256 (the manifest lists the same). */
  @Column({ type: 'jsonb', nullable: true })
  files!: ManifestFile[] | null;

  /** The stable pseudonym grant used, or null for a fresh per-export key. */
  @Column({ name: 'pseudonym_grant_id', type: 'uuid', nullable: true })
  pseudonymGrantId!: string | null;

  @Column({ type: 'text', nullable: true })
  error!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;

  /** Files are deleted after this (EXPORT_TTL_HOURS after the export finished). */
  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true })
  expiresAt!: Date | null;
}

import type { WatchlistSettingsView, WatchTermView } from '@spreadwatch/contracts';
import {
  Column,
  CreateDateColumn,
  DeleteDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

/** An editable watchlist: terms with variants and synonym groups, and its alert settings (validated JSON). */
@Entity({ name: 'watchlists' })
export class WatchlistEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'boolean', default: true })
  enabled!: boolean;

  @Column({ type: 'jsonb' })
  settings!: WatchlistSettingsView;

  @Column({ type: 'jsonb' })
  terms!: WatchTermView[];

  /** `builtin` for the seeded default list, otherwise the username that created it. */
  @Column({ name: 'created_by', type: 'text' })
  createdBy!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  // Soft delete: a deleted list stays as a tombstone so the built-in list is seeded on the first start only.
  @DeleteDateColumn({ name: 'deleted_at', type: 'timestamptz' })
  deletedAt!: Date | null;
}

import type { PostKind } from '@spreadwatch/contracts';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One stored post, once per (source, id). Text and identifiers are purged after the retention period. */
@Entity({ name: 'observations' })
@Index('IDX_observations_ts', ['ts'])
export class ObservationEntity {
  @PrimaryColumn({ type: 'text' })
  source!: string;

  @PrimaryColumn({ type: 'text' })
  id!: string;

  /** Event time. */
  @Column({ type: 'timestamptz' })
  ts!: Date;

  @Column({ name: 'ingested_at', type: 'timestamptz', default: () => 'now()' })
  ingestedAt!: Date;

  @Column({ type: 'text' })
  kind!: PostKind;

  @Column({ name: 'parent_id', type: 'text', nullable: true })
  parentId!: string | null;

  @Column({ name: 'author_id', type: 'text', nullable: true })
  authorId!: string | null;

  @Column({ name: 'author_handle', type: 'text', nullable: true })
  authorHandle!: string | null;

  @Column({ name: 'author_created_at', type: 'timestamptz', nullable: true })
  authorCreatedAt!: Date | null;

  @Column({ type: 'text', nullable: true })
  text!: string | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  terms!: string[];

  @Column({ type: 'jsonb', nullable: true })
  urls!: string[] | null;

  @Column({ type: 'text', nullable: true })
  lang!: string | null;

  @Column({ type: 'jsonb', nullable: true })
  metrics!: Record<string, number | null | undefined> | null;

  /** Set when the platform reported a deletion: text and identifiers are gone, the row stays as a tombstone. */
  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true })
  deletedAt!: Date | null;
}

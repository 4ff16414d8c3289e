import type { TermDetectors, TermForecast } from '@spreadwatch/contracts';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One closed minute of one term with its score. Append/upsert only; first to partition by time. */
@Entity({ name: 'term_buckets' })
@Index('IDX_term_buckets_bucket_start', ['bucketStart'])
export class TermBucketEntity {
  @PrimaryColumn({ type: 'text' })
  term!: string;

  @PrimaryColumn({ name: 'bucket_start', type: 'timestamptz' })
  bucketStart!: Date;

  @Column({ type: 'double precision' })
  count!: number;

  @Column({ name: 'unique_authors', type: 'integer' })
  uniqueAuthors!: number;

  @Column({ type: 'double precision' })
  rate!: number;

  @Column({ type: 'double precision' })
  baseline!: number;

  @Column({ type: 'double precision' })
  velocity!: number;

  @Column({ type: 'double precision' })
  score!: number;

  // Scoring detail (ADR 0005); null on minutes stored before it was kept.
  @Column({ name: 'baseline_lower', type: 'double precision', nullable: true })
  baselineLower!: number | null;

  @Column({ name: 'baseline_upper', type: 'double precision', nullable: true })
  baselineUpper!: number | null;

  @Column({ type: 'double precision', nullable: true })
  acceleration!: number | null;

  @Column({ name: 'first_time_authors', type: 'integer', nullable: true })
  firstTimeAuthors!: number | null;

  @Column({ name: 'repost_share', type: 'double precision', nullable: true })
  repostShare!: number | null;

  @Column({ name: 'robust_z', type: 'double precision', nullable: true })
  robustZ!: number | null;

  @Column({ name: 'burst_level', type: 'smallint', nullable: true })
  burstLevel!: number | null;

  /** Per-detector value and weighted contribution, keyed by detector name. */
  @Column({ type: 'jsonb', nullable: true })
  detectors!: TermDetectors | null;

  /** Reach forecast of the running episode, null outside one. */
  @Column({ type: 'jsonb', nullable: true })
  forecast!: TermForecast | null;

  /** Watched terms this term co-occurred with over the window. */
  @Column({ type: 'text', array: true, nullable: true })
  related!: string[] | null;
}

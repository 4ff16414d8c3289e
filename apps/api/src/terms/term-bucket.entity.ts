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
}

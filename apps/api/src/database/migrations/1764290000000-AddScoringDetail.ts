import type { MigrationInterface, QueryRunner } from 'typeorm';

// Scoring detail of ADR 0005 on every stored minute. Nullable: minutes stored before this have none.
export class AddScoringDetail1764290000000 implements MigrationInterface {
  name = 'AddScoringDetail1764290000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "term_buckets"
      ADD "baseline_lower" double precision,
      ADD "baseline_upper" double precision,
      ADD "acceleration" double precision,
      ADD "first_time_authors" integer,
      ADD "repost_share" double precision,
      ADD "robust_z" double precision,
      ADD "burst_level" smallint,
      ADD "detectors" jsonb,
      ADD "forecast" jsonb,
      ADD "related" text array`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "term_buckets"
      DROP COLUMN "related",
      DROP COLUMN "forecast",
      DROP COLUMN "detectors",
      DROP COLUMN "burst_level",
      DROP COLUMN "robust_z",
      DROP COLUMN "repost_share",
      DROP COLUMN "first_time_authors",
      DROP COLUMN "acceleration",
      DROP COLUMN "baseline_upper",
      DROP COLUMN "baseline_lower"`);
  }
}

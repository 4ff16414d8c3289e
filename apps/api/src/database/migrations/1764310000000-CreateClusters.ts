import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateClusters1764310000000 implements MigrationInterface {
  name = 'CreateClusters1764310000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "clusters" (
      "id" text NOT NULL,
      "status" text NOT NULL,
      "size" integer NOT NULL,
      "score" double precision NOT NULL,
      "accounts" jsonb NOT NULL,
      "terms" text array NOT NULL DEFAULT '{}',
      "top_term" text,
      "amplification_share" double precision NOT NULL,
      "first_activity" TIMESTAMP WITH TIME ZONE NOT NULL,
      "last_activity" TIMESTAMP WITH TIME ZONE NOT NULL,
      "flagged_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "evidence" jsonb NOT NULL,
      "members" jsonb NOT NULL,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "PK_clusters" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "IDX_clusters_last_activity" ON "clusters" ("last_activity")`);
    await q.query(`CREATE TABLE "account_scores" (
      "account_id" text NOT NULL,
      "handle" text,
      "score" double precision NOT NULL,
      "bias" double precision NOT NULL,
      "attributions" jsonb NOT NULL,
      "observed_posts" integer NOT NULL,
      "as_of" TIMESTAMP WITH TIME ZONE NOT NULL,
      "cluster_id" text,
      "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "PK_account_scores" PRIMARY KEY ("account_id"))`);
    await q.query(
      `CREATE INDEX "IDX_account_scores_cluster_id" ON "account_scores" ("cluster_id")`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "account_scores"`);
    await q.query(`DROP TABLE "clusters"`);
  }
}

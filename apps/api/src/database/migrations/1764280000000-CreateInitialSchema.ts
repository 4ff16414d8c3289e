import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateInitialSchema1764280000000 implements MigrationInterface {
  name = 'CreateInitialSchema1764280000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TYPE "public"."user_role" AS ENUM('admin', 'analyst', 'researcher', 'desk')`,
    );
    await q.query(`CREATE TABLE "users" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "username" text NOT NULL,
      "password_hash" text NOT NULL,
      "role" "public"."user_role" NOT NULL,
      "disabled" boolean NOT NULL DEFAULT false,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "PK_users" PRIMARY KEY ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "IDX_users_username" ON "users" ("username")`);

    await q.query(`CREATE TABLE "sessions" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "token_hash" text NOT NULL,
      "user_id" uuid NOT NULL,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      CONSTRAINT "PK_sessions" PRIMARY KEY ("id"),
      CONSTRAINT "FK_sessions_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE)`);
    await q.query(`CREATE UNIQUE INDEX "IDX_sessions_token_hash" ON "sessions" ("token_hash")`);

    await q.query(`CREATE TABLE "api_keys" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "name" text NOT NULL,
      "prefix" text NOT NULL,
      "key_hash" text NOT NULL,
      "user_id" uuid NOT NULL,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "last_used_at" TIMESTAMP WITH TIME ZONE,
      "revoked_at" TIMESTAMP WITH TIME ZONE,
      CONSTRAINT "PK_api_keys" PRIMARY KEY ("id"),
      CONSTRAINT "FK_api_keys_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE)`);
    await q.query(`CREATE UNIQUE INDEX "IDX_api_keys_key_hash" ON "api_keys" ("key_hash")`);

    await q.query(`CREATE TABLE "observations" (
      "source" text NOT NULL,
      "id" text NOT NULL,
      "ts" TIMESTAMP WITH TIME ZONE NOT NULL,
      "ingested_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "kind" text NOT NULL,
      "parent_id" text,
      "author_id" text,
      "author_handle" text,
      "author_created_at" TIMESTAMP WITH TIME ZONE,
      "text" text,
      "terms" text array NOT NULL DEFAULT '{}',
      "urls" jsonb,
      "lang" text,
      "metrics" jsonb,
      "deleted_at" TIMESTAMP WITH TIME ZONE,
      CONSTRAINT "PK_observations" PRIMARY KEY ("source", "id"))`);
    await q.query(`CREATE INDEX "IDX_observations_ts" ON "observations" ("ts")`);

    await q.query(`CREATE TABLE "term_buckets" (
      "term" text NOT NULL,
      "bucket_start" TIMESTAMP WITH TIME ZONE NOT NULL,
      "count" double precision NOT NULL,
      "unique_authors" integer NOT NULL,
      "rate" double precision NOT NULL,
      "baseline" double precision NOT NULL,
      "velocity" double precision NOT NULL,
      "score" double precision NOT NULL,
      CONSTRAINT "PK_term_buckets" PRIMARY KEY ("term", "bucket_start"))`);
    await q.query(
      `CREATE INDEX "IDX_term_buckets_bucket_start" ON "term_buckets" ("bucket_start")`,
    );

    await q.query(
      `CREATE TYPE "public"."alert_kind" AS ENUM('velocity', 'coordination', 'forecast')`,
    );
    await q.query(`CREATE TYPE "public"."alert_severity" AS ENUM('info', 'warning', 'critical')`);
    // One counter for every alert change in this installation: clients resume from the last seq they saw.
    await q.query(`CREATE SEQUENCE "alert_seq" AS bigint START WITH 1`);
    await q.query(`CREATE TABLE "alerts" (
      "id" uuid NOT NULL,
      "fingerprint" text NOT NULL,
      "seq" bigint NOT NULL,
      "kind" "public"."alert_kind" NOT NULL,
      "status" text NOT NULL,
      "severity" "public"."alert_severity" NOT NULL,
      "labels" jsonb NOT NULL,
      "term" text,
      "accounts" jsonb,
      "score" double precision NOT NULL,
      "fired_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "resolved_at" TIMESTAMP WITH TIME ZONE,
      "summary" text NOT NULL,
      "evidence" jsonb NOT NULL,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "PK_alerts" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "IDX_alerts_fingerprint" ON "alerts" ("fingerprint")`);
    await q.query(`CREATE UNIQUE INDEX "IDX_alerts_seq" ON "alerts" ("seq")`);
    await q.query(
      `CREATE UNIQUE INDEX "IDX_alerts_one_firing_per_fingerprint" ON "alerts" ("fingerprint") WHERE status = 'firing'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "alerts"`);
    await q.query(`DROP SEQUENCE "alert_seq"`);
    await q.query(`DROP TYPE "public"."alert_severity"`);
    await q.query(`DROP TYPE "public"."alert_kind"`);
    await q.query(`DROP TABLE "term_buckets"`);
    await q.query(`DROP TABLE "observations"`);
    await q.query(`DROP TABLE "api_keys"`);
    await q.query(`DROP TABLE "sessions"`);
    await q.query(`DROP TABLE "users"`);
    await q.query(`DROP TYPE "public"."user_role"`);
  }
}

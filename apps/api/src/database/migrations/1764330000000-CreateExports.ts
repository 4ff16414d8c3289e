import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateExports1764330000000 implements MigrationInterface {
  name = 'CreateExports1764330000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "exports" (
      "id" uuid NOT NULL,
      "user_id" uuid NOT NULL,
      "dataset" text NOT NULL,
      "format" text NOT NULL,
      "parameters" jsonb NOT NULL,
      "filters" jsonb NOT NULL,
      "status" text NOT NULL,
      "rows_written" bigint NOT NULL DEFAULT '0',
      "expected_rows" bigint,
      "files" jsonb,
      "pseudonym_grant_id" uuid,
      "error" text,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "finished_at" TIMESTAMP WITH TIME ZONE,
      "expires_at" TIMESTAMP WITH TIME ZONE,
      CONSTRAINT "PK_exports" PRIMARY KEY ("id"),
      CONSTRAINT "FK_exports_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE)`);
    await q.query(`CREATE INDEX "IDX_exports_user_id" ON "exports" ("user_id")`);
    await q.query(`CREATE INDEX "IDX_exports_expires_at" ON "exports" ("expires_at")`);

    // Append-only, no foreign keys: the audit trail outlives jobs, files and users.
    await q.query(`CREATE TABLE "export_audit" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "export_id" uuid NOT NULL,
      "user_id" uuid,
      "username" text NOT NULL,
      "action" text NOT NULL,
      "dataset" text NOT NULL,
      "format" text NOT NULL,
      "parameters" jsonb NOT NULL,
      "filters" jsonb NOT NULL,
      "file" text,
      "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "PK_export_audit" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "IDX_export_audit_export_id" ON "export_audit" ("export_id")`);
    await q.query(`CREATE INDEX "IDX_export_audit_at" ON "export_audit" ("at")`);

    await q.query(`CREATE TABLE "export_pseudonym_grants" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "study" text NOT NULL,
      "granted_to" uuid NOT NULL,
      "granted_by" text NOT NULL,
      "key" bytea NOT NULL,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "revoked_at" TIMESTAMP WITH TIME ZONE,
      CONSTRAINT "PK_export_pseudonym_grants" PRIMARY KEY ("id"),
      CONSTRAINT "FK_export_pseudonym_grants_user" FOREIGN KEY ("granted_to") REFERENCES "users"("id") ON DELETE CASCADE)`);
    await q.query(
      `CREATE INDEX "IDX_export_pseudonym_grants_granted_to" ON "export_pseudonym_grants" ("granted_to")`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "export_pseudonym_grants"`);
    await q.query(`DROP TABLE "export_audit"`);
    await q.query(`DROP TABLE "exports"`);
  }
}

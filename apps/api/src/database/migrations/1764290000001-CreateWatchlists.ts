import type { MigrationInterface, QueryRunner } from 'typeorm';

// Editable watchlists (issue #3). Deleting soft-deletes, so the built-in list is seeded on the first start only.
export class CreateWatchlists1764290000001 implements MigrationInterface {
  name = 'CreateWatchlists1764290000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "watchlists" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "name" text NOT NULL,
      "enabled" boolean NOT NULL DEFAULT true,
      "settings" jsonb NOT NULL,
      "terms" jsonb NOT NULL,
      "created_by" text NOT NULL,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "deleted_at" TIMESTAMP WITH TIME ZONE,
      CONSTRAINT "PK_watchlists" PRIMARY KEY ("id"))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "watchlists"`);
  }
}

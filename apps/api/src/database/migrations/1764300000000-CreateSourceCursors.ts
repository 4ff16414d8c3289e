import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateSourceCursors1764300000000 implements MigrationInterface {
  name = 'CreateSourceCursors1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "source_cursors" (
      "connector_key" text NOT NULL,
      "cursor" text,
      "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "PK_source_cursors" PRIMARY KEY ("connector_key"))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "source_cursors"`);
  }
}

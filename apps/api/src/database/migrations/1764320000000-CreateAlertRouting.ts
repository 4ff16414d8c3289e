import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Alert routing and delivery (issue #6, ADR 0007): lifecycle, audit, outbox, rules, routes, silences, desks. */
export class CreateAlertRouting1764320000000 implements MigrationInterface {
  name = 'CreateAlertRouting1764320000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "alerts" ADD "lifecycle_state" text NOT NULL DEFAULT 'firing'`);
    await q.query(`ALTER TABLE "alerts" ADD "assignee" text`);
    await q.query(`ALTER TABLE "alerts" ADD "lifecycle_by" text`);
    await q.query(`ALTER TABLE "alerts" ADD "lifecycle_at" TIMESTAMP WITH TIME ZONE`);

    await q.query(`CREATE TABLE "alert_activity" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "alert_id" uuid NOT NULL,
      "action" text NOT NULL,
      "actor" text NOT NULL,
      "note" text,
      "assignee" text,
      "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "PK_alert_activity" PRIMARY KEY ("id"))`);
    await q.query(
      `CREATE INDEX "IDX_alert_activity_alert_at" ON "alert_activity" ("alert_id", "at")`,
    );

    await q.query(`CREATE TABLE "alert_outbox" (
      "id" BIGSERIAL NOT NULL,
      "seq" bigint NOT NULL,
      "alert" jsonb NOT NULL,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "processed_at" TIMESTAMP WITH TIME ZONE,
      CONSTRAINT "PK_alert_outbox" PRIMARY KEY ("id"))`);
    await q.query(
      `CREATE INDEX "IDX_alert_outbox_pending" ON "alert_outbox" ("id") WHERE processed_at IS NULL`,
    );

    await q.query(`CREATE TABLE "alert_rules" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "name" text NOT NULL,
      "definition" jsonb NOT NULL,
      "created_by" text NOT NULL,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "PK_alert_rules" PRIMARY KEY ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "IDX_alert_rules_name" ON "alert_rules" ("name")`);

    await q.query(`CREATE TABLE "alert_routing_configs" (
      "version" SERIAL NOT NULL,
      "config" jsonb NOT NULL,
      "created_by" text NOT NULL,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "PK_alert_routing_configs" PRIMARY KEY ("version"))`);

    await q.query(`CREATE TABLE "silences" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "matchers" jsonb NOT NULL,
      "starts_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "ends_at" TIMESTAMP WITH TIME ZONE,
      "comment" text NOT NULL,
      "created_by" text NOT NULL,
      "expire_when_resolved" boolean NOT NULL DEFAULT false,
      "expired_at" TIMESTAMP WITH TIME ZONE,
      "expired_reason" text,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "PK_silences" PRIMARY KEY ("id"))`);
    await q.query(
      `CREATE INDEX "IDX_silences_live" ON "silences" ("ends_at") WHERE expired_at IS NULL`,
    );

    await q.query(`CREATE TABLE "desk_subscriptions" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "email" text NOT NULL,
      "definition" jsonb NOT NULL,
      "active" boolean NOT NULL DEFAULT true,
      "unsubscribe_token" text NOT NULL,
      "last_digest_at" TIMESTAMP WITH TIME ZONE,
      "created_by" text NOT NULL,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "PK_desk_subscriptions" PRIMARY KEY ("id"))`);
    await q.query(
      `CREATE UNIQUE INDEX "IDX_desk_subscriptions_unsubscribe_token" ON "desk_subscriptions" ("unsubscribe_token")`,
    );

    await q.query(`CREATE TABLE "notifications" (
      "id" text NOT NULL,
      "receiver" text NOT NULL,
      "channel" text NOT NULL,
      "target" text NOT NULL,
      "subscription_id" uuid,
      "payload" jsonb NOT NULL,
      "status" text NOT NULL,
      "attempts" integer NOT NULL DEFAULT 0,
      "next_attempt_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "last_error" text,
      "sent_at" TIMESTAMP WITH TIME ZONE,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "PK_notifications" PRIMARY KEY ("id"))`);
    await q.query(
      `CREATE INDEX "IDX_notifications_due" ON "notifications" ("next_attempt_at") WHERE status = 'pending'`,
    );
    await q.query(
      `CREATE INDEX "IDX_notifications_held" ON "notifications" ("subscription_id") WHERE status = 'held'`,
    );

    await q.query(`CREATE TABLE "notification_log" (
      "receiver" text NOT NULL,
      "group_key" text NOT NULL,
      "firing" jsonb NOT NULL,
      "resolved" jsonb NOT NULL,
      "sent_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      CONSTRAINT "PK_notification_log" PRIMARY KEY ("receiver", "group_key"))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "notification_log"`);
    await q.query(`DROP TABLE "notifications"`);
    await q.query(`DROP TABLE "desk_subscriptions"`);
    await q.query(`DROP TABLE "silences"`);
    await q.query(`DROP TABLE "alert_routing_configs"`);
    await q.query(`DROP TABLE "alert_rules"`);
    await q.query(`DROP TABLE "alert_outbox"`);
    await q.query(`DROP TABLE "alert_activity"`);
    await q.query(`ALTER TABLE "alerts" DROP COLUMN "lifecycle_at"`);
    await q.query(`ALTER TABLE "alerts" DROP COLUMN "lifecycle_by"`);
    await q.query(`ALTER TABLE "alerts" DROP COLUMN "assignee"`);
    await q.query(`ALTER TABLE "alerts" DROP COLUMN "lifecycle_state"`);
  }
}

import { z } from 'zod';

const Bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** Every setting the API reads, validated once at boot. README's configuration table mirrors this. */
export const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  /** Real PostgreSQL; when unset an embedded PGlite server is started on DATA_DIR. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  DATA_DIR: z.string().min(1).default('./.data'),
  /** `memory` keeps the embedded database in memory only (tests, demos). */
  EMBEDDED_DB: z.enum(['disk', 'memory']).default('disk'),
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  SPREADWATCH_ADMIN_PASSWORD: z.string().min(8, 'must be at least 8 characters').optional(),
  SESSION_TTL_HOURS: z.coerce.number().positive().default(12),
  COOKIE_SECURE: Bool.default(false),
  SIMULATOR_ENABLED: Bool.default(true),
  /** Simulated seconds per real second: 60 plays one simulated hour per real minute. */
  SIMULATOR_SPEED: z.coerce.number().positive().max(10_000).default(60),
  SIMULATOR_SEED: z.coerce.number().int().default(1),
  SIMULATOR_SCENARIO: z.string().min(1).default('default'),
  /** Path of the sources file (JSON or YAML) naming the platforms to poll; unset: no connectors. */
  SPREADWATCH_SOURCES: z.string().min(1).optional(),
  /** Post text and identifiers are purged after this many days; buckets and scores stay. */
  RETENTION_DAYS: z.coerce.number().int().positive().default(30),
  DASHBOARD_DIR: z.string().optional(),
  /** Research export files live in EXPORT_DIR/<id>/ until EXPORT_TTL_HOURS after they finished. */
  EXPORT_DIR: z.string().min(1).default('./.data/exports'),
  EXPORT_TTL_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 365)
    .default(72),
  LOG_LEVEL: z.enum(['error', 'warn', 'log', 'debug', 'verbose']).default('log'),
  /** Desk email: `smtp://user:pass@host:port` (or `smtps://`), or the SMTP_HOST… parts below. */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
    .optional(),
  SMTP_HOST: z.string().min(1).optional(),
  SMTP_PORT: z.coerce.number().int().min(1).max(65535).default(587),
  SMTP_USER: z.string().optional(),
  SMTP_PASS: z.string().optional(),
  SMTP_FROM: z.string().min(3).default('Spreadwatch <alerts@localhost>'),
  /** Base URL people reach the server at; used for unsubscribe and dashboard links in mails. */
  PUBLIC_URL: z.url({ message: 'must be a URL' }).default('http://localhost:3000'),
  /** Seed the built-in watchlist of leak-associated terms on the first start (issue #3); edit it over REST. */
  WATCHLIST_SEED: Bool.default(true),
  /** Comma-separated terms masked in emails and webhooks (e.g. a victim's name). */
  PROTECTED_TERMS: z.string().default(''),
  /** How often the delivery worker looks for due notifications (ms). */
  DELIVERY_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(250),
  /** First retry delay of a failed delivery (ms); doubles per attempt up to 15 minutes. */
  DELIVERY_RETRY_BASE_MS: z.coerce.number().int().min(10).max(600_000).default(5_000),
});

export type Env = z.infer<typeof EnvSchema>;

/** Validates the environment; throws one error listing every bad variable. */
export function validateEnv(raw: Record<string, unknown>): Env {
  // Empty strings mean "unset" (docker env files and shells often leave them).
  const cleaned = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== ''));
  const result = EnvSchema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return result.data;
}

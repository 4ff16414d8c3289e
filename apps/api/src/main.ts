// Composition root: validates config, starts the embedded database when no DATABASE_URL is set, serves.
import './register-paths';
import 'reflect-metadata';

import { join } from 'node:path';

import { Logger } from '@nestjs/common';

import { createApp } from './bootstrap';
import { validateEnv } from './config/env.validation';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './database/embedded-postgres';

async function main(): Promise<void> {
  const logger = new Logger('Spreadwatch');
  let env;
  try {
    env = validateEnv(process.env);
  } catch (err) {
    // Configuration mistakes are the operator's to fix: say what is wrong, without a stack trace.
    console.error((err as Error).message);
    process.exit(2);
  }

  let embedded: EmbeddedPostgres | undefined;
  if (env.DATABASE_URL === undefined) {
    const dataDir = env.EMBEDDED_DB === 'memory' ? undefined : join(env.DATA_DIR, 'pg');
    // pglite-socket runs every connection's protocol messages on one PGlite, interleaving them between a
    // statement's Parse and Sync; two pooled connections then clobber each other's unnamed statements.
    // One connection keeps each statement whole (PGlite is single-threaded anyway).
    embedded = await startEmbeddedPostgres({ dataDir, maxConnections: 2 });
    logger.log(
      `Embedded PostgreSQL (PGlite) ${dataDir === undefined ? 'in memory' : `in ${dataDir}`}`,
    );
  }

  const app = await createApp({
    ...(embedded === undefined ? {} : { databaseUrl: embedded.url, poolSize: 1 }),
    ...(env.DASHBOARD_DIR === undefined ? {} : { dashboardDir: env.DASHBOARD_DIR }),
    logLevel: env.LOG_LEVEL,
  });
  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal}: shutting down`);
    // Close Nest (and its pool) first, then the embedded server, so PGlite flushes a clean data dir.
    await app.close();
    await embedded?.stop();
    process.exit(0);
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.once(signal, () => void stop(signal));
  await app.listen(env.PORT, env.HOST);
  logger.log(`Spreadwatch listening on http://localhost:${env.PORT}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

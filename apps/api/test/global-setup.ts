import { startEmbeddedPostgres } from '../src/database/embedded-postgres';

export interface EmbeddedHandle {
  __SPREADWATCH_EMBEDDED__?: { stop(): Promise<void> };
}

/**
 * PGlite cannot start inside a test file's VM sandbox, so it starts here once per run and the tests get its
 * URL through DATABASE_URL, exactly as a real server's. With DATABASE_URL already set, that server is used.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env['DATABASE_URL'] !== undefined && process.env['DATABASE_URL'] !== '') {
    process.env['SPREADWATCH_TEST_DB'] = 'postgres';
    return;
  }
  const embedded = await startEmbeddedPostgres({ maxConnections: 20 });
  (globalThis as EmbeddedHandle).__SPREADWATCH_EMBEDDED__ = embedded;
  process.env['DATABASE_URL'] = embedded.url;
  process.env['SPREADWATCH_TEST_DB'] = 'pglite';
}

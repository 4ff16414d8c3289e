import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';

import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export interface EmbeddedPostgres {
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts PGlite behind a Postgres wire-protocol socket on 127.0.0.1, so TypeORM and `pg` connect to it exactly
 * as to a real server. `dataDir` undefined keeps everything in memory.
 */
export async function startEmbeddedPostgres(options: {
  dataDir?: string;
  maxConnections: number;
}): Promise<EmbeddedPostgres> {
  let dataDir = 'memory://';
  if (options.dataDir !== undefined) {
    dataDir = resolve(options.dataDir);
    // PGlite's own mkdir is not recursive.
    mkdirSync(resolve(dataDir, '..'), { recursive: true });
  }
  const db = await PGlite.create(dataDir);
  // maxConnections defaults to 1; extra pool connections would die with ECONNRESET.
  const server = new PGLiteSocketServer({
    db,
    host: '127.0.0.1',
    port: 0,
    maxConnections: options.maxConnections,
  });
  await server.start();
  const conn = server.getServerConn();
  return {
    url: `postgresql://postgres:postgres@${conn}/postgres?sslmode=disable`,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}

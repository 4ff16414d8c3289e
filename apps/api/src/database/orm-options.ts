import type { DataSourceOptions } from 'typeorm';

import { AlertEntity } from '../alerts/alert.entity';
import { ApiKeyEntity } from '../auth/api-key.entity';
import { SessionEntity } from '../auth/session.entity';
import { UserEntity } from '../auth/user.entity';
import { ObservationEntity } from '../ingest/observation.entity';
import { TermBucketEntity } from '../terms/term-bucket.entity';
import { CreateInitialSchema1764280000000 } from './migrations/1764280000000-CreateInitialSchema';

export const ENTITIES = [
  UserEntity,
  SessionEntity,
  ApiKeyEntity,
  ObservationEntity,
  TermBucketEntity,
  AlertEntity,
];

// Listed explicitly (not globbed) so the same list works from sources, tests and the compiled build.
export const MIGRATIONS = [CreateInitialSchema1764280000000];

/** TypeORM options shared by the app and the migration CLI. Schema changes go through migrations only. */
export function ormOptions(url: string, poolSize: number): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsRun: true,
    synchronize: false,
    extra: { max: poolSize },
  };
}

import type { DataSourceOptions } from 'typeorm';

import { AlertEntity } from '../alerts/alert.entity';
import { ALERT_ROUTING_ENTITIES } from '../alerts/alert-routing-entities';
import { ApiKeyEntity } from '../auth/api-key.entity';
import { SessionEntity } from '../auth/session.entity';
import { UserEntity } from '../auth/user.entity';
import { AccountScoreEntity } from '../coordination/account-score.entity';
import { ClusterEntity } from '../coordination/cluster.entity';
import { EXPORT_ENTITIES } from '../exports/exports.providers';
import { ObservationEntity } from '../ingest/observation.entity';
import { TermBucketEntity } from '../terms/term-bucket.entity';
import { WatchlistEntity } from '../watchlists/watchlist.entity';
import { CreateInitialSchema1764280000000 } from './migrations/1764280000000-CreateInitialSchema';
import { AddScoringDetail1764290000000 } from './migrations/1764290000000-AddScoringDetail';
import { CreateWatchlists1764290000001 } from './migrations/1764290000001-CreateWatchlists';
import { CreateAlertRouting1764320000000 } from './migrations/1764320000000-CreateAlertRouting';
import { CreateExports1764330000000 } from './migrations/1764330000000-CreateExports';
import { CreateSourceCursors1764300000000 } from './migrations/1764300000000-CreateSourceCursors';
import { CreateClusters1764310000000 } from './migrations/1764310000000-CreateClusters';
import { SourceCursorEntity } from '../sources/source-cursor.entity';

export const ENTITIES = [
  UserEntity,
  SessionEntity,
  ApiKeyEntity,
  ObservationEntity,
  TermBucketEntity,
  SourceCursorEntity,
  AlertEntity,
  ...ALERT_ROUTING_ENTITIES,
  ...EXPORT_ENTITIES,
  ClusterEntity,
  AccountScoreEntity,
  WatchlistEntity,
];

// Listed explicitly (not globbed) so the same list works from sources, tests and the compiled build.
export const MIGRATIONS = [
  CreateInitialSchema1764280000000,
  AddScoringDetail1764290000000,
  CreateWatchlists1764290000001,
  CreateSourceCursors1764300000000,
  CreateClusters1764310000000,
  CreateAlertRouting1764320000000,
  CreateExports1764330000000,
];

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

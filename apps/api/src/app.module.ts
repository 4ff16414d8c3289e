import { type DynamicModule, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { ScheduleModule } from '@nestjs/schedule';
import { TypeOrmModule } from '@nestjs/typeorm';

import { AlertEntity } from './alerts/alert.entity';
import { AlertsController } from './alerts/alerts.controller';
import { AlertsService } from './alerts/alerts.service';
import {
  ALERT_ROUTING_CONTROLLERS,
  ALERT_ROUTING_PROVIDERS,
} from './alerts/alert-routing.providers';
import { ALERT_ROUTING_ENTITIES } from './alerts/alert-routing-entities';
import { AuthModule } from './auth/auth.module';
import { CoordinationModule } from './coordination/coordination.module';
import { validateEnv } from './config/env.validation';
import { DatabaseModule } from './database/database.module';
import { EXPORT_CONTROLLERS, EXPORT_ENTITIES, EXPORT_PROVIDERS } from './exports/exports.providers';
import { HealthController } from './health/health.controller';
import { IngestController } from './ingest/ingest.controller';
import { IngestService } from './ingest/ingest.service';
import { ObservationEntity } from './ingest/observation.entity';
import { RetentionScheduler } from './ingest/retention.scheduler';
import { PipelineScheduler } from './pipeline/pipeline.scheduler';
import { PipelineService } from './pipeline/pipeline.service';
import { LiveEvents } from './realtime/live-events';
import { RealtimeGateway } from './realtime/realtime.gateway';
import { LiveSimulatorService } from './simulator/live-simulator.service';
import { SourceCursorEntity } from './sources/source-cursor.entity';
import { SourcesController } from './sources/sources.controller';
import { SourcesScheduler } from './sources/sources.scheduler';
import { SourcesService } from './sources/sources.service';
import { SOURCES_ENV } from './sources/sources.tokens';
import { TermBucketEntity } from './terms/term-bucket.entity';
import { TermsController } from './terms/terms.controller';
import { TermsService } from './terms/terms.service';
import { WatchlistsModule } from './watchlists/watchlists.module';

export interface AppOptions {
  /** Database URL to use instead of DATABASE_URL (the embedded server's). */
  databaseUrl?: string;
  /** Pool size instead of DB_POOL_SIZE (the embedded server needs 1). */
  poolSize?: number;
  /** Environment to validate instead of process.env (tests). */
  env?: Record<string, string | undefined>;
}

@Module({})
export class AppModule {
  static register(options: AppOptions = {}): DynamicModule {
    const env = options.env;
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot({
          isGlobal: true,
          ignoreEnvFile: env !== undefined,
          validate: (raw) => validateEnv(env ?? raw),
        }),
        ScheduleModule.forRoot(),
        DatabaseModule.forRoot(options.databaseUrl, options.poolSize),
        TypeOrmModule.forFeature([
          ObservationEntity,
          TermBucketEntity,
          AlertEntity,
          SourceCursorEntity,
          ...ALERT_ROUTING_ENTITIES,
          ...EXPORT_ENTITIES,
        ]),
        AuthModule,
        CoordinationModule,
        WatchlistsModule,
      ],
      controllers: [
        HealthController,
        IngestController,
        TermsController,
        AlertsController,
        SourcesController,
        ...ALERT_ROUTING_CONTROLLERS,
        ...EXPORT_CONTROLLERS,
      ],
      providers: [
        LiveEvents,
        TermsService,
        AlertsService,
        PipelineService,
        PipelineScheduler,
        IngestService,
        RetentionScheduler,
        RealtimeGateway,
        LiveSimulatorService,
        ...ALERT_ROUTING_PROVIDERS,
        ...EXPORT_PROVIDERS,
        SourcesService,
        SourcesScheduler,
        // Credentials named in the sources file (`*Env`) are read from here.
        { provide: SOURCES_ENV, useValue: env ?? process.env },
      ],
    };
  }
}

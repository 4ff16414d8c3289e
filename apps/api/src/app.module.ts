import { type DynamicModule, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { ScheduleModule } from '@nestjs/schedule';
import { TypeOrmModule } from '@nestjs/typeorm';

import { AlertEntity } from './alerts/alert.entity';
import { AlertsController } from './alerts/alerts.controller';
import { AlertsService } from './alerts/alerts.service';
import { AuthModule } from './auth/auth.module';
import { validateEnv } from './config/env.validation';
import { DatabaseModule } from './database/database.module';
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
import { TermBucketEntity } from './terms/term-bucket.entity';
import { TermsController } from './terms/terms.controller';
import { TermsService } from './terms/terms.service';

export interface AppOptions {
  /** Database URL to use instead of DATABASE_URL (the embedded server's). */
  databaseUrl?: string;
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
        DatabaseModule.forRoot(options.databaseUrl),
        TypeOrmModule.forFeature([ObservationEntity, TermBucketEntity, AlertEntity]),
        AuthModule,
      ],
      controllers: [HealthController, IngestController, TermsController, AlertsController],
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
      ],
    };
  }
}

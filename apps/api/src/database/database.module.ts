import { type DynamicModule, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';

import type { Env } from '../config/env.validation';
import { ormOptions } from './orm-options';

@Module({})
export class DatabaseModule {
  /** `url` overrides DATABASE_URL; main.ts passes the embedded server's URL when none is configured. */
  static forRoot(url?: string, poolSize?: number): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [ConfigService],
          useFactory: (config: ConfigService<Env, true>) => {
            const resolved = url ?? config.get('DATABASE_URL', { infer: true });
            if (resolved === undefined) {
              throw new Error(
                'No database: set DATABASE_URL or let main.ts start the embedded one',
              );
            }
            return ormOptions(resolved, poolSize ?? config.get('DB_POOL_SIZE', { infer: true }));
          },
        }),
      ],
    };
  }
}

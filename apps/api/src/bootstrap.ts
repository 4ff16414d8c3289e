import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

import type { LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';

import { AppModule, type AppOptions } from './app.module';
import { AllExceptionsFilter } from './common/all-exceptions.filter';

const LEVELS: LogLevel[] = ['error', 'warn', 'log', 'debug', 'verbose'];

export interface CreateAppOptions extends AppOptions {
  dashboardDir?: string;
  logLevel?: LogLevel;
}

/** Builds the HTTP app exactly as production runs it; tests call this too. */
export async function createApp(options: CreateAppOptions = {}): Promise<NestExpressApplication> {
  const level = options.logLevel ?? 'log';
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(options), {
    logger: LEVELS.slice(0, LEVELS.indexOf(level) + 1),
    bodyParser: true,
  });
  app.use(helmet());
  app.disable('x-powered-by');
  app.useBodyParser('text', {
    type: ['application/x-ndjson', 'application/ndjson', 'text/plain'],
    limit: '64mb',
  });
  app.setGlobalPrefix('api');
  app.useGlobalFilters(new AllExceptionsFilter());

  const dashboard = resolve(options.dashboardDir ?? join(process.cwd(), 'dist', 'dashboard'));
  if (existsSync(join(dashboard, 'index.html'))) {
    app.useStaticAssets(dashboard, { index: 'index.html' });
    // Client-side routes: any other GET outside /api and /socket.io gets the app shell.
    app.use((req: Request, res: Response, next: NextFunction) => {
      if (
        req.method !== 'GET' ||
        req.path.startsWith('/api') ||
        req.path.startsWith('/socket.io')
      ) {
        next();
        return;
      }
      res.sendFile(join(dashboard, 'index.html'));
    });
  }
  return app;
}

import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { SchedulerRegistry } from '@nestjs/schedule';

import type { Env } from '../config/env.validation';
import { SourcesService } from './sources.service';

/** One dynamic interval per polling connector; each tick only checks config and calls the service. */
@Injectable()
export class SourcesScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(SourcesScheduler.name);
  private readonly names: string[] = [];

  constructor(
    private readonly config: ConfigService<Env, true>,
    private readonly sources: SourcesService,
    private readonly registry: SchedulerRegistry,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.get('SPREADWATCH_SOURCES', { infer: true }) === undefined) return;
    // Discovery (followTrending) starts and drops connectors while running.
    this.sources.onScheduleChange({
      add: (key, everyMs) => this.schedule(key, everyMs),
      remove: (key) => this.unschedule(key),
    });
    await this.sources.start();
    for (const { key, everyMs } of this.sources.pollSchedules()) this.schedule(key, everyMs);
  }

  private schedule(key: string, everyMs: number): void {
    const name = `source:${key}`;
    if (this.registry.doesExist('interval', name)) return;
    this.registry.addInterval(
      name,
      setInterval(() => void this.tick(key), everyMs),
    );
    this.names.push(name);
    // First poll right away rather than one interval after boot.
    void this.tick(key);
  }

  private unschedule(key: string): void {
    const name = `source:${key}`;
    if (this.registry.doesExist('interval', name)) this.registry.deleteInterval(name);
    const i = this.names.indexOf(name);
    if (i !== -1) this.names.splice(i, 1);
  }

  /** Polls one connector; the service records failures in its health. */
  async tick(key: string): Promise<void> {
    try {
      await this.sources.poll(key);
    } catch (err) {
      this.logger.error(`Poll of ${key} failed: ${(err as Error).message}`);
    }
  }

  onModuleDestroy(): void {
    for (const name of this.names) {
      if (this.registry.doesExist('interval', name)) this.registry.deleteInterval(name);
    }
    this.names.length = 0;
  }
}

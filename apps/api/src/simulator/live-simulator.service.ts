import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Observation } from '@spreadwatch/contracts';
import { simulate } from '@spreadwatch/simulator';

import type { Env } from '../config/env.validation';
import { PipelineService } from '../pipeline/pipeline.service';
import { TermsService } from '../terms/terms.service';

const TICK_MS = 250;
const MAX_BATCH = 2_000;

/**
 * The default live source: plays the simulator's world at SIMULATOR_SPEED simulated seconds per real second,
 * through the same ingest path as every other source.
 */
@Injectable()
export class LiveSimulatorService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(LiveSimulatorService.name);
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private iterator: Iterator<Observation> | undefined;
  private pending: Observation | undefined;
  private simStart = 0;
  private wallStart = 0;
  private runId = '';

  constructor(
    private readonly config: ConfigService<Env, true>,
    private readonly pipeline: PipelineService,
    private readonly terms: TermsService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.get('SIMULATOR_ENABLED', { infer: true })) return;
    // Continue simulated time where the stored data ends, so a restart never goes back in event time.
    const latest = await this.terms.latestBucket();
    const now = Date.now();
    const start = Math.ceil(Math.max(now, (latest?.getTime() ?? 0) + 60_000) / 60_000) * 60_000;
    this.simStart = start;
    this.wallStart = now;
    // Post ids restart with each run of the world; the run id keeps them unique per (source, id).
    this.runId = start.toString(36);
    const scenario = this.config.get('SIMULATOR_SCENARIO', { infer: true });
    const seed = this.config.get('SIMULATOR_SEED', { infer: true });
    this.iterator = simulate({ scenario, seed, start: new Date(start).toISOString() }).observations[
      Symbol.iterator
    ]();
    this.logger.log(
      `Simulator "${scenario}" (seed ${seed}) from ${new Date(start).toISOString()} at ${this.speed()}x`,
    );
    this.timer = setInterval(() => void this.step(), TICK_MS);
  }

  onModuleDestroy(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  private speed(): number {
    return this.config.get('SIMULATOR_SPEED', { infer: true });
  }

  private nextFromWorld(): Observation | undefined {
    const result = this.iterator?.next();
    return result === undefined || result.done === true ? undefined : result.value;
  }

  /** Emits everything the simulated clock has reached; skips a tick while the previous one is still storing. */
  private async step(): Promise<void> {
    if (this.running || this.iterator === undefined) return;
    this.running = true;
    try {
      const simNow = this.simStart + (Date.now() - this.wallStart) * this.speed();
      const batch: Observation[] = [];
      while (batch.length < MAX_BATCH) {
        const next = this.pending ?? this.nextFromWorld();
        this.pending = undefined;
        if (next === undefined) break;
        if (Date.parse(tsOf(next)) > simNow) {
          this.pending = next;
          break;
        }
        batch.push(next.type === 'post' ? { ...next, id: `${this.runId}-${next.id}` } : next);
      }
      if (batch.length > 0) await this.pipeline.ingest(batch);
    } catch (err) {
      this.logger.error(`Simulator step failed: ${(err as Error).message}`);
    } finally {
      this.running = false;
    }
  }
}

function tsOf(obs: Observation): string {
  return obs.type === 'delete' ? '' : obs.ts;
}

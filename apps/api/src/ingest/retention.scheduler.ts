import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Cron, CronExpression } from '@nestjs/schedule';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';

import type { Env } from '../config/env.validation';
import { ObservationEntity } from './observation.entity';

/** Post text and identifiers are kept for RETENTION_DAYS after ingest; buckets and scores stay. */
@Injectable()
export class RetentionScheduler {
  private readonly logger = new Logger(RetentionScheduler.name);

  constructor(
    @InjectRepository(ObservationEntity)
    private readonly observations: Repository<ObservationEntity>,
    private readonly config: ConfigService<Env, true>,
  ) {}

  @Cron(CronExpression.EVERY_HOUR, { name: 'retention' })
  async run(): Promise<void> {
    try {
      const purged = await this.purge(new Date());
      if (purged > 0) this.logger.log(`Purged text and identifiers of ${purged} posts`);
    } catch (err) {
      this.logger.error(`Retention purge failed: ${(err as Error).message}`);
    }
  }

  /** Blanks text and identifiers of posts ingested before `now - RETENTION_DAYS`; returns how many. */
  async purge(now: Date): Promise<number> {
    const days = this.config.get('RETENTION_DAYS', { infer: true });
    const cutoff = new Date(now.getTime() - days * 86_400_000);
    const result = await this.observations
      .createQueryBuilder()
      .update(ObservationEntity)
      .set({ text: null, authorId: null, authorHandle: null, urls: null })
      .where('ingested_at < :cutoff', { cutoff })
      .andWhere(
        '(text IS NOT NULL OR author_id IS NOT NULL OR author_handle IS NOT NULL OR urls IS NOT NULL)',
      )
      .execute();
    return result.affected ?? 0;
  }
}

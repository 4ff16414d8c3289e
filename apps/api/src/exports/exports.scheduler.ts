import { Injectable, Logger } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';

import { ExportsService } from './exports.service';

/** Deletes expired export files (EXPORT_TTL_HOURS after they finished). */
@Injectable()
export class ExportsScheduler {
  private readonly logger = new Logger(ExportsScheduler.name);

  constructor(private readonly exports: ExportsService) {}

  @Cron(CronExpression.EVERY_10_MINUTES, { name: 'export-expiry' })
  async run(): Promise<void> {
    try {
      const purged = await this.exports.purgeExpired(new Date());
      if (purged > 0) this.logger.log(`Expired ${purged} exports`);
    } catch (err) {
      this.logger.error(`Export expiry failed: ${(err as Error).message}`);
    }
  }
}

import { Injectable, Logger } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';

import { PipelineService } from './pipeline.service';

@Injectable()
export class PipelineScheduler {
  private readonly logger = new Logger(PipelineScheduler.name);

  constructor(private readonly pipeline: PipelineService) {}

  /** Closes minutes when sources go quiet; cheap when nothing is due. */
  @Interval('pipeline-tick', 1_000)
  async tick(): Promise<void> {
    try {
      await this.pipeline.tick();
    } catch (err) {
      this.logger.error(`Pipeline tick failed: ${(err as Error).message}`);
    }
  }
}

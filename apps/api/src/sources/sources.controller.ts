import { Controller, Get } from '@nestjs/common';
import type { SourceHealth } from '@spreadwatch/contracts';

import { SourcesService } from './sources.service';

@Controller('sources')
export class SourcesController {
  constructor(private readonly sources: SourcesService) {}

  /** Health of every configured connector: last success, lag, errors, next poll, circuit, rate limit. */
  @Get()
  list(): SourceHealth[] {
    return this.sources.health();
  }
}

import { BadRequestException, Body, Controller, HttpCode, Post } from '@nestjs/common';
import type { IngestReport } from '@spreadwatch/contracts';

import { IngestService } from './ingest.service';

@Controller('ingest')
export class IngestController {
  constructor(private readonly ingest: IngestService) {}

  /**
   * Takes observation NDJSON (`application/x-ndjson`). Each line is validated on its own: the response lists
   * rejected lines by number, and every good line is stored and scored.
   */
  @Post()
  @HttpCode(200)
  async post(@Body() body: unknown): Promise<IngestReport> {
    if (typeof body !== 'string' || body.trim().length === 0) {
      throw new BadRequestException(
        'Body must be observation NDJSON sent as application/x-ndjson (one JSON object per line)',
      );
    }
    return this.ingest.ingestNdjson(body);
  }
}

import { Controller, Get, Query } from '@nestjs/common';
import type { AlertPage } from '@spreadwatch/contracts';
import { z } from 'zod';

import { ZodValidationPipe } from '../common/zod-validation.pipe';
import { AlertsService } from './alerts.service';

const AlertsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  before: z.coerce.number().int().positive().optional(),
});

@Controller('alerts')
export class AlertsController {
  constructor(private readonly alerts: AlertsService) {}

  /** Newest first, by seq; pass `nextCursor` as `before` for the next page. */
  @Get()
  async list(
    @Query(new ZodValidationPipe(AlertsQuery)) query: z.infer<typeof AlertsQuery>,
  ): Promise<AlertPage> {
    return this.alerts.page(query.limit, query.before);
  }
}

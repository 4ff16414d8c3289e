import {
  Body,
  Controller,
  ForbiddenException,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
} from '@nestjs/common';
import {
  AcknowledgeRequest,
  AssignRequest,
  NoteRequest,
  ResolveRequest,
  type Alert,
  type AlertActivity,
  type AlertPage,
  type CurrentUser as User,
} from '@spreadwatch/contracts';
import { z } from 'zod';

import { CurrentUser } from '../auth/current-user.decorator';
import { ZodValidationPipe } from '../common/zod-validation.pipe';
import { AlertLifecycleService } from './alert-lifecycle.service';
import { AlertsService } from './alerts.service';

const AlertsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  before: z.coerce.number().int().positive().optional(),
});

/** Who may act on alerts: analysts and admins handle them; desks and researchers only read. */
function mayHandle(user: User): void {
  if (user.role !== 'admin' && user.role !== 'analyst') {
    throw new ForbiddenException('Only analysts and admins handle alerts');
  }
}

@Controller('alerts')
export class AlertsController {
  constructor(
    private readonly alerts: AlertsService,
    private readonly lifecycle: AlertLifecycleService,
  ) {}

  /** Newest first, by seq; pass `nextCursor` as `before` for the next page. */
  @Get()
  async list(
    @Query(new ZodValidationPipe(AlertsQuery)) query: z.infer<typeof AlertsQuery>,
  ): Promise<AlertPage> {
    return this.alerts.page(query.limit, query.before);
  }

  /** The audit trail: fired, updated, acknowledged, assigned, resolved, notes; oldest first. */
  @Get(':id/activity')
  activity(@Param('id', new ParseUUIDPipe()) id: string): Promise<AlertActivity[]> {
    return this.lifecycle.history(id);
  }

  @Post(':id/acknowledge')
  @HttpCode(200)
  acknowledge(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body(new ZodValidationPipe(AcknowledgeRequest)) body: z.infer<typeof AcknowledgeRequest>,
    @CurrentUser() user: User,
  ): Promise<Alert> {
    mayHandle(user);
    return this.lifecycle.acknowledge(id, user, body.note);
  }

  @Post(':id/assign')
  @HttpCode(200)
  assign(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body(new ZodValidationPipe(AssignRequest)) body: z.infer<typeof AssignRequest>,
    @CurrentUser() user: User,
  ): Promise<Alert> {
    mayHandle(user);
    return this.lifecycle.assign(id, user, body.assignee, body.note);
  }

  @Post(':id/resolve')
  @HttpCode(200)
  resolve(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body(new ZodValidationPipe(ResolveRequest)) body: z.infer<typeof ResolveRequest>,
    @CurrentUser() user: User,
  ): Promise<Alert> {
    mayHandle(user);
    return this.lifecycle.resolve(id, user, body.note);
  }

  @Post(':id/notes')
  @HttpCode(201)
  note(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body(new ZodValidationPipe(NoteRequest)) body: z.infer<typeof NoteRequest>,
    @CurrentUser() user: User,
  ): Promise<AlertActivity> {
    mayHandle(user);
    return this.lifecycle.note(id, user, body.note);
  }
}

import {
  Body,
  Controller,
  Delete,
  ForbiddenException,
  Get,
  Header,
  HttpCode,
  NotFoundException,
  Param,
  ParseUUIDPipe,
  Post,
  Put,
  Query,
} from '@nestjs/common';
import {
  RoutingConfigSchema,
  RuleInputSchema,
  SilenceInputSchema,
  SubscriptionInputSchema,
  type AlertRuleView,
  type CurrentUser as User,
  type RoutingConfig,
  type RoutingConfigView,
  type RuleInput,
  type SilenceInput,
  type SilenceView,
  type SubscriptionInput,
  type SubscriptionView,
} from '@spreadwatch/contracts';
import { z } from 'zod';

import { CurrentUser } from '../auth/current-user.decorator';
import { Public } from '../auth/public.decorator';
import { ZodValidationPipe } from '../common/zod-validation.pipe';
import { AlertDispatchService } from './delivery/alert-dispatch.service';
import { AlertConfigService } from './routing/alert-config.service';

const UnsubscribeQuery = z.object({
  token: z.string().min(16, 'is missing or malformed').max(100),
});

function requireRole(user: User, ...roles: User['role'][]): void {
  if (!roles.includes(user.role)) throw new ForbiddenException(`Needs role ${roles.join(' or ')}`);
}

/** Rules, routing, silences and desk subscriptions (issue #6, ADR 0007). */
@Controller('alerting')
export class AlertingController {
  constructor(
    private readonly config: AlertConfigService,
    private readonly dispatch: AlertDispatchService,
  ) {}

  @Get('rules')
  rules(): Promise<AlertRuleView[]> {
    return this.config.listRules();
  }

  @Post('rules')
  createRule(
    @Body(new ZodValidationPipe(RuleInputSchema)) body: RuleInput,
    @CurrentUser() user: User,
  ): Promise<AlertRuleView> {
    requireRole(user, 'admin', 'analyst');
    return this.config.createRule(body, user);
  }

  @Put('rules/:id')
  updateRule(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body(new ZodValidationPipe(RuleInputSchema)) body: RuleInput,
    @CurrentUser() user: User,
  ): Promise<AlertRuleView> {
    requireRole(user, 'admin', 'analyst');
    return this.config.updateRule(id, body);
  }

  @Delete('rules/:id')
  @HttpCode(204)
  deleteRule(
    @Param('id', new ParseUUIDPipe()) id: string,
    @CurrentUser() user: User,
  ): Promise<void> {
    requireRole(user, 'admin', 'analyst');
    return this.config.deleteRule(id);
  }

  /** The routing tree, inhibit rules and receivers; webhook secrets are never returned. */
  @Get('routing')
  routing(): RoutingConfigView {
    const view = this.config.routingView();
    return { ...view, receivers: view.receivers.map(({ secret: _secret, ...r }) => r) };
  }

  @Put('routing')
  async saveRouting(
    @Body(new ZodValidationPipe(RoutingConfigSchema)) body: RoutingConfig,
    @CurrentUser() user: User,
  ): Promise<RoutingConfigView> {
    requireRole(user, 'admin');
    await this.config.saveRouting(body, user);
    return this.routing();
  }

  @Get('silences')
  silences(): Promise<SilenceView[]> {
    return this.config.listSilences(Date.now());
  }

  @Post('silences')
  async createSilence(
    @Body(new ZodValidationPipe(SilenceInputSchema)) body: SilenceInput,
    @CurrentUser() user: User,
  ): Promise<SilenceView> {
    requireRole(user, 'admin', 'analyst');
    const view = await this.config.createSilence(body, user, Date.now());
    await this.dispatch.silenceCreated(view);
    return view;
  }

  /** Expires a silence now; its alerts notify again at their group's next flush. */
  @Delete('silences/:id')
  async expireSilence(
    @Param('id', new ParseUUIDPipe()) id: string,
    @CurrentUser() user: User,
  ): Promise<SilenceView> {
    requireRole(user, 'admin', 'analyst');
    const view = await this.dispatch.silenceExpiredByUser(id);
    return view ?? this.config.getSilence(id, Date.now());
  }

  @Get('subscriptions')
  subscriptions(@CurrentUser() user: User): Promise<SubscriptionView[]> {
    return this.config.listSubscriptions(user);
  }

  @Post('subscriptions')
  createSubscription(
    @Body(new ZodValidationPipe(SubscriptionInputSchema)) body: SubscriptionInput,
    @CurrentUser() user: User,
  ): Promise<SubscriptionView> {
    requireRole(user, 'admin', 'analyst', 'desk');
    return this.config.createSubscription(body, user);
  }

  @Put('subscriptions/:id')
  updateSubscription(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body(new ZodValidationPipe(SubscriptionInputSchema)) body: SubscriptionInput,
    @CurrentUser() user: User,
  ): Promise<SubscriptionView> {
    requireRole(user, 'admin', 'analyst', 'desk');
    return this.config.updateSubscription(id, body, user);
  }

  @Delete('subscriptions/:id')
  @HttpCode(204)
  deleteSubscription(
    @Param('id', new ParseUUIDPipe()) id: string,
    @CurrentUser() user: User,
  ): Promise<void> {
    requireRole(user, 'admin', 'analyst', 'desk');
    return this.config.deleteSubscription(id, user);
  }

  /** RFC 8058 one-click unsubscribe: mail clients POST `List-Unsubscribe=One-Click` here. */
  @Public()
  @Post('unsubscribe')
  @HttpCode(200)
  @Header('content-type', 'text/plain; charset=utf-8')
  async unsubscribePost(
    @Query(new ZodValidationPipe(UnsubscribeQuery)) q: z.infer<typeof UnsubscribeQuery>,
  ): Promise<string> {
    if (!(await this.config.unsubscribe(q.token)))
      throw new NotFoundException('Unknown or already used unsubscribe link');
    return 'You are unsubscribed from these Spreadwatch alerts.';
  }

  /** A person clicking the link in a browser: the same, as a page. */
  @Public()
  @Get('unsubscribe')
  @Header('content-type', 'text/plain; charset=utf-8')
  async unsubscribeGet(
    @Query(new ZodValidationPipe(UnsubscribeQuery)) q: z.infer<typeof UnsubscribeQuery>,
  ): Promise<string> {
    return this.unsubscribePost(q);
  }
}

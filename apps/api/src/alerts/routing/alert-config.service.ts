import { randomBytes } from 'node:crypto';

import {
  BadRequestException,
  ConflictException,
  Injectable,
  Logger,
  NotFoundException,
  type OnModuleInit,
} from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import {
  Inhibitor,
  RoutingTree,
  RuleEngine,
  SilenceSet,
  silenceState,
  type RuleDefinition,
  type SilenceSpec,
} from '@spreadwatch/alerting';
import {
  type AlertRuleView,
  type CurrentUser,
  type RoutingConfig,
  type RoutingConfigView,
  type RuleInput,
  type SilenceInput,
  type SilenceView,
  type SubscriptionInput,
  type SubscriptionView,
} from '@spreadwatch/contracts';
import { IsNull, Repository } from 'typeorm';

import { AlertEntity } from '../alert.entity';
import { AlertRuleEntity } from './alert-rule.entity';
import { DeskSubscriptionEntity } from './desk-subscription.entity';
import { RoutingConfigEntity } from './routing-config.entity';
import { SilenceEntity } from './silence.entity';

/** Receivers that always exist: the live dashboard (sockets) and every desk subscription. */
export const BUILT_IN_RECEIVERS = ['dashboard', 'desks'] as const;

/** Until someone saves a configuration: desk mails grouped per term, Alertmanager's timings. */
export const DEFAULT_ROUTING: RoutingConfig = {
  route: {
    receiver: 'desks',
    groupBy: ['term'],
    groupWait: 30_000,
    groupInterval: 300_000,
    repeatInterval: 4 * 3_600_000,
  },
  inhibitRules: [
    {
      sourceMatchers: [{ name: 'severity', op: '=', value: 'critical' }],
      targetMatchers: [{ name: 'severity', op: '=', value: 'warning' }],
      equal: ['term'],
    },
  ],
  receivers: [],
};

/**
 * Rules, routing, silences and desk subscriptions: stored in Postgres, validated, and held compiled in memory
 * for the pipeline and the dispatcher. Listeners hear about every change so they can swap what they hold.
 */
@Injectable()
export class AlertConfigService implements OnModuleInit {
  private readonly logger = new Logger(AlertConfigService.name);
  readonly silences = new SilenceSet();
  readonly rules = new RuleEngine();
  private routing: RoutingConfigView = {
    ...DEFAULT_ROUTING,
    version: 0,
    updatedBy: null,
    updatedAt: null,
  };
  private tree = new RoutingTree(DEFAULT_ROUTING.route);
  private inhibitor = new Inhibitor(DEFAULT_ROUTING.inhibitRules);
  private readonly routingListeners: (() => void)[] = [];

  constructor(
    @InjectRepository(AlertRuleEntity) private readonly ruleRepo: Repository<AlertRuleEntity>,
    @InjectRepository(RoutingConfigEntity)
    private readonly routingRepo: Repository<RoutingConfigEntity>,
    @InjectRepository(SilenceEntity) private readonly silenceRepo: Repository<SilenceEntity>,
    @InjectRepository(DeskSubscriptionEntity)
    private readonly subRepo: Repository<DeskSubscriptionEntity>,
    @InjectRepository(AlertEntity) private readonly alertRepo: Repository<AlertEntity>,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.reloadRules();
    // Firing rule alerts re-arm their rule so the same condition updates them instead of firing anew.
    const firing = await this.alertRepo.find({ where: { status: 'firing' } });
    this.rules.restore(
      firing.map((a) => ({
        fingerprint: a.fingerprint,
        kind: a.kind,
        status: a.status,
        severity: a.severity,
        labels: a.labels,
        ...(a.term === null ? {} : { term: a.term }),
        score: a.score,
        firedAt: a.firedAt.toISOString(),
        resolvedAt: null,
        summary: a.summary,
        evidence: a.evidence,
      })),
    );
    const latest = await this.routingRepo.find({ order: { version: 'DESC' }, take: 1 });
    if (latest[0] !== undefined) this.applyRouting(latest[0]);
    for (const s of await this.silenceRepo.find({ where: { expiredAt: IsNull() } }))
      this.silences.upsert(toSpec(s));
  }

  // ---- routing ----

  routingView(): RoutingConfigView {
    return this.routing;
  }

  routingTree(): RoutingTree {
    return this.tree;
  }

  inhibitorNow(): Inhibitor {
    return this.inhibitor;
  }

  onRoutingChange(listener: () => void): void {
    this.routingListeners.push(listener);
  }

  receiver(name: string): RoutingConfig['receivers'][number] | undefined {
    return this.routing.receivers.find((r) => r.name === name);
  }

  async saveRouting(config: RoutingConfig, user: CurrentUser): Promise<RoutingConfigView> {
    const names = new Set<string>([...BUILT_IN_RECEIVERS, ...config.receivers.map((r) => r.name)]);
    if (names.size !== BUILT_IN_RECEIVERS.length + config.receivers.length) {
      throw new BadRequestException('receivers: names must be unique and not dashboard or desks');
    }
    let tree: RoutingTree;
    try {
      tree = new RoutingTree(config.route);
    } catch (err) {
      throw new BadRequestException((err as Error).message);
    }
    for (const name of tree.receivers()) {
      if (!names.has(name)) throw new BadRequestException(`route: unknown receiver "${name}"`);
    }
    const row = await this.routingRepo.save({ config, createdBy: user.username });
    this.applyRouting(row);
    return this.routing;
  }

  private applyRouting(row: RoutingConfigEntity): void {
    this.tree = new RoutingTree(row.config.route);
    this.inhibitor = new Inhibitor(row.config.inhibitRules);
    this.routing = {
      ...row.config,
      version: row.version,
      updatedBy: row.createdBy,
      updatedAt: row.createdAt.toISOString(),
    };
    for (const l of this.routingListeners) l();
  }

  // ---- rules ----

  async listRules(): Promise<AlertRuleView[]> {
    return (await this.ruleRepo.find({ order: { name: 'ASC' } })).map(toRuleView);
  }

  async createRule(input: RuleInput, user: CurrentUser): Promise<AlertRuleView> {
    if ((await this.ruleRepo.count({ where: { name: input.name } })) > 0) {
      throw new ConflictException(`A rule named ${input.name} exists`);
    }
    const row = await this.ruleRepo.save({
      name: input.name,
      definition: input,
      createdBy: user.username,
    });
    await this.reloadRules();
    return toRuleView(row);
  }

  async updateRule(id: string, input: RuleInput): Promise<AlertRuleView> {
    const row = await this.ruleRepo.findOne({ where: { id } });
    if (row === null) throw new NotFoundException(`No rule ${id}`);
    row.name = input.name;
    row.definition = input;
    const saved = await this.ruleRepo.save(row);
    await this.reloadRules();
    return toRuleView(saved);
  }

  async deleteRule(id: string): Promise<void> {
    const res = await this.ruleRepo.delete({ id });
    if (res.affected === 0) throw new NotFoundException(`No rule ${id}`);
    await this.reloadRules();
  }

  private async reloadRules(): Promise<void> {
    const rows = await this.ruleRepo.find();
    this.rules.setRules(rows.map((r): RuleDefinition => ({ ...r.definition, id: r.id })));
  }

  // ---- silences ----

  async listSilences(now: number): Promise<SilenceView[]> {
    const rows = await this.silenceRepo.find({ order: { createdAt: 'DESC' }, take: 500 });
    return rows.map((r) => toSilenceView(r, now));
  }

  async createSilence(input: SilenceInput, user: CurrentUser, now: number): Promise<SilenceView> {
    const startsAt = input.startsAt === undefined ? new Date(now) : new Date(input.startsAt);
    if (input.endsAt !== undefined && Date.parse(input.endsAt) <= now) {
      throw new BadRequestException('endsAt: must be in the future');
    }
    const row = await this.silenceRepo.save({
      matchers: input.matchers,
      startsAt,
      endsAt: input.endsAt === undefined ? null : new Date(input.endsAt),
      comment: input.comment,
      createdBy: user.username,
      expireWhenResolved: input.expireWhenResolved,
      expiredAt: null,
      expiredReason: null,
    });
    this.silences.upsert(toSpec(row));
    return toSilenceView(row, now);
  }

  /** Persists an expiry the silence set decided (or a user asked for). */
  async markExpired(id: string, at: number, reason: string): Promise<SilenceView | null> {
    const row = await this.silenceRepo.findOne({ where: { id } });
    if (row === null) return null;
    if (row.expiredAt === null) {
      row.expiredAt = new Date(at);
      row.expiredReason = reason;
      await this.silenceRepo.save(row);
    }
    return toSilenceView(row, at);
  }

  async getSilence(id: string, now: number): Promise<SilenceView> {
    const row = await this.silenceRepo.findOne({ where: { id } });
    if (row === null) throw new NotFoundException(`No silence ${id}`);
    return toSilenceView(row, now);
  }

  // ---- subscriptions ----

  async listSubscriptions(user: CurrentUser): Promise<SubscriptionView[]> {
    const rows = await this.subRepo.find({
      where: user.role === 'admin' || user.role === 'analyst' ? {} : { createdBy: user.username },
      order: { createdAt: 'ASC' },
    });
    return rows.map(toSubscriptionView);
  }

  async activeSubscriptions(): Promise<DeskSubscriptionEntity[]> {
    return this.subRepo.find({ where: { active: true }, order: { createdAt: 'ASC' } });
  }

  async createSubscription(input: SubscriptionInput, user: CurrentUser): Promise<SubscriptionView> {
    const row = await this.subRepo.save({
      email: input.email,
      definition: input,
      active: true,
      unsubscribeToken: randomBytes(24).toString('base64url'),
      lastDigestAt: null,
      createdBy: user.username,
    });
    return toSubscriptionView(row);
  }

  async updateSubscription(
    id: string,
    input: SubscriptionInput,
    user: CurrentUser,
  ): Promise<SubscriptionView> {
    const row = await this.ownedSubscription(id, user);
    row.email = input.email;
    row.definition = input;
    row.active = true;
    return toSubscriptionView(await this.subRepo.save(row));
  }

  async deleteSubscription(id: string, user: CurrentUser): Promise<void> {
    await this.subRepo.remove(await this.ownedSubscription(id, user));
  }

  /** One-click unsubscribe: the token switches its own subscription off and nothing else. */
  async unsubscribe(token: string): Promise<boolean> {
    const res = await this.subRepo.update(
      { unsubscribeToken: token, active: true },
      { active: false },
    );
    return (res.affected ?? 0) > 0;
  }

  async markDigestSent(id: string, at: Date): Promise<void> {
    await this.subRepo.update({ id }, { lastDigestAt: at });
  }

  private async ownedSubscription(id: string, user: CurrentUser): Promise<DeskSubscriptionEntity> {
    const row = await this.subRepo.findOne({ where: { id } });
    const mayEdit =
      row !== null &&
      (user.role === 'admin' || user.role === 'analyst' || row.createdBy === user.username);
    if (row === null || !mayEdit) throw new NotFoundException(`No subscription ${id}`);
    return row;
  }

  logError(message: string): void {
    this.logger.error(message);
  }
}

function toRuleView(r: AlertRuleEntity): AlertRuleView {
  return {
    ...r.definition,
    id: r.id,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

export function toSpec(r: SilenceEntity): SilenceSpec {
  return {
    id: r.id,
    matchers: r.matchers,
    startsAt: r.startsAt.getTime(),
    endsAt: r.endsAt === null ? null : r.endsAt.getTime(),
    createdBy: r.createdBy,
    comment: r.comment,
    expireWhenResolved: r.expireWhenResolved,
    expiredAt: r.expiredAt === null ? null : r.expiredAt.getTime(),
  };
}

export function toSilenceView(r: SilenceEntity, now: number): SilenceView {
  return {
    id: r.id,
    matchers: r.matchers,
    startsAt: r.startsAt.toISOString(),
    endsAt: r.endsAt === null ? null : r.endsAt.toISOString(),
    comment: r.comment,
    createdBy: r.createdBy,
    expireWhenResolved: r.expireWhenResolved,
    state: silenceState(toSpec(r), now),
    expiredAt: r.expiredAt === null ? null : r.expiredAt.toISOString(),
    expiredReason: r.expiredReason,
  };
}

function toSubscriptionView(r: DeskSubscriptionEntity): SubscriptionView {
  return {
    ...r.definition,
    email: r.email,
    id: r.id,
    active: r.active,
    createdBy: r.createdBy,
    createdAt: r.createdAt.toISOString(),
  };
}

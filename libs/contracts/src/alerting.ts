import { z } from 'zod';

import { Severity } from './alert';
import { IsoInstant } from './common';

// Alert routing contracts (issue #6, ADR 0007): rules, routes, silences, subscriptions, lifecycle.

const DURATION_UNITS_MS: Record<string, number> = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

/** Parses `"30s"`, `"5m"`, `"1h30m"` (Alertmanager style) to milliseconds; null when malformed. */
export function parseDuration(text: string): number | null {
  if (!/^(\d+(ms|s|m|h|d))+$/.test(text)) return null;
  let total = 0;
  for (const part of text.matchAll(/(\d+)(ms|s|m|h|d)/g)) {
    total += Number(part[1]) * (DURATION_UNITS_MS[part[2] ?? ''] ?? 0);
  }
  return total;
}

/** A duration as milliseconds (number) or an Alertmanager-style string; always parsed to milliseconds. */
export const Duration = z.union([
  z.number().int().nonnegative(),
  z.string().transform((text, ctx) => {
    const ms = parseDuration(text);
    if (ms === null) {
      ctx.addIssue({ code: 'custom', message: 'must be a duration like 30s, 5m or 1h30m' });
      return z.NEVER;
    }
    return ms;
  }),
]);

export const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** One label matcher: `=` equals, `!=` differs, `=~` matches the anchored regex, `!~` does not. */
export const MatcherSchema = z
  .object({
    name: z.string().regex(LABEL_NAME, 'must be a label name'),
    op: z.enum(['=', '!=', '=~', '!~']).default('='),
    value: z.string(),
  })
  .superRefine((m, ctx) => {
    if (m.op !== '=~' && m.op !== '!~') return;
    try {
      new RegExp(`^(?:${m.value})$`);
    } catch {
      ctx.addIssue({
        code: 'custom',
        path: ['value'],
        message: 'is not a valid regular expression',
      });
    }
  });
export type Matcher = z.infer<typeof MatcherSchema>;

export interface RouteConfig {
  receiver?: string | undefined;
  matchers?: Matcher[] | undefined;
  continue?: boolean | undefined;
  groupBy?: string[] | undefined;
  groupWait?: number | undefined;
  groupInterval?: number | undefined;
  repeatInterval?: number | undefined;
  routes?: RouteConfig[] | undefined;
}

/** A node of the routing tree; children inherit unset fields from their parent. */
export const RouteSchema: z.ZodType<RouteConfig, unknown> = z.lazy(() =>
  z.object({
    receiver: z.string().min(1).optional(),
    matchers: z.array(MatcherSchema).optional(),
    continue: z.boolean().optional(),
    /** Label names; `...` groups by every label. */
    groupBy: z
      .array(z.string().regex(/^(\.\.\.|[a-zA-Z_][a-zA-Z0-9_]*)$/, 'must be a label name or ...'))
      .optional(),
    groupWait: Duration.optional(),
    groupInterval: Duration.optional(),
    repeatInterval: Duration.optional(),
    routes: z.array(RouteSchema).optional(),
  }),
);

/** A critical alert mutes its warnings: targets matching while a source with equal labels fires are muted. */
export const InhibitRuleSchema = z.object({
  sourceMatchers: z.array(MatcherSchema).min(1, 'needs at least one matcher'),
  targetMatchers: z.array(MatcherSchema).min(1, 'needs at least one matcher'),
  equal: z.array(z.string().regex(LABEL_NAME, 'must be a label name')).default([]),
});
export type InhibitRule = z.infer<typeof InhibitRuleSchema>;

export const RECEIVER_TYPES = ['dashboard', 'desks', 'slack', 'webhook'] as const;
export const ReceiverType = z.enum(RECEIVER_TYPES);
export type ReceiverType = z.infer<typeof ReceiverType>;

export const ReceiverSchema = z
  .object({
    name: z
      .string()
      .regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'must be lower-case letters, digits, - or _'),
    type: ReceiverType,
    /** Webhook URL (http or https) for `slack` and `webhook`. */
    url: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).optional(),
    /** HMAC-SHA256 key for `webhook`; the signature goes in `X-Spreadwatch-Signature`. */
    secret: z.string().min(16, 'must be at least 16 characters').optional(),
    sendResolved: z.boolean().default(true),
  })
  .superRefine((r, ctx) => {
    if ((r.type === 'slack' || r.type === 'webhook') && r.url === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['url'],
        message: `is required for a ${r.type} receiver`,
      });
    }
  });
export type Receiver = z.infer<typeof ReceiverSchema>;

/** The whole routing configuration, edited as one document (like alertmanager.yml's route + inhibit_rules). */
export const RoutingConfigSchema = z.object({
  route: RouteSchema,
  inhibitRules: z.array(InhibitRuleSchema).default([]),
  /** Webhook and Slack receivers; `dashboard` and `desks` always exist. */
  receivers: z.array(ReceiverSchema).default([]),
});
export type RoutingConfig = z.infer<typeof RoutingConfigSchema>;

export interface RoutingConfigView extends RoutingConfig {
  version: number;
  updatedBy: string | null;
  updatedAt: string | null;
}

// ---- declarative rules ----

export const RULE_METRICS = [
  'score',
  'count',
  'uniqueAuthors',
  'rate',
  'baseline',
  'velocity',
  'windowCount',
  'expectedWindowCount',
  'windowUniqueAuthors',
  'ratio',
  'dispersion',
  'amplificationShare',
  'coordinatedAccounts',
] as const;
export const RuleMetric = z.enum(RULE_METRICS);
export type RuleMetric = z.infer<typeof RuleMetric>;

export type Condition =
  | { metric: RuleMetric; op: '>' | '>=' | '<' | '<=' | '==' | '!='; value: number }
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition };

/** Composite condition over a term's metrics: comparisons combined with all / any / not. */
export const ConditionSchema: z.ZodType<Condition, unknown> = z.lazy(() =>
  z.union([
    z.strictObject({
      metric: RuleMetric,
      op: z.enum(['>', '>=', '<', '<=', '==', '!=']),
      value: z.number(),
    }),
    z.strictObject({ all: z.array(ConditionSchema).min(1, 'needs at least one condition') }),
    z.strictObject({ any: z.array(ConditionSchema).min(1, 'needs at least one condition') }),
    z.strictObject({ not: ConditionSchema }),
  ]),
);

export const RuleInputSchema = z.object({
  name: z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,62}$/, 'must be letters, digits or _'),
  description: z.string().max(500).default(''),
  enabled: z.boolean().default(true),
  when: ConditionSchema,
  severity: Severity.default('warning'),
  /** Ordered: the first matching escalation sets the severity (never downgraded within one episode). */
  escalate: z.array(z.object({ severity: Severity, when: ConditionSchema })).default([]),
  /** Consecutive matching minutes before firing (Prometheus `for`). */
  forMinutes: z.number().int().min(1).max(1440).default(1),
  /** Consecutive non-matching minutes before resolving. */
  resolveAfterMinutes: z.number().int().min(1).max(1440).default(5),
  labels: z.record(z.string().regex(LABEL_NAME, 'must be a label name'), z.string()).default({}),
});
export type RuleInput = z.infer<typeof RuleInputSchema>;

export interface AlertRuleView extends RuleInput {
  id: string;
  createdAt: string;
  updatedAt: string;
}

// ---- silences ----

export const SilenceInputSchema = z
  .object({
    matchers: z.array(MatcherSchema).min(1, 'needs at least one matcher'),
    startsAt: IsoInstant.optional(),
    endsAt: IsoInstant.optional(),
    comment: z.string().min(1, 'is required').max(1000),
    /** Expire as soon as every alert this silence mutes has resolved (Alertmanager #1057). */
    expireWhenResolved: z.boolean().default(false),
  })
  .superRefine((s, ctx) => {
    if (s.endsAt === undefined && !s.expireWhenResolved) {
      ctx.addIssue({
        code: 'custom',
        path: ['endsAt'],
        message: 'is required unless expireWhenResolved',
      });
    }
    if (
      s.startsAt !== undefined &&
      s.endsAt !== undefined &&
      Date.parse(s.endsAt) <= Date.parse(s.startsAt)
    ) {
      ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'must be after startsAt' });
    }
  });
export type SilenceInput = z.infer<typeof SilenceInputSchema>;

export const SILENCE_STATES = ['pending', 'active', 'expired'] as const;
export type SilenceState = (typeof SILENCE_STATES)[number];

export interface SilenceView {
  id: string;
  matchers: Matcher[];
  startsAt: string;
  endsAt: string | null;
  comment: string;
  createdBy: string;
  expireWhenResolved: boolean;
  state: SilenceState;
  expiredAt: string | null;
  expiredReason: string | null;
}

// ---- desk subscriptions ----

const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (24h)');

export const SubscriptionInputSchema = z
  .object({
    email: z.email({ message: 'must be an email address' }),
    /** Desk name shown in mails. */
    desk: z.string().min(1).max(100),
    /** Watchlist names (alert label `watchlist`); empty = every watchlist. */
    watchlists: z.array(z.string().min(1)).default([]),
    /** Terms (alert `term`); empty = every term. */
    terms: z.array(z.string().min(1)).default([]),
    severities: z
      .array(Severity)
      .min(1, 'needs at least one severity')
      .default(['warning', 'critical']),
    mode: z.enum(['immediate', 'digest']).default('immediate'),
    digestMinutes: z.number().int().min(5).max(1440).default(60),
    /** Local times between which nothing is sent (held for after); both or neither. */
    quietStart: HHMM.optional(),
    quietEnd: HHMM.optional(),
    timezone: z.string().default('UTC'),
    sendResolved: z.boolean().default(true),
  })
  .superRefine((s, ctx) => {
    if ((s.quietStart === undefined) !== (s.quietEnd === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: ['quietEnd'],
        message: 'quietStart and quietEnd go together',
      });
    }
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: s.timezone });
    } catch {
      ctx.addIssue({ code: 'custom', path: ['timezone'], message: 'is not an IANA time zone' });
    }
  });
export type SubscriptionInput = z.infer<typeof SubscriptionInputSchema>;

export interface SubscriptionView extends SubscriptionInput {
  id: string;
  active: boolean;
  createdBy: string;
  createdAt: string;
}

// ---- lifecycle ----

export const LIFECYCLE_STATES = ['firing', 'acknowledged', 'assigned', 'resolved'] as const;
export type LifecycleState = (typeof LIFECYCLE_STATES)[number];

export const ALERT_ACTIONS = [
  'fired',
  'updated',
  'acknowledged',
  'assigned',
  'resolved',
  'note',
  'auto-resolved',
] as const;
export type AlertAction = (typeof ALERT_ACTIONS)[number];

/** One entry of an alert's audit trail: who did what when. */
export interface AlertActivity {
  id: string;
  alertId: string;
  action: AlertAction;
  actor: string;
  note: string | null;
  assignee: string | null;
  at: string;
}

export const AcknowledgeRequest = z.object({ note: z.string().max(2000).optional() });
export const AssignRequest = z.object({
  assignee: z.string().min(1, 'is required').max(100),
  note: z.string().max(2000).optional(),
});
export const ResolveRequest = z.object({ note: z.string().min(1, 'is required').max(2000) });
export const NoteRequest = z.object({ note: z.string().min(1, 'is required').max(2000) });

/** What the socket pushes on `silence` (ADR 0007). */
export interface SilenceNotice {
  event: 'created' | 'expired';
  silence: SilenceView;
}

import type { Condition, RuleInput, RuleMetric, Severity } from '@spreadwatch/contracts';
import type { TermScore } from '@spreadwatch/scoring';

import { fingerprint } from '../fingerprint';
import type { AlertDraft } from '../types';

const MINUTE_MS = 60_000;
const SEVERITY_RANK: Record<Severity, number> = { info: 0, warning: 1, critical: 2 };

/** A declarative rule with its id (rules are stored and edited over REST). */
export interface RuleDefinition extends RuleInput {
  id: string;
}

/** Metrics of one term for one closed minute; detector outputs (e.g. amplificationShare) may be absent. */
export type TermMetrics = Partial<Record<RuleMetric, number>>;

/** Extra detector outputs for a term at a minute (coordination's amplification share, …). */
export type MetricsProvider = (term: string, bucketStart: number) => TermMetrics | undefined;

/** The metrics a velocity score gives every rule. */
export function scoreMetrics(s: TermScore): TermMetrics {
  return {
    score: s.score,
    count: s.count,
    uniqueAuthors: s.uniqueAuthors,
    rate: s.rate,
    baseline: s.baseline,
    velocity: s.velocity,
    windowCount: s.windowCount,
    expectedWindowCount: s.expectedWindowCount,
    windowUniqueAuthors: s.windowUniqueAuthors,
    ratio:
      s.expectedWindowCount > 0
        ? s.windowCount / s.expectedWindowCount
        : s.windowCount > 0
          ? Infinity
          : 0,
    dispersion: s.dispersion,
  };
}

/** Evaluates a composite condition; a comparison on a metric the term does not have is false. */
export function evaluateCondition(c: Condition, m: TermMetrics): boolean {
  if ('all' in c) return c.all.every((x) => evaluateCondition(x, m));
  if ('any' in c) return c.any.some((x) => evaluateCondition(x, m));
  if ('not' in c) return !evaluateCondition(c.not, m);
  const v = m[c.metric];
  if (v === undefined || Number.isNaN(v)) return false;
  switch (c.op) {
    case '>':
      return v > c.value;
    case '>=':
      return v >= c.value;
    case '<':
      return v < c.value;
    case '<=':
      return v <= c.value;
    case '==':
      return v === c.value;
    case '!=':
      return v !== c.value;
  }
}

/** Labels of a rule alert on a term; their fingerprint identifies the condition. */
export function ruleLabels(rule: RuleDefinition, term: string): Record<string, string> {
  return { ...rule.labels, alertname: rule.name, kind: 'velocity', rule: rule.id, term };
}

interface RuleState {
  /** Consecutive matching minutes while pending. */
  matching: number;
  /** Consecutive non-matching minutes while firing. */
  below: number;
  firing: AlertDraft | null;
}

/**
 * Declarative alert rules over per-term metrics, Prometheus-style: a rule fires after `forMinutes`
 * consecutive matching minutes, escalates (never downgrades) by its ordered `escalate` conditions, and
 * resolves after `resolveAfterMinutes` consecutive minutes that do not match. Event time throughout.
 */
export class RuleEngine {
  private rules: RuleDefinition[] = [];
  private readonly state = new Map<string, RuleState>();

  constructor(
    rules: readonly RuleDefinition[] = [],
    private readonly extra: MetricsProvider = () => undefined,
  ) {
    this.setRules(rules);
  }

  /** Replaces the rule set; state of rules that remain is kept, that of removed ones dropped. */
  setRules(rules: readonly RuleDefinition[]): void {
    this.rules = rules.filter((r) => r.enabled);
    const ids = new Set(this.rules.map((r) => r.id));
    for (const key of this.state.keys())
      if (!ids.has(key.slice(0, key.indexOf('\u0000')))) this.state.delete(key);
  }

  /** Evaluates closed minutes in time order; returns transitions (fired, escalated, resolved). */
  evaluate(scores: readonly TermScore[]): AlertDraft[] {
    if (this.rules.length === 0) return [];
    const out: AlertDraft[] = [];
    for (const s of scores) {
      const metrics: TermMetrics = { ...scoreMetrics(s), ...this.extra(s.term, s.bucketStart) };
      for (const rule of this.rules) {
        const draft = this.step(rule, s, metrics);
        if (draft !== null) out.push(draft);
      }
    }
    return out;
  }

  /** Re-arms firing rule alerts after a restart (drafts whose labels carry this engine's rule ids). */
  restore(active: readonly AlertDraft[]): void {
    for (const d of active) {
      const ruleId = d.labels['rule'];
      const term = d.term ?? d.labels['term'];
      if (d.status !== 'firing' || ruleId === undefined || term === undefined) continue;
      if (!this.rules.some((r) => r.id === ruleId)) continue;
      this.state.set(`${ruleId}\u0000${term}`, { matching: 0, below: 0, firing: d });
    }
  }

  private step(rule: RuleDefinition, s: TermScore, metrics: TermMetrics): AlertDraft | null {
    const key = `${rule.id}\u0000${s.term}`;
    const matches = evaluateCondition(rule.when, metrics);
    let st = this.state.get(key);
    if (st === undefined) {
      if (!matches) return null;
      st = { matching: 0, below: 0, firing: null };
      this.state.set(key, st);
    }
    const end = new Date(s.bucketStart + MINUTE_MS).toISOString();
    if (st.firing === null) {
      if (!matches) {
        this.state.delete(key);
        return null;
      }
      st.matching += 1;
      if (st.matching < rule.forMinutes) return null;
      st.firing = this.draft(rule, s, metrics, 'firing', this.severityOf(rule, metrics), end, null);
      return st.firing;
    }
    if (!matches) {
      st.below += 1;
      if (st.below < rule.resolveAfterMinutes) return null;
      const resolved = this.draft(
        rule,
        s,
        metrics,
        'resolved',
        st.firing.severity,
        st.firing.firedAt,
        end,
      );
      this.state.delete(key);
      return resolved;
    }
    st.below = 0;
    const severity = this.severityOf(rule, metrics);
    if (SEVERITY_RANK[severity] <= SEVERITY_RANK[st.firing.severity]) return null;
    st.firing = this.draft(rule, s, metrics, 'firing', severity, st.firing.firedAt, null);
    return st.firing;
  }

  private severityOf(rule: RuleDefinition, metrics: TermMetrics): Severity {
    for (const e of rule.escalate) if (evaluateCondition(e.when, metrics)) return e.severity;
    return rule.severity;
  }

  private draft(
    rule: RuleDefinition,
    s: TermScore,
    metrics: TermMetrics,
    status: AlertDraft['status'],
    severity: Severity,
    firedAt: string,
    resolvedAt: string | null,
  ): AlertDraft {
    const labels = ruleLabels(rule, s.term);
    const shown = Object.entries(metrics)
      .filter(([, v]) => v !== undefined && Number.isFinite(v))
      .map(([k, v]) => `${k} ${round(v, 2)}`)
      .slice(0, 4)
      .join(', ');
    return {
      fingerprint: fingerprint(labels),
      kind: 'velocity',
      status,
      severity,
      labels,
      term: s.term,
      score: round(s.score, 2),
      firedAt,
      resolvedAt,
      summary:
        status === 'resolved'
          ? `${s.term} no longer meets rule ${rule.name}.`
          : `${s.term} meets rule ${rule.name}${rule.description === '' ? '' : ` (${rule.description})`}: ${shown}.`,
      evidence: {
        windowCount: round(s.windowCount, 2),
        windowMinutes: s.windowMinutes,
        baseline: round(s.expectedWindowCount, 3),
        statistic: 'rule',
        value: round(s.score, 3),
        uniqueAuthors: round(s.windowUniqueAuthors, 2),
        rule: rule.name,
        metrics: Object.fromEntries(
          Object.entries(metrics)
            .filter(([, v]) => v !== undefined && Number.isFinite(v))
            .map(([k, v]) => [k, round(v, 4)]),
        ),
        bucketStart: new Date(s.bucketStart).toISOString(),
      },
    };
  }
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

import type { Severity } from '@spreadwatch/contracts';
import type { TermScore } from '@spreadwatch/scoring';

import { fingerprint } from './fingerprint';
import type { AlertDraft, VelocityRule } from './types';

const MINUTE_MS = 60_000;
const NO_ALERTS = Object.freeze([]) as unknown as AlertDraft[];

/** Defaults for term velocity alerts (scores are -log10 Poisson tails, see ADR 0002). */
export const DEFAULT_VELOCITY_RULE: Readonly<VelocityRule> = Object.freeze({
  // 1e-8 per term-minute keeps false alarms rare across thousands of terms.
  fireScore: 8,
  resolveScore: 4,
  resolveAfterMinutes: 5,
  minWindowCount: 20,
  minUniqueAuthors: 5,
  criticalScore: 20,
  // Busy terms make small relative moves highly "significant"; a spread alert needs a real multiple too.
  minRatio: 3,
});

interface FiringState {
  draft: AlertDraft;
  /** Consecutive closed minutes scored below resolveScore. */
  belowMinutes: number;
}

/** Labels of a term velocity alert; their fingerprint identifies the condition. */
export function velocityLabels(term: string): Record<string, string> {
  return { alertname: 'TermVelocity', kind: 'velocity', term };
}

/**
 * Turns per-minute term scores into alert transitions, with hysteresis: a term fires when its score reaches
 * `fireScore` and the window gates pass, escalates once to critical, and resolves only after
 * `resolveAfterMinutes` consecutive minutes below `resolveScore`. Times are event time: `firedAt` and
 * `resolvedAt` are the end of the minute whose score decided the transition.
 */
export class VelocityAlertEngine {
  /** The effective rule (defaults merged with the constructor's overrides). */
  readonly rule: Readonly<VelocityRule>;
  private readonly firing = new Map<string, FiringState>();

  constructor(rule: Partial<VelocityRule> = {}) {
    const merged: VelocityRule = { ...DEFAULT_VELOCITY_RULE, ...rule };
    if (!(merged.resolveScore <= merged.fireScore)) {
      throw new RangeError('invalid velocity rule: resolveScore must be ≤ fireScore');
    }
    if (!(merged.resolveAfterMinutes >= 1)) {
      throw new RangeError('invalid velocity rule: resolveAfterMinutes must be ≥ 1');
    }
    this.rule = Object.freeze(merged);
  }

  /** Evaluates scores in time order; returns only transitions (new, escalated, resolved), shared empty if none. */
  evaluate(scores: readonly TermScore[]): AlertDraft[] {
    const rule = this.rule;
    let out: AlertDraft[] | null = null;
    for (const score of scores) {
      const state = this.firing.get(score.term);
      if (state === undefined) {
        if (
          score.score >= rule.fireScore &&
          score.windowCount >= rule.minWindowCount &&
          score.windowUniqueAuthors >= rule.minUniqueAuthors &&
          score.windowCount >= rule.minRatio * score.expectedWindowCount
        ) {
          const severity: Severity = score.score >= rule.criticalScore ? 'critical' : 'warning';
          const draft = this.draft(score, 'firing', severity, endOf(score), null);
          this.firing.set(score.term, { draft, belowMinutes: 0 });
          (out ??= []).push(draft);
        }
        continue;
      }
      if (score.score < rule.resolveScore) {
        state.belowMinutes++;
        if (state.belowMinutes >= rule.resolveAfterMinutes) {
          this.firing.delete(score.term);
          const resolved = this.draft(
            score,
            'resolved',
            state.draft.severity,
            state.draft.firedAt,
            endOf(score),
          );
          (out ??= []).push(resolved);
        }
        continue;
      }
      state.belowMinutes = 0;
      // Escalate only: dropping back to warning mid-episode would page people twice for one event.
      if (state.draft.severity === 'warning' && score.score >= rule.criticalScore) {
        state.draft = this.draft(score, 'firing', 'critical', state.draft.firedAt, null);
        (out ??= []).push(state.draft);
      }
    }
    return out ?? NO_ALERTS;
  }

  /** Re-arms firing velocity alerts after a restart (others are ignored). */
  restore(active: readonly AlertDraft[]): void {
    for (const draft of active) {
      if (draft.kind !== 'velocity' || draft.status !== 'firing') continue;
      const term = draft.term ?? draft.labels['term'];
      if (term === undefined) continue;
      this.firing.set(term, { draft, belowMinutes: 0 });
    }
  }

  /** Alerts currently firing, at their last emitted state. */
  active(): AlertDraft[] {
    return [...this.firing.values()].map((state) => state.draft);
  }

  private draft(
    score: TermScore,
    status: AlertDraft['status'],
    severity: Severity,
    firedAt: string,
    resolvedAt: string | null,
  ): AlertDraft {
    const labels = velocityLabels(score.term);
    return {
      fingerprint: fingerprint(labels),
      kind: 'velocity',
      status,
      severity,
      labels,
      term: score.term,
      score: round(score.score, 2),
      firedAt,
      resolvedAt,
      summary: summarize(score, status),
      evidence: {
        windowCount: round(score.windowCount, 2),
        windowMinutes: score.windowMinutes,
        baseline: round(score.expectedWindowCount, 3),
        statistic: 'poisson_tail_log10',
        value: round(score.score, 3),
        threshold: status === 'resolved' ? this.rule.resolveScore : this.rule.fireScore,
        uniqueAuthors: round(score.windowUniqueAuthors, 2),
        topAccounts: score.topAccounts.map((account) => ({ id: account.id, count: account.count })),
        dispersion: round(score.dispersion, 3),
        ratePerMinute: round(score.rate, 3),
        bucketStart: new Date(score.bucketStart).toISOString(),
      },
    };
  }
}

function endOf(score: TermScore): string {
  return new Date(score.bucketStart + MINUTE_MS).toISOString();
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

function formatCount(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

function summarize(score: TermScore, status: AlertDraft['status']): string {
  const expected = formatCount(round(score.expectedWindowCount, 1));
  const window = `${formatCount(score.windowCount)} posts in ${score.windowMinutes} min`;
  if (status === 'resolved') {
    return `${score.term} is back to its usual pace: ${window} against ${expected} expected.`;
  }
  const ratio = score.expectedWindowCount > 0 ? score.windowCount / score.expectedWindowCount : 0;
  const authors = formatCount(round(score.windowUniqueAuthors, 1));
  return (
    `${score.term} is spreading fast: ${window} from ${authors} accounts, ` +
    `${ratio >= 10 ? Math.round(ratio) : ratio.toFixed(1)}× the ${expected} expected ` +
    `(score ${score.score.toFixed(1)}).`
  );
}

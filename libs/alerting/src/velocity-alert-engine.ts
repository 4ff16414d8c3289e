import type { Severity } from '@spreadwatch/contracts';
import type { TermScore } from '@spreadwatch/scoring';
import { MULTIPLE_TEST_PENALTY } from '@spreadwatch/scoring';

import { fingerprint } from './fingerprint';
import type { AlertDraft, VelocityRule } from './types';

const MINUTE_MS = 60_000;
const NO_ALERTS = Object.freeze([]) as unknown as AlertDraft[];

/** Defaults for term velocity alerts (spread scores in log10-evidence units, see ADR 0005). */
export const DEFAULT_VELOCITY_RULE: Readonly<VelocityRule> = Object.freeze({
  // Calibrated spread score 5 ≈ 1e-5 per term-minute: at most 60,000 × 1e-5 = 0.6 chance alerts per 1,000
  // term-hours, inside the budget of 1 (ADR 0005).
  fireScore: 5,
  resolveScore: 2,
  resolveAfterMinutes: 5,
  minWindowCount: 20,
  minUniqueAuthors: 5,
  criticalScore: 20,
  // Busy terms make small relative moves highly "significant"; a spread alert needs a real multiple too.
  minRatio: 3,
  // A day: one daily cycle. Within it a term that alerted re-alerts only above that episode's peak score.
  refractoryMinutes: 1440,
});

interface FiringState {
  draft: AlertDraft;
  /** Consecutive closed minutes scored below resolveScore. */
  belowMinutes: number;
  /** Highest score of the episode. */
  peak: number;
}

/** The last resolved episode of a term, for the refractory period. */
interface PastEpisode {
  /** End (ms) of the minute that resolved it. */
  resolvedAt: number;
  peak: number;
}

/** Labels of a term velocity alert; their fingerprint identifies the condition. */
export function velocityLabels(term: string): Record<string, string> {
  return { alertname: 'TermVelocity', kind: 'velocity', term };
}

/**
 * Turns per-minute term scores into alert transitions, with hysteresis: a term fires when its score reaches
 * `fireScore` and the gates pass, escalates once to critical, and resolves only after `resolveAfterMinutes`
 * consecutive minutes whose current evidence (the score, capped by the window tests) is below `resolveScore`.
 * After resolving, a term fires again within `refractoryMinutes` only above that episode's peak (ADR 0005).
 * Times are event time: `firedAt` and `resolvedAt` are the end of the minute whose score decided the
 * transition.
 */
export class VelocityAlertEngine {
  /** The effective rule (defaults merged with the constructor's overrides). */
  readonly rule: Readonly<VelocityRule>;
  private readonly firing = new Map<string, FiringState>();
  private termRules = new Map<string, Readonly<VelocityRule>>();
  private readonly past = new Map<string, PastEpisode>();

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

  /** Per-term overrides (watchlist settings: minimum volume, authors, threshold); replaces the previous map. */
  setTermRules(overrides: ReadonlyMap<string, Partial<VelocityRule>>): void {
    const rules = new Map<string, Readonly<VelocityRule>>();
    for (const [term, override] of overrides) {
      rules.set(term, Object.freeze({ ...this.rule, ...override }));
    }
    this.termRules = rules;
  }

  /** Evaluates scores in time order; returns only transitions (new, escalated, resolved), shared empty if none. */
  evaluate(scores: readonly TermScore[]): AlertDraft[] {
    let out: AlertDraft[] | null = null;
    for (const score of scores) {
      const rule =
        this.termRules.size === 0 ? this.rule : (this.termRules.get(score.term) ?? this.rule);
      const state = this.firing.get(score.term);
      if (state === undefined) {
        if (score.score >= rule.fireScore && this.passesGates(score, rule)) {
          const severity: Severity = score.score >= rule.criticalScore ? 'critical' : 'warning';
          const draft = this.draft(score, 'firing', severity, endOf(score), null);
          this.firing.set(score.term, { draft, belowMinutes: 0, peak: score.score });
          this.past.delete(score.term);
          (out ??= []).push(draft);
        }
        continue;
      }
      if (currentEvidence(score) < rule.resolveScore) {
        state.belowMinutes++;
        if (state.belowMinutes >= rule.resolveAfterMinutes) {
          this.firing.delete(score.term);
          if (rule.refractoryMinutes > 0) {
            this.past.set(score.term, {
              resolvedAt: score.bucketStart + MINUTE_MS,
              peak: state.peak,
            });
          }
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
      if (score.score > state.peak) state.peak = score.score;
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
      this.firing.set(term, { draft, belowMinutes: 0, peak: draft.score });
    }
  }

  /**
   * Gates besides the score: effect size (window ≥ minRatio × expected) always; minimum volume and authors for
   * posts. A window made only of a source's aggregate counts has no individual posts or authors to count, so it
   * is gated relative to the term's own level only (an absolute post count means nothing for, say, a 5-minute
   * mention total of a quiet name). Within the refractory period after an episode, a term must beat that
   * episode's peak score: one alert per episode, a new one only for something stronger.
   */
  private passesGates(score: TermScore, rule: Readonly<VelocityRule>): boolean {
    if (score.windowCount < rule.minRatio * score.expectedWindowCount) return false;
    const aggregateOnly = (score.windowAggregateCount ?? 0) >= score.windowCount;
    if (
      !aggregateOnly &&
      (score.windowCount < rule.minWindowCount || score.windowUniqueAuthors < rule.minUniqueAuthors)
    ) {
      return false;
    }
    const past = this.past.get(score.term);
    if (past === undefined) return true;
    if (score.bucketStart - past.resolvedAt >= rule.refractoryMinutes * MINUTE_MS) {
      this.past.delete(score.term);
      return true;
    }
    return score.score > past.peak;
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
        statistic: 'spread_score',
        value: round(score.score, 3),
        // Each detector's own value and its weighted share of the (uncalibrated) score, ADR 0005.
        detectors: roundAll(score.detectors),
        contributions: roundAll(score.contributions),
        robustZ: round(score.robustZ, 2),
        burstLevel: score.burstLevel,
        baselineBand: [round(score.baselineLower, 3), round(score.baselineUpper, 3)],
        firstTimeAuthors: score.firstTimeAuthors,
        repostShare: round(score.repostShare, 3),
        ...(score.related.length > 0 ? { related: [...score.related] } : {}),
        ...(score.forecast === null
          ? {}
          : {
              forecast: {
                branching: round(score.forecast.branching, 3),
                supercritical: score.forecast.supercritical,
                finalSize: round(score.forecast.finalSize, 1),
                finalLow: round(score.forecast.finalLow, 1),
                finalHigh: round(score.forecast.finalHigh, 1),
              },
            }),
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

function roundAll<T extends object>(values: T): Record<keyof T, number> {
  const out = {} as Record<keyof T, number>;
  for (const key of Object.keys(values) as (keyof T)[]) out[key] = round(values[key] as number, 3);
  return out;
}

/**
 * What still stands out now: the calibrated score, but no more than the window tests (Poisson tail, robust z)
 * say. CUSUM and the burst automaton accumulate evidence since the onset and drain slowly by design (a quiet
 * minute of a term expected at 0.2/min is weak evidence that the burst is over), so they decide onsets, not
 * ends (ADR 0005).
 */
function currentEvidence(score: TermScore): number {
  const window = Math.max(score.detectors.poisson, score.detectors.robustZ) - MULTIPLE_TEST_PENALTY;
  return window < score.score ? window : score.score;
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

import type { Severity } from '@spreadwatch/contracts';
import type { ReachForecast, TermScore } from '@spreadwatch/scoring';

import { fingerprint } from './fingerprint';
import type { AlertDraft } from './types';

const MINUTE_MS = 60_000;
const NO_ALERTS = Object.freeze([]) as unknown as AlertDraft[];

/** When a reach forecast becomes an alert. */
export interface ForecastRule {
  /** Predicted final size (posts above baseline) at or above which a term fires. */
  finalSize: number;
  /** Only forecasts whose lower 90% bound reaches this share of finalSize fire (avoids one-minute blips). */
  minLowShare: number;
  /** Fire critical when the branching estimate says the spread feeds itself (≥ 1). */
  criticalWhenSupercritical: boolean;
}

export const DEFAULT_FORECAST_RULE: Readonly<ForecastRule> = Object.freeze({
  finalSize: 1000,
  minLowShare: 0.5,
  criticalWhenSupercritical: true,
});

/** Labels of a forecast alert. */
export function forecastLabels(term: string): Record<string, string> {
  return { alertname: 'TermReachForecast', kind: 'forecast', term };
}

/**
 * Fires when a term's running episode is predicted to grow past a configured size; resolves when the episode
 * ends (the scorer stops forecasting it). Per-term sizes (from watchlists) override the default.
 */
export class ForecastAlertEngine {
  readonly rule: Readonly<ForecastRule>;
  private readonly firing = new Map<string, AlertDraft>();
  private sizes = new Map<string, number>();

  constructor(rule: Partial<ForecastRule> = {}) {
    this.rule = Object.freeze({ ...DEFAULT_FORECAST_RULE, ...rule });
    if (!(this.rule.finalSize > 0))
      throw new RangeError('invalid forecast rule: finalSize must be > 0');
  }

  /** Per-term final sizes (watchlist settings); replaces the previous map. */
  setSizes(sizes: ReadonlyMap<string, number>): void {
    this.sizes = new Map(sizes);
  }

  evaluate(scores: readonly TermScore[]): AlertDraft[] {
    let out: AlertDraft[] | null = null;
    for (const score of scores) {
      const firing = this.firing.get(score.term);
      const forecast = score.forecast;
      if (firing !== undefined) {
        if (forecast === null) {
          this.firing.delete(score.term);
          (out ??= []).push({
            ...firing,
            status: 'resolved',
            resolvedAt: new Date(score.bucketStart + MINUTE_MS).toISOString(),
            summary: `${score.term}'s spread episode has ended.`,
          });
        }
        continue;
      }
      if (forecast === null) continue;
      const size = this.sizes.get(score.term) ?? this.rule.finalSize;
      if (forecast.finalSize < size || forecast.finalLow < this.rule.minLowShare * size) continue;
      const severity: Severity =
        this.rule.criticalWhenSupercritical && forecast.supercritical ? 'critical' : 'warning';
      const draft = this.draft(score, forecast, size, severity);
      this.firing.set(score.term, draft);
      (out ??= []).push(draft);
    }
    return out ?? NO_ALERTS;
  }

  active(): AlertDraft[] {
    return [...this.firing.values()];
  }

  private draft(
    score: TermScore,
    forecast: ReachForecast,
    size: number,
    severity: Severity,
  ): AlertDraft {
    const labels = forecastLabels(score.term);
    const final = Math.round(forecast.finalSize);
    return {
      fingerprint: fingerprint(labels),
      kind: 'forecast',
      status: 'firing',
      severity,
      labels,
      term: score.term,
      score: Math.round(score.score * 100) / 100,
      firedAt: new Date(score.bucketStart + MINUTE_MS).toISOString(),
      resolvedAt: null,
      summary:
        `${score.term} is predicted to reach about ${final} posts above its baseline ` +
        `(90%: ${Math.round(forecast.finalLow)}–${Math.round(forecast.finalHigh)}), past ${size}` +
        `${forecast.supercritical ? '; the spread is feeding itself (branching ≥ 1)' : ''}.`,
      evidence: {
        statistic: 'forecast_final_size',
        value: final,
        threshold: size,
        observed: Math.round(forecast.observed),
        finalLow: Math.round(forecast.finalLow),
        finalHigh: Math.round(forecast.finalHigh),
        branching: Math.round(forecast.branching * 1000) / 1000,
        supercritical: forecast.supercritical,
        intensityPerMinute: Math.round(forecast.intensity * 100) / 100,
        onset: new Date(forecast.onset).toISOString(),
        windowCount: score.windowCount,
        windowMinutes: score.windowMinutes,
        baseline: Math.round(score.expectedWindowCount * 1000) / 1000,
      },
    };
  }
}

import type { Observation } from '@spreadwatch/contracts';
import type {
  ScorerStats,
  ScoringConfig,
  TermBucket,
  TermScore,
  Watchlist,
} from '@spreadwatch/scoring';
import { isoToMs, VelocityScorer, WatchlistMatcher } from '@spreadwatch/scoring';

import type { ClusterUpdate } from '@spreadwatch/coordination';

import { CoordinationStage, type CoordinationStageOptions } from './coordination-stage';
import { ForecastAlertEngine, type ForecastRule } from './forecast-alert-engine';
import type { AlertDraft, VelocityRule } from './types';
import { VelocityAlertEngine } from './velocity-alert-engine';

/** What one step of the pipeline produced: scores of the minutes that closed and the alert transitions. */
export interface PipelineOutput {
  scores: TermScore[];
  alerts: AlertDraft[];
  /** Coordination: clusters that appeared, changed or resolved at this step (absent when none). */
  clusters?: readonly ClusterUpdate[];
}

export interface SpreadPipelineOptions {
  scoring?: Partial<ScoringConfig>;
  rule?: Partial<VelocityRule>;
  /** Coordination stage options; `false` turns the stage off (velocity only). */
  coordination?: CoordinationStageOptions | false;
  /** Watchlists matched in every post (keywords, phrases, synonym groups); none by default. */
  watchlists?: readonly Watchlist[];
  /** Reach-forecast alerts (ADR 0005); `false` turns them off. */
  forecast?: Partial<ForecastRule> | false;
}

export interface PipelineStats extends ScorerStats {
  /** Newest event time seen or advanced to (ms), or null. */
  watermark: number | null;
}

// Returned whenever nothing closes, so the per-observation path allocates nothing; frozen against mutation.
const EMPTY_OUTPUT: PipelineOutput = Object.freeze({
  scores: Object.freeze([]) as unknown as TermScore[],
  alerts: Object.freeze([]) as unknown as AlertDraft[],
});

/**
 * The scoring and alerting pipeline in event time, shared by the API (live) and the CLI (replay) so both run
 * the same code. The watermark is the newest event time seen; each input that moves it past the end (plus
 * allowed lateness) of an open minute closes that minute and evaluates its scores.
 */
export class SpreadPipeline {
  readonly scorer: VelocityScorer;
  readonly engine: VelocityAlertEngine;
  /** Reach-forecast alerts (null when turned off). */
  readonly forecasts: ForecastAlertEngine | null;
  /** Co-action clusters and coordination alerts (null when turned off). */
  readonly coordination: CoordinationStage | null;
  private watermark = Number.NEGATIVE_INFINITY;

  constructor(options: SpreadPipelineOptions = {}) {
    this.scorer = new VelocityScorer(options.scoring);
    this.engine = new VelocityAlertEngine(options.rule);
    this.forecasts = options.forecast === false ? null : new ForecastAlertEngine(options.forecast);
    if (options.watchlists !== undefined) this.setWatchlists(options.watchlists);
    this.coordination =
      options.coordination === false ? null : new CoordinationStage(options.coordination);
  }

  /** Feeds one observation; deletes are not the scorer's concern (counts stay, identifiers go elsewhere). */
  ingest(obs: Observation): PipelineOutput {
    let ts: number;
    switch (obs.type) {
      case 'post':
        ts = isoToMs(obs.ts);
        this.scorer.observePost(obs, ts);
        this.coordination?.observePost(obs, ts);
        break;
      case 'count':
        ts = isoToMs(obs.ts);
        this.scorer.observeCount(obs);
        break;
      case 'delete':
        return EMPTY_OUTPUT;
    }
    if (ts > this.watermark) this.watermark = ts;
    return this.watermark < this.scorer.nextCloseAt()
      ? EMPTY_OUTPUT
      : this.emit(this.scorer.advanceTo(this.watermark));
  }

  /** Moves event time forward without data (live idle ticks); never moves it back. */
  advanceTo(eventTimeMs: number): PipelineOutput {
    if (eventTimeMs > this.watermark) this.watermark = eventTimeMs;
    return this.watermark < this.scorer.nextCloseAt()
      ? EMPTY_OUTPUT
      : this.emit(this.scorer.advanceTo(this.watermark));
  }

  /** End of a replay: closes every minute holding data. Alerts still firing stay firing. */
  flush(): PipelineOutput {
    return this.emit(this.scorer.flush());
  }

  /** Restores state after a restart: stored buckets into the scorer, firing alerts into the engine. */
  warm(buckets: readonly TermBucket[], activeAlerts: readonly AlertDraft[]): void {
    this.scorer.warm(buckets);
    this.engine.restore(activeAlerts);
    this.coordination?.restore(activeAlerts, this.watermark);
  }

  stats(): PipelineStats {
    return {
      ...this.scorer.stats(),
      watermark: Number.isFinite(this.watermark) ? this.watermark : null,
    };
  }

  /**
   * Replaces the watchlists: matched from the next post on, with their per-watchlist alert settings. Terms already
   * being scored keep their state.
   */
  setWatchlists(watchlists: readonly Watchlist[]): void {
    const matcher = watchlists.length === 0 ? null : new WatchlistMatcher(watchlists);
    this.scorer.setMatcher(matcher);
    const rules = new Map<string, Partial<VelocityRule>>();
    const sizes = new Map<string, number>();
    for (const list of watchlists) {
      for (const entry of list.terms) {
        const term = entry.term.trim().toLowerCase();
        if (rules.has(term)) continue;
        const { minWindowCount, minUniqueAuthors, fireScore, forecastSize } = list.settings;
        const rule: Partial<VelocityRule> = {};
        if (minWindowCount !== undefined) rule.minWindowCount = minWindowCount;
        if (minUniqueAuthors !== undefined) rule.minUniqueAuthors = minUniqueAuthors;
        if (fireScore !== undefined) rule.fireScore = fireScore;
        rules.set(term, rule);
        if (forecastSize !== undefined) sizes.set(term, forecastSize);
      }
    }
    this.engine.setTermRules(rules);
    this.forecasts?.setSizes(sizes);
  }

  // Velocity then reach-forecast alerts of the minutes that closed.
  private evaluateScores(scores: TermScore[]): AlertDraft[] {
    const velocity = this.engine.evaluate(scores);
    const forecasts = this.forecasts === null ? [] : this.forecasts.evaluate(scores);
    if (forecasts.length === 0) return velocity;
    return velocity.length === 0 ? forecasts : [...velocity, ...forecasts];
  }

  private emit(scores: TermScore[]): PipelineOutput {
    if (this.coordination !== null) return this.withCoordination(scores);
    if (scores.length === 0) return EMPTY_OUTPUT;
    return { scores, alerts: this.evaluateScores(scores) };
  }

  // Coordination runs when minutes close, after velocity, so alerts on one term cross-reference each other.
  private withCoordination(scores: TermScore[]): PipelineOutput {
    const coordination = this.coordination as CoordinationStage;
    const velocity = scores.length === 0 ? [] : this.evaluateScores(scores);
    const out = coordination.advance(this.watermark, velocity, () => this.engine.active());
    if (scores.length === 0 && out.alerts.length === 0 && out.clusters.length === 0) {
      return EMPTY_OUTPUT;
    }
    return out.clusters.length === 0
      ? { scores, alerts: out.alerts }
      : { scores, alerts: out.alerts, clusters: out.clusters };
  }
}

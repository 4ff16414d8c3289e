import type { Observation } from '@spreadwatch/contracts';
import type { ScorerStats, ScoringConfig, TermBucket, TermScore } from '@spreadwatch/scoring';
import { isoToMs, VelocityScorer } from '@spreadwatch/scoring';

import type { AlertDraft, VelocityRule } from './types';
import { VelocityAlertEngine } from './velocity-alert-engine';

/** What one step of the pipeline produced: scores of the minutes that closed and the alert transitions. */
export interface PipelineOutput {
  scores: TermScore[];
  alerts: AlertDraft[];
}

export interface SpreadPipelineOptions {
  scoring?: Partial<ScoringConfig>;
  rule?: Partial<VelocityRule>;
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
  private watermark = Number.NEGATIVE_INFINITY;

  constructor(options: SpreadPipelineOptions = {}) {
    this.scorer = new VelocityScorer(options.scoring);
    this.engine = new VelocityAlertEngine(options.rule);
  }

  /** Feeds one observation; deletes are not the scorer's concern (counts stay, identifiers go elsewhere). */
  ingest(obs: Observation): PipelineOutput {
    let ts: number;
    switch (obs.type) {
      case 'post':
        ts = isoToMs(obs.ts);
        this.scorer.observePost(obs, ts);
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
  }

  stats(): PipelineStats {
    return {
      ...this.scorer.stats(),
      watermark: Number.isFinite(this.watermark) ? this.watermark : null,
    };
  }

  private emit(scores: TermScore[]): PipelineOutput {
    if (scores.length === 0) return EMPTY_OUTPUT;
    return { scores, alerts: this.engine.evaluate(scores) };
  }
}

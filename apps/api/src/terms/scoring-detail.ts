import type { DetectorReading, TermDetectors, TermForecast } from '@spreadwatch/contracts';
import type { ReachForecast, TermScore } from '@spreadwatch/scoring';

/** The scoring detail of a minute as stored in term_buckets (ADR 0005); null on minutes stored before it. */
export interface StoredScoringDetail {
  baselineLower: number | null;
  baselineUpper: number | null;
  acceleration: number | null;
  firstTimeAuthors: number | null;
  repostShare: number | null;
  robustZ: number | null;
  burstLevel: number | null;
  detectors: TermDetectors | null;
  forecast: TermForecast | null;
  related: string[] | null;
}

/** The scoring detail of a minute as the API sends it (TermPoint / TermUpdate fields). */
export interface ScoringDetail {
  baselineLower: number;
  baselineUpper: number;
  acceleration: number;
  firstTimeAuthors: number;
  repostShare: number;
  robustZ: number;
  burstLevel: number;
  detectors: TermDetectors;
  forecast: TermForecast | null;
}

// JSON has no Infinity or NaN; a detector or forecast that overflowed is stored as null-free finite numbers.
function finite(x: number): number {
  if (Number.isFinite(x)) return x;
  return Number.isNaN(x) ? 0 : x > 0 ? Number.MAX_VALUE : -Number.MAX_VALUE;
}

/** Pairs each detector's value with its contribution, for whatever detectors the scorer reports. */
export function detectorsOf(score: Pick<TermScore, 'detectors' | 'contributions'>): TermDetectors {
  const values = score.detectors as unknown as Record<string, number>;
  const contributions = score.contributions as unknown as Record<string, number>;
  const out: TermDetectors = {};
  for (const name of Object.keys(values)) {
    const reading: DetectorReading = {
      value: finite(values[name] ?? 0),
      contribution: finite(contributions[name] ?? 0),
    };
    out[name] = reading;
  }
  return out;
}

/** The contract's forecast from the scorer's (branching → branchingRatio, finalLow → finalSizeLow, …). */
export function forecastOf(forecast: ReachForecast | null): TermForecast | null {
  if (forecast === null) return null;
  return {
    onset: new Date(forecast.onset).toISOString(),
    intensity: finite(forecast.intensity),
    branchingRatio: finite(forecast.branching),
    supercritical: forecast.supercritical,
    observed: finite(forecast.observed),
    finalSize: finite(forecast.finalSize),
    finalSizeLow: finite(forecast.finalLow),
    finalSizeHigh: finite(forecast.finalHigh),
  };
}

/** Columns to store for a scored minute. */
export function storedDetailOf(score: TermScore): StoredScoringDetail {
  return {
    baselineLower: finite(score.baselineLower),
    baselineUpper: finite(score.baselineUpper),
    acceleration: finite(score.acceleration),
    firstTimeAuthors: score.firstTimeAuthors,
    repostShare: finite(score.repostShare),
    robustZ: finite(score.robustZ),
    burstLevel: score.burstLevel,
    detectors: detectorsOf(score),
    forecast: forecastOf(score.forecast),
    related: score.related.length === 0 ? null : [...score.related],
  };
}

/** What the API sends for a scored minute, straight from the scorer (live updates). */
export function liveDetailOf(score: TermScore): ScoringDetail {
  const stored = storedDetailOf(score);
  return detailOf(stored, score.baseline);
}

/**
 * What the API sends for a stored minute. Minutes stored before the detail was kept get a zero-width band at the
 * baseline, zeros and no detectors, so clients need no second code path.
 */
export function detailOf(row: StoredScoringDetail, baseline: number): ScoringDetail {
  return {
    baselineLower: row.baselineLower ?? baseline,
    baselineUpper: row.baselineUpper ?? baseline,
    acceleration: row.acceleration ?? 0,
    firstTimeAuthors: row.firstTimeAuthors ?? 0,
    repostShare: row.repostShare ?? 0,
    robustZ: row.robustZ ?? 0,
    burstLevel: row.burstLevel ?? 0,
    detectors: row.detectors ?? {},
    forecast: row.forecast,
  };
}

/**
 * A minute the scorer did not emit had no posts: the band carries over from the previous scored minute (the
 * model's expectation), everything measured in the minute is zero, and no forecast is claimed.
 */
export function gapDetailOf(previous: StoredScoringDetail, baseline: number): ScoringDetail {
  const carried = detailOf(previous, baseline);
  return {
    ...carried,
    acceleration: 0,
    firstTimeAuthors: 0,
    repostShare: 0,
    robustZ: 0,
    burstLevel: 0,
    detectors: {},
    forecast: null,
  };
}

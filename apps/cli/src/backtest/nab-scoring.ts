// The Numenta Anomaly Benchmark's scoring method (numenta/NAB nab/sweeper.py and nab/scorer.py), re-implemented:
// labelled anomaly windows, a scaled sigmoid that rewards early detection inside a window and penalises false
// positives by their distance past the previous window, only the best (= first) detection per window, the
// profile's cost weights, the first 15% of each series (at most 750 rows) unscored, and normalisation so that a
// detector that never fires scores 0 and a perfect one 100.

/** NAB cost weights of one profile (config/profiles.json). */
export interface NabCostMatrix {
  tpWeight: number;
  fpWeight: number;
  fnWeight: number;
}

export interface NabSeriesScore {
  /** Raw NAB score (Σ best detection per window + Σ weighted false positives − fnWeight × missed windows). */
  score: number;
  /** What a detector that never fires scores: −fnWeight × windows. */
  nullScore: number;
  /** What a detector firing exactly at each window's start scores: tpWeight × windows. */
  perfectScore: number;
  windows: number;
  detectedWindows: number;
  falsePositives: number;
  /** Detections inside the probationary period, not scored. */
  probationary: number;
}

const PROBATION_PERCENT = 0.15;
const PROBATION_CAP_ROWS = 5000;

function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** NAB's scaled sigmoid of a relative position: −1 → 0.98661 (window start), 0 → 0 (window end), ≥ 3 → −1. */
export function scaledSigmoid(relativePosition: number): number {
  if (relativePosition >= 3) return -1;
  return 2 * sigmoid(-5 * relativePosition) - 1;
}

/** Unscored leading rows: min(⌊0.15·rows⌋, 0.15·5000). */
export function probationaryLength(rows: number): number {
  return Math.min(Math.floor(PROBATION_PERCENT * rows), PROBATION_PERCENT * PROBATION_CAP_ROWS);
}

/**
 * Scores one series. `timestamps` are the rows (ms, ascending), `windows` pairs of row timestamps (ms) that
 * exist in `timestamps`, `detections` flags rows where the detector fired.
 */
export function scoreNabSeries(
  timestamps: readonly number[],
  detections: readonly boolean[],
  windows: readonly (readonly [number, number])[],
  cost: NabCostMatrix,
): NabSeriesScore {
  const index = new Map<number, number>();
  timestamps.forEach((t, i) => index.set(t, i));
  const bounds = windows.map(([start, end]) => {
    const left = index.get(start);
    const right = index.get(end);
    if (left === undefined || right === undefined) {
      throw new Error(
        `window ${new Date(start).toISOString()} is not aligned with the series rows`,
      );
    }
    return { left, right };
  });
  const probation = probationaryLength(timestamps.length);
  const maxTp = scaledSigmoid(-1);
  // Best weighted score per window among scored rows; windows with no scored row do not count.
  const best = new Map<number, number>();
  let fpScore = 0;
  let falsePositives = 0;
  let probationary = 0;
  let windowIndex = 0;
  let current: { left: number; right: number; id: number } | null = null;
  let previous: { right: number; width: number } | null = null;
  for (let i = 0; i < timestamps.length; i++) {
    const next = bounds[windowIndex];
    if (current === null && next !== undefined && next.left === i) {
      current = { ...next, id: windowIndex };
      windowIndex++;
    }
    if (current !== null && i >= probation && !best.has(current.id))
      best.set(current.id, -Infinity);
    let weighted: number;
    if (current !== null) {
      const width = current.right - current.left + 1;
      const position = -(current.right - i + 1) / width;
      weighted = (scaledSigmoid(position) * cost.tpWeight) / maxTp;
    } else {
      const position = previous === null ? 3 : Math.abs(previous.right - i) / (previous.width - 1);
      weighted = scaledSigmoid(position) * cost.fpWeight;
    }
    if (detections[i] === true) {
      if (i < probation) probationary++;
      else if (current !== null) {
        best.set(current.id, Math.max(best.get(current.id) ?? -Infinity, weighted));
      } else {
        fpScore += weighted;
        falsePositives++;
      }
    }
    if (current !== null && i === current.right) {
      previous = { right: i, width: current.right - current.left + 1 };
      current = null;
    }
  }
  let score = fpScore;
  let detectedWindows = 0;
  for (const value of best.values()) {
    if (value === -Infinity) score -= cost.fnWeight;
    else {
      // A window's score part starts at −fnWeight and takes the max with its detections (sweeper.py).
      score += Math.max(value, -cost.fnWeight);
      detectedWindows++;
    }
  }
  return {
    score,
    nullScore: -cost.fnWeight * best.size,
    perfectScore: cost.tpWeight * best.size,
    windows: best.size,
    detectedWindows,
    falsePositives,
    probationary,
  };
}

/** NAB normalisation: 100 · (score − null) / (perfect − null). */
export function normaliseNab(score: number, nullScore: number, perfectScore: number): number {
  const span = perfectScore - nullScore;
  return span === 0 ? 0 : (100 * (score - nullScore)) / span;
}

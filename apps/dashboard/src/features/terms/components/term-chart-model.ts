import type { Alert, TermForecast, TermPoint } from '@spreadwatch/contracts';

const MINUTE_MS = 60_000;
/** Longest forecast cone drawn past the newest minute. */
export const MAX_FORECAST_MINUTES = 60;
// The cone ends once the projected excess falls below this share of its current value (e^-3 ≈ 5%).
const CONE_DECAYS = 3;

/** One x position of the chart: a scored minute, or a future minute of the forecast cone. */
export interface ChartRow {
  t: string;
  count?: number;
  rate?: number;
  baseline?: number;
  /** Usual per-minute band [lower, upper]; recharts draws a ranged Area from a pair. */
  band?: [number, number];
  burstLevel?: number;
  /** Projected posts per minute (baseline plus the decaying excess of the forecast). */
  forecast?: number;
  /** 90% interval of the projection. */
  forecastBand?: [number, number];
}

/** A run of consecutive minutes in a burst state (Kleinberg level > 0). */
export interface BurstSpan {
  from: string;
  to: string;
  /** Highest burst level in the run. */
  level: number;
}

/** An alert firing inside the charted minutes, placed on its minute's count. */
export interface AlertMarker {
  t: string;
  count: number;
  severity: string;
}

/** What the chart needs of an alert (a subset of the contract's Alert). */
export interface ChartAlert {
  firedAt: string;
  severity: string;
}

/** The alerts about `term` (velocity alerts name it; coordination alerts carry it as a label). */
export const termAlerts = (alerts: readonly Alert[], term: string | undefined): ChartAlert[] =>
  term === undefined
    ? []
    : alerts
        .filter((a) => (a.term ?? a.labels['term']) === term)
        .map((a) => ({ firedAt: a.firedAt, severity: a.severity }));

const minuteIso = (ms: number): string =>
  new Date(Math.floor(ms / MINUTE_MS) * MINUTE_MS).toISOString();

/** Scored minutes as chart rows; minutes without a band (older servers) get none. */
export const toRows = (points: readonly TermPoint[]): ChartRow[] =>
  points.map((p) => {
    const row: ChartRow = {
      t: p.t,
      count: p.count,
      rate: p.rate,
      baseline: p.baseline,
      burstLevel: p.burstLevel ?? 0,
    };
    if (p.baselineLower !== undefined && p.baselineUpper !== undefined) {
      row.band = [p.baselineLower, p.baselineUpper];
    }
    return row;
  });

/** Consecutive minutes with burst level > 0, each as one span (a single minute spans itself). */
export const burstSpans = (points: readonly TermPoint[]): BurstSpan[] => {
  const spans: BurstSpan[] = [];
  let open: BurstSpan | null = null;
  for (const p of points) {
    const level = p.burstLevel ?? 0;
    if (level > 0) {
      if (open === null) {
        open = { from: p.t, to: p.t, level };
        spans.push(open);
      } else {
        open.to = p.t;
        open.level = Math.max(open.level, level);
      }
    } else open = null;
  }
  return spans;
};

/** Alerts that fired within the charted minutes, on the minute they fired in (one marker per minute). */
export const alertMarkers = (
  points: readonly TermPoint[],
  alerts: readonly ChartAlert[],
): AlertMarker[] => {
  const byMinute = new Map(points.map((p) => [Date.parse(p.t), p]));
  const markers = new Map<number, AlertMarker>();
  for (const alert of alerts) {
    const minute = Math.floor(Date.parse(alert.firedAt) / MINUTE_MS) * MINUTE_MS;
    const point = byMinute.get(minute);
    if (point === undefined || markers.has(minute)) continue;
    markers.set(minute, { t: point.t, count: point.count, severity: alert.severity });
  }
  return [...markers.values()];
};

/**
 * The forecast cone from the newest minute on. The forecast says how many excess posts are still to come
 * (finalSize − observed, with its 90% interval) and the current excess rate (intensity − baseline). Released at a
 * decaying rate e0·exp(−t/τ) that starts at the current excess, the remainder R fixes τ = R / e0; the interval's
 * ends give the cone's edges, which all start at the current intensity and widen. Empty when there is no
 * forecast on the newest minute or no excess to project.
 */
export const forecastCone = (
  last: TermPoint | undefined,
  maxMinutes = MAX_FORECAST_MINUTES,
): ChartRow[] => {
  const forecast: TermForecast | null | undefined = last?.forecast;
  if (last === undefined || forecast == null) return [];
  const excess = forecast.intensity - last.baseline;
  if (!(excess > 0)) return [];
  const tau = (size: number): number => Math.max(size - forecast.observed, 0) / excess;
  const tauMid = tau(forecast.finalSize);
  const tauLow = tau(forecast.finalSizeLow);
  const tauHigh = tau(forecast.finalSizeHigh);
  const at = (tauX: number, k: number): number =>
    tauX > 0 ? last.baseline + excess * Math.exp(-k / tauX) : last.baseline;
  const minutes = Math.min(maxMinutes, Math.max(1, Math.ceil(CONE_DECAYS * tauHigh)));
  const start = Date.parse(last.t);
  const rows: ChartRow[] = [];
  for (let k = 0; k <= minutes; k++) {
    const low = at(tauLow, k);
    const high = at(tauHigh, k);
    rows.push({
      t: minuteIso(start + k * MINUTE_MS),
      forecast: at(tauMid, k),
      forecastBand: [Math.min(low, high), Math.max(low, high)],
    });
  }
  return rows;
};

/** Chart rows: the scored minutes, then the cone's future minutes; the newest minute carries the cone's start. */
export const chartRows = (points: readonly TermPoint[]): ChartRow[] => {
  const rows = toRows(points);
  // The cone takes at most half the charted span (at least 15 min), so a short window is not squeezed.
  const horizon = Math.min(MAX_FORECAST_MINUTES, Math.max(15, Math.ceil(points.length / 2)));
  const cone = forecastCone(points.at(-1), horizon);
  const [first, ...future] = cone;
  const lastRow = rows.at(-1);
  if (first === undefined || lastRow === undefined) return rows;
  lastRow.forecast = first.forecast;
  lastRow.forecastBand = first.forecastBand;
  return [...rows, ...future];
};

/** One sentence for screen readers about bursts and the forecast (empty when there is neither). */
export const describeDetail = (points: readonly TermPoint[]): string => {
  const parts: string[] = [];
  const spans = burstSpans(points);
  if (spans.length > 0) parts.push(`${spans.length} burst period${spans.length === 1 ? '' : 's'}.`);
  const forecast = points.at(-1)?.forecast;
  if (forecast != null) {
    const size = (x: number): string => String(Math.round(x));
    parts.push(
      `Forecast: about ${size(forecast.finalSize)} excess posts in total (90% ${size(forecast.finalSizeLow)}–${size(forecast.finalSizeHigh)})${forecast.supercritical ? ', growing without bound (supercritical)' : ''}.`,
    );
  }
  return parts.join(' ');
};

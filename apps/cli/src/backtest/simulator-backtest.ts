import type { AlertDraft, SpreadPipelineOptions } from '@spreadwatch/alerting';
import { SpreadPipeline } from '@spreadwatch/alerting';
import type { TermScore } from '@spreadwatch/scoring';
import type { PlantedEvent } from '@spreadwatch/simulator';
import { simulate } from '@spreadwatch/simulator';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
// An alert for an event's term counts as its detection from shortly before onset (bucket edges) to an hour after.
const MATCH_BEFORE_MS = 2 * MINUTE_MS;
const MATCH_AFTER_MS = HOUR_MS;
// Alerts for an event's term this long after onset still belong to the event (the simulator tracks 3 h).
const EVENT_SPAN_MS = 3 * HOUR_MS;
// The forecast is read after this much observation and compared with the size over the event span.
const FORECAST_AFTER_MS = HOUR_MS;
// Spikes at least this many times their baseline are the ones the delay target is about.
const BIG_SPIKE_FACTOR = 10;

export interface SimulatorRun {
  scenario: string;
  seed: number;
  hours: number;
}

export const DEFAULT_SIMULATOR_RUNS: readonly SimulatorRun[] = [
  { scenario: 'default', seed: 1, hours: 24 },
  { scenario: 'default', seed: 2, hours: 24 },
  { scenario: 'default', seed: 3, hours: 24 },
  { scenario: 'default', seed: 4, hours: 24 },
  // Background only, two full daily cycles: every alert is a false one (benign daily peaks).
  { scenario: 'quiet', seed: 1, hours: 48 },
];

export interface EventOutcome {
  run: string;
  id: string;
  kind: string;
  term: string;
  peakFactor: number;
  detected: boolean;
  /** Minutes from labelled onset to the first alert, or null. */
  delayMinutes: number | null;
  /** Predicted final excess size after 1 h, actual excess size over 3 h, relative error. */
  forecast: { predicted: number; actual: number; relativeError: number } | null;
}

export interface SimulatorResult {
  runs: SimulatorRun[];
  events: number;
  recall: number;
  /** Recall of spikes reaching 10× their baseline. */
  recallBig: number;
  falseAlerts: number;
  termHours: number;
  falseAlertsPer1000TermHours: number;
  /** False alerts in background-only runs (benign daily peaks). */
  quietFalseAlerts: number;
  medianDelayMinutes: number | null;
  p90DelayMinutes: number | null;
  /** Delay percentiles over spikes reaching 10× baseline. */
  medianDelayBigMinutes: number | null;
  p90DelayBigMinutes: number | null;
  forecastMedianRelativeError: number | null;
  forecastEvaluated: number;
  outcomes: EventOutcome[];
}

interface TermTrace {
  starts: number[];
  counts: number[];
  baselines: number[];
  finals: number[];
  onsets: number[];
}

/** Runs simulator scenarios through the pipeline and compares alerts and forecasts with the planted truth. */
export function runSimulatorBacktest(
  runs: readonly SimulatorRun[] = DEFAULT_SIMULATOR_RUNS,
  options: SpreadPipelineOptions = {},
  start = '2024-03-01T00:00:00Z',
): SimulatorResult {
  const outcomes: EventOutcome[] = [];
  let falseAlerts = 0;
  let quietFalseAlerts = 0;
  let termMinutes = 0;
  for (const run of runs) {
    const simulation = simulate({
      scenario: run.scenario,
      seed: run.seed,
      start,
      hours: run.hours,
    });
    const pipeline = new SpreadPipeline(options);
    const fired: AlertDraft[] = [];
    const episodes = new Set<string>();
    const traces = new Map<string, TermTrace>();
    const keep = (scores: readonly TermScore[]): void => {
      termMinutes += scores.length;
      for (const s of scores) {
        let trace = traces.get(s.term);
        if (trace === undefined) {
          trace = { starts: [], counts: [], baselines: [], finals: [], onsets: [] };
          traces.set(s.term, trace);
        }
        trace.starts.push(s.bucketStart);
        trace.counts.push(s.count);
        trace.baselines.push(s.baseline);
        trace.finals.push(s.forecast?.finalSize ?? Number.NaN);
        trace.onsets.push(s.forecast?.onset ?? Number.NaN);
      }
    };
    const take = (out: { scores: TermScore[]; alerts: AlertDraft[] }): void => {
      if (out.scores.length > 0) keep(out.scores);
      for (const alert of out.alerts) {
        if (alert.kind !== 'velocity' || alert.status !== 'firing') continue;
        // An escalation re-emits the episode with the same firedAt: one detection per episode.
        const key = `${alert.fingerprint}|${alert.firedAt}`;
        if (episodes.has(key)) continue;
        episodes.add(key);
        fired.push(alert);
      }
    };
    for (const obs of simulation.observations) take(pipeline.ingest(obs));
    take(pipeline.flush());
    const labels = simulation.labels();
    const name = `${run.scenario}/seed${run.seed}`;
    const claimed = new Set<AlertDraft>();
    for (const label of labels) outcomes.push(evaluateEvent(name, label, fired, claimed, traces));
    for (const alert of fired) {
      if (claimed.has(alert)) continue;
      if (labelsCover(labels, alert)) continue;
      falseAlerts++;
      if (run.scenario === 'quiet') quietFalseAlerts++;
    }
  }
  const delays = outcomes.flatMap((o) => (o.delayMinutes === null ? [] : [o.delayMinutes]));
  const big = outcomes.filter((o) => o.peakFactor >= BIG_SPIKE_FACTOR);
  const bigDelays = big.flatMap((o) => (o.delayMinutes === null ? [] : [o.delayMinutes]));
  const errors = outcomes.flatMap((o) => (o.forecast === null ? [] : [o.forecast.relativeError]));
  const termHours = termMinutes / 60;
  return {
    runs: [...runs],
    events: outcomes.length,
    recall: ratio(outcomes.filter((o) => o.detected).length, outcomes.length),
    recallBig: ratio(big.filter((o) => o.detected).length, big.length),
    falseAlerts,
    termHours,
    falseAlertsPer1000TermHours: termHours > 0 ? (1000 * falseAlerts) / termHours : 0,
    quietFalseAlerts,
    medianDelayMinutes: quantile(delays, 0.5),
    p90DelayMinutes: quantile(delays, 0.9),
    medianDelayBigMinutes: quantile(bigDelays, 0.5),
    p90DelayBigMinutes: quantile(bigDelays, 0.9),
    forecastMedianRelativeError: quantile(errors, 0.5),
    forecastEvaluated: errors.length,
    outcomes,
  };
}

function evaluateEvent(
  run: string,
  label: PlantedEvent,
  fired: readonly AlertDraft[],
  claimed: Set<AlertDraft>,
  traces: Map<string, TermTrace>,
): EventOutcome {
  const onset = Date.parse(label.onset);
  const term = label.terms[0] ?? '';
  let first: AlertDraft | undefined;
  for (const alert of fired) {
    if (alert.term !== term) continue;
    const at = Date.parse(alert.firedAt);
    if (at >= onset - MATCH_BEFORE_MS && at <= onset + EVENT_SPAN_MS) claimed.add(alert);
    if (at >= onset - MATCH_BEFORE_MS && at <= onset + MATCH_AFTER_MS && first === undefined) {
      first = alert;
    }
  }
  const delay = first === undefined ? null : (Date.parse(first.firedAt) - onset) / MINUTE_MS;
  return {
    run,
    id: label.id,
    kind: label.kind,
    term,
    peakFactor: label.peakFactor ?? 0,
    detected: first !== undefined,
    delayMinutes: delay === null ? null : Math.max(0, delay),
    forecast: first === undefined ? null : forecastOutcome(traces.get(term), onset),
  };
}

/** Forecast read after 1 h against the actual excess (posts above the scorer's baseline) over 3 h. */
function forecastOutcome(trace: TermTrace | undefined, onset: number): EventOutcome['forecast'] {
  if (trace === undefined) return null;
  const readAt = onset + FORECAST_AFTER_MS - MINUTE_MS;
  let predicted = Number.NaN;
  let episodeOnset = onset;
  for (let i = 0; i < trace.starts.length; i++) {
    const t = trace.starts[i] as number;
    if (t < onset - MATCH_BEFORE_MS || t > readAt) continue;
    const final = trace.finals[i] as number;
    if (!Number.isNaN(final)) {
      predicted = final;
      episodeOnset = trace.onsets[i] as number;
    }
  }
  if (Number.isNaN(predicted)) return null;
  let actual = 0;
  for (let i = 0; i < trace.starts.length; i++) {
    const t = trace.starts[i] as number;
    if (t >= episodeOnset && t < onset + EVENT_SPAN_MS) {
      actual += (trace.counts[i] as number) - (trace.baselines[i] as number);
    }
  }
  if (!(actual > 0)) return null;
  return { predicted, actual, relativeError: Math.abs(predicted - actual) / actual };
}

function labelsCover(labels: readonly PlantedEvent[], alert: AlertDraft): boolean {
  const at = Date.parse(alert.firedAt);
  return labels.some((label) => {
    const onset = Date.parse(label.onset);
    return (
      label.terms.includes(alert.term ?? '') &&
      at >= onset - MATCH_BEFORE_MS &&
      at <= onset + EVENT_SPAN_MS
    );
  });
}

function ratio(a: number, b: number): number {
  return b === 0 ? 1 : a / b;
}

/** Linear-interpolated quantile; null for no data. */
export function quantile(values: readonly number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  return a + (b - a) * (pos - lo);
}

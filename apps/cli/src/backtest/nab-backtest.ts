import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

import type { AlertDraft, SpreadPipelineOptions } from '@spreadwatch/alerting';
import { SpreadPipeline } from '@spreadwatch/alerting';

import { CsvSeriesReader, parseCsvRow } from '../csv-series';
import type { NabCostMatrix, NabSeriesScore } from './nab-scoring';
import { normaliseNab, scoreNabSeries } from './nab-scoring';

export const NAB_PROFILES = ['standard', 'reward_low_FP_rate', 'reward_low_FN_rate'] as const;
export type NabProfile = (typeof NAB_PROFILES)[number];

export interface NabSeriesResult {
  series: string;
  rows: number;
  detections: number;
  /** Per profile: raw score, normalised score and counts. */
  profiles: Record<NabProfile, NabSeriesScore & { normalised: number }>;
}

export interface NabResult {
  dir: string;
  series: NabSeriesResult[];
  /** Per profile over all series: Σ score normalised by Σ null and Σ perfect (NAB's corpus total). */
  total: Record<NabProfile, { score: number; normalised: number }>;
}

const TERM = 'nab-series';

/** Parses NAB's window timestamps (`2015-03-03 04:37:53.000000`, UTC). */
function nabTime(raw: string): number {
  const iso = `${raw
    .trim()
    .replace(' ', 'T')
    .replace(/\.\d+$/, '')}Z`;
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`not a NAB timestamp: ${JSON.stringify(raw)}`);
  return ms;
}

/**
 * Runs one `timestamp,value` series causally through the same pipeline as replay (a count observation per row,
 * in order) and returns the rows and the rows at which a velocity alert started firing.
 */
export function detectSeries(
  csv: string,
  options: SpreadPipelineOptions = {},
): { timestamps: number[]; detections: boolean[] } {
  const pipeline = new SpreadPipeline(options);
  const reader = new CsvSeriesReader(TERM);
  const timestamps: number[] = [];
  const fired: number[] = [];
  const collect = (alerts: readonly AlertDraft[]): void => {
    for (const alert of alerts) {
      // A detection is the start of an episode; an escalation keeps its episode's firedAt (deduplicated below).
      if (alert.status === 'firing' && alert.kind === 'velocity')
        fired.push(Date.parse(alert.firedAt));
    }
  };
  const lines = csv.split(/\r?\n/);
  lines.forEach((line, i) => {
    const row = parseCsvRow(line);
    if (row.ok) timestamps.push(row.tsMs);
    const { observations } = reader.push(line, i + 1);
    for (const obs of observations) collect(pipeline.ingest(obs).alerts);
  });
  for (const obs of reader.end().observations) collect(pipeline.ingest(obs).alerts);
  collect(pipeline.flush().alerts);

  // firedAt is the end of the deciding minute: the detection belongs to the row covering that minute.
  const starts = new Set<number>(fired);
  const detections = new Array<boolean>(timestamps.length).fill(false);
  let r = 0;
  for (const at of [...starts].sort((a, b) => a - b)) {
    const minuteStart = at - 60_000;
    while (r + 1 < timestamps.length && (timestamps[r + 1] as number) <= minuteStart) r++;
    detections[r] = true;
  }
  return { timestamps, detections };
}

/** NAB scoring of every `*.csv` in `dir` against `windows.json` and `profiles.json` there. */
export async function runNabBacktest(
  dir: string,
  options: SpreadPipelineOptions = {},
): Promise<NabResult> {
  const windowsRaw = JSON.parse(await readFile(join(dir, 'windows.json'), 'utf8')) as Record<
    string,
    [string, string][]
  >;
  const profilesRaw = JSON.parse(await readFile(join(dir, 'profiles.json'), 'utf8')) as Record<
    string,
    { CostMatrix: NabCostMatrix }
  >;
  const files = (await readdir(dir)).filter((f) => f.endsWith('.csv')).sort();
  const series: NabSeriesResult[] = [];
  const sums = Object.fromEntries(
    NAB_PROFILES.map((p) => [p, { score: 0, nullScore: 0, perfectScore: 0 }]),
  ) as Record<NabProfile, { score: number; nullScore: number; perfectScore: number }>;
  for (const file of files) {
    const windows = (windowsRaw[file] ?? []).map(
      ([a, b]) => [nabTime(a), nabTime(b)] as [number, number],
    );
    const { timestamps, detections } = detectSeries(
      await readFile(join(dir, file), 'utf8'),
      options,
    );
    const profiles = {} as NabSeriesResult['profiles'];
    for (const profile of NAB_PROFILES) {
      const cost = profilesRaw[profile]?.CostMatrix;
      if (cost === undefined) throw new Error(`profiles.json has no ${profile}`);
      const score = scoreNabSeries(timestamps, detections, windows, cost);
      profiles[profile] = {
        ...score,
        normalised: normaliseNab(score.score, score.nullScore, score.perfectScore),
      };
      const sum = sums[profile];
      sum.score += score.score;
      sum.nullScore += score.nullScore;
      sum.perfectScore += score.perfectScore;
    }
    series.push({
      series: file.replace(/\.csv$/, ''),
      rows: timestamps.length,
      detections: detections.filter(Boolean).length,
      profiles,
    });
  }
  const total = Object.fromEntries(
    NAB_PROFILES.map((p) => [
      p,
      {
        score: sums[p].score,
        normalised: normaliseNab(sums[p].score, sums[p].nullScore, sums[p].perfectScore),
      },
    ]),
  ) as NabResult['total'];
  return { dir, series, total };
}

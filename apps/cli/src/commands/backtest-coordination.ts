import { parseArgs } from 'node:util';

import type { CoordinationConfig } from '@spreadwatch/coordination';
import { CoordinationDetector } from '@spreadwatch/coordination';
import { isoToMs } from '@spreadwatch/scoring';

import {
  buildScenario,
  type BenignSpec,
  type CampaignSpec,
  type ScenarioSpec,
} from '../coordination-scenarios';
import type { Io } from '../io';
import { numberOption, withUsage } from '../usage-error';

export const BACKTEST_COORDINATION_USAGE = `Usage: spreadwatch backtest-coordination [--seeds N] [--quick]

Plants coordinated campaigns (group size 5–200, jitter 1–120 s, organic pickup, bots mixed with real accounts)
and benign look-alikes (news hashtag bursts, fans reposting one celebrity post) into the simulator's organic
background and runs the coordination detector with its defaults. Prints account-level precision and recall per
jitter, time to first flag, and the share of benign bursts flagged as clusters.

Options:
  --seeds N   seeds per grid cell (default 2)
  --quick     a reduced grid (tests)`;

export interface CampaignResult {
  spec: CampaignSpec;
  seed: number;
  truePositives: number;
  flagged: number;
  campaign: number;
  /** Minutes from onset to the first cluster holding campaign accounts, null if never. */
  firstFlagMinutes: number | null;
}

export interface BenignResult {
  spec: BenignSpec;
  seed: number;
  /** True when a cluster held at least minClusterSize of the burst's accounts. */
  flagged: boolean;
  flaggedAccounts: number;
}

export interface CoordinationBacktestReport {
  campaigns: CampaignResult[];
  benign: BenignResult[];
  /** Per jitter (s): micro-averaged precision and recall over group sizes and seeds. */
  byJitter: {
    jitterSeconds: number;
    precision: number;
    recall: number;
    maxFirstFlagMinutes: number | null;
  }[];
  benignFlaggedShare: number;
  postsPerSecond: number;
}

interface RunOutcome {
  flagged: Set<string>;
  firstFlagMs: number | null;
  posts: number;
}

function runDetector(
  spec: ScenarioSpec,
  seed: number,
  config: Partial<CoordinationConfig>,
  target: Set<string>,
): RunOutcome & { onsetMs: number } {
  const scenario = buildScenario(spec, seed);
  const detector = new CoordinationDetector(config);
  const minSize = detector.config.minClusterSize;
  const flagged = new Set<string>();
  let firstFlagMs: number | null = null;
  const take = (updates: ReturnType<CoordinationDetector['advanceTo']>, at: number): void => {
    for (const update of updates) {
      if (update.change === 'resolved') continue;
      let hits = 0;
      for (const a of update.cluster.accounts) {
        flagged.add(a);
        if (target.has(a) || (target.size === 0 && scenario.campaignAccounts.has(a))) hits++;
      }
      if (firstFlagMs === null && hits >= minSize) firstFlagMs = at;
    }
  };
  const targetSet = spec.kind === 'campaign' ? scenario.campaignAccounts : scenario.benignAccounts;
  target.clear();
  for (const a of targetSet) target.add(a);
  for (const p of scenario.posts) {
    const ts = isoToMs(p.ts);
    detector.observePost(p, ts);
    take(detector.advanceTo(ts), ts);
  }
  const end = isoToMs(scenario.posts[scenario.posts.length - 1]?.ts ?? new Date(0).toISOString());
  take(detector.advanceTo(end + detector.config.evaluateEveryMs), end);
  return { flagged, firstFlagMs, posts: scenario.posts.length, onsetMs: scenario.onsetMs };
}

/** Runs the grid and returns the figures (no printing). */
export function runCoordinationBacktest(
  options: {
    seeds?: number;
    quick?: boolean;
    config?: Partial<CoordinationConfig>;
    /** Override the grid (for exploring one corner). */
    sizes?: number[];
    jitters?: number[];
  } = {},
): CoordinationBacktestReport {
  const seeds = options.seeds ?? 2;
  const quick = options.quick ?? false;
  const config = options.config ?? {};
  const sizes = options.sizes ?? (quick ? [10, 50] : [5, 10, 20, 50, 100, 200]);
  const jitters = options.jitters ?? (quick ? [5, 60] : [1, 5, 15, 30, 60, 90, 120]);
  const mixes: [organicShare: number, realShare: number][] = quick
    ? [[0.5, 0.2]]
    : [
        [0.3, 0],
        [1, 0.3],
      ];
  const campaigns: CampaignResult[] = [];
  const benign: BenignResult[] = [];
  let posts = 0;
  const started = performance.now();
  let seedBase = 1;
  for (const groupSize of sizes) {
    for (const jitter of jitters) {
      for (const [organicShare, realShare] of mixes) {
        for (let s = 0; s < seeds; s++) {
          const seed = seedBase++;
          const spec: CampaignSpec = {
            kind: 'campaign',
            groupSize,
            jitterMs: jitter * 1000,
            organicShare,
            realShare,
            waves: 20,
          };
          const target = new Set<string>();
          const run = runDetector(spec, seed, config, target);
          posts += run.posts;
          let tp = 0;
          for (const a of run.flagged) if (target.has(a)) tp++;
          campaigns.push({
            spec,
            seed,
            truePositives: tp,
            flagged: run.flagged.size,
            campaign: target.size,
            firstFlagMinutes:
              run.firstFlagMs === null ? null : round((run.firstFlagMs - run.onsetMs) / 60_000, 2),
          });
        }
      }
    }
  }
  const benignSpecs: BenignSpec[] = quick
    ? [
        { kind: 'news', accounts: 300, spreadMinutes: 3 },
        { kind: 'fans', accounts: 500, spreadMinutes: 5 },
      ]
    : [
        ...[100, 300, 800].flatMap((accounts) =>
          [2, 5, 10].map((spreadMinutes): BenignSpec => ({
            kind: 'news',
            accounts,
            spreadMinutes,
          })),
        ),
        ...[200, 500, 2000].flatMap((accounts) =>
          [3, 10].map((spreadMinutes): BenignSpec => ({ kind: 'fans', accounts, spreadMinutes })),
        ),
      ];
  for (const spec of benignSpecs) {
    for (let s = 0; s < seeds; s++) {
      const seed = seedBase++;
      const target = new Set<string>();
      const run = runDetector(spec, seed, config, target);
      posts += run.posts;
      let hits = 0;
      for (const a of run.flagged) if (target.has(a)) hits++;
      benign.push({ spec, seed, flagged: run.firstFlagMs !== null, flaggedAccounts: hits });
    }
  }
  const byJitter = jitters.map((jitterSeconds) => {
    const rows = campaigns.filter((c) => c.spec.jitterMs === jitterSeconds * 1000);
    const tp = rows.reduce((s, r) => s + r.truePositives, 0);
    const flagged = rows.reduce((s, r) => s + r.flagged, 0);
    const truth = rows.reduce((s, r) => s + r.campaign, 0);
    const firsts = rows.map((r) => r.firstFlagMinutes);
    return {
      jitterSeconds,
      precision: flagged === 0 ? 0 : round(tp / flagged, 3),
      recall: truth === 0 ? 0 : round(tp / truth, 3),
      maxFirstFlagMinutes: firsts.includes(null) ? null : Math.max(...(firsts as number[])),
    };
  });
  const elapsed = (performance.now() - started) / 1000;
  return {
    campaigns,
    benign,
    byJitter,
    benignFlaggedShare:
      benign.length === 0 ? 0 : round(benign.filter((b) => b.flagged).length / benign.length, 3),
    postsPerSecond: Math.round(posts / Math.max(elapsed, 1e-3)),
  };
}

/** Lines for the report (shared by `backtest` and `backtest-coordination`). */
export function formatCoordinationBacktest(report: CoordinationBacktestReport): string[] {
  const lines = [
    'coordination: campaign accounts (precision / recall / worst time to first flag, min)',
  ];
  for (const row of report.byJitter) {
    lines.push(
      `  jitter ${String(row.jitterSeconds).padStart(3)} s: precision ${row.precision.toFixed(3)}  recall ${row.recall.toFixed(3)}  ` +
        `first flag ≤ ${row.maxFirstFlagMinutes === null ? 'never (some runs)' : row.maxFirstFlagMinutes.toFixed(1)}`,
    );
  }
  const sizes = [...new Set(report.campaigns.map((c) => c.spec.groupSize))];
  for (const size of sizes) {
    const rows = report.campaigns.filter(
      (c) => c.spec.groupSize === size && c.spec.jitterMs <= 60_000,
    );
    const tp = rows.reduce((s, r) => s + r.truePositives, 0);
    const flagged = rows.reduce((s, r) => s + r.flagged, 0);
    const truth = rows.reduce((s, r) => s + r.campaign, 0);
    lines.push(
      `  group ${String(size).padStart(3)} (jitter ≤ 60 s): precision ${(flagged === 0 ? 0 : tp / flagged).toFixed(3)}  recall ${(truth === 0 ? 0 : tp / truth).toFixed(3)}`,
    );
  }
  const within = report.byJitter.filter((r) => r.jitterSeconds <= 60);
  lines.push(
    `  jitter ≤ 60 s: min precision ${Math.min(...within.map((r) => r.precision)).toFixed(3)}, min recall ` +
      `${Math.min(...within.map((r) => r.recall)).toFixed(3)} (target ≥ 0.9 each); worst first flag ` +
      `${within.some((r) => r.maxFirstFlagMinutes === null) ? 'never' : Math.max(...within.map((r) => r.maxFirstFlagMinutes ?? 0)).toFixed(1)} min (target ≤ 5)`,
  );
  const flaggedBenign = report.benign.filter((b) => b.flagged);
  lines.push(
    `coordination: benign look-alikes flagged as clusters ${flaggedBenign.length}/${report.benign.length} ` +
      `(${(report.benignFlaggedShare * 100).toFixed(1)} %, target ≤ 5 %)`,
  );
  for (const b of flaggedBenign) {
    lines.push(
      `  flagged: ${b.spec.kind} ${b.spec.accounts} accounts over ${b.spec.spreadMinutes} min (seed ${b.seed}): ${b.flaggedAccounts} accounts`,
    );
  }
  lines.push(
    `coordination: detector throughput in backtest ${report.postsPerSecond} posts/s (scenario generation included)`,
  );
  return lines;
}

/** The coordination section of `spreadwatch backtest`; also runnable alone as `backtest-coordination`. */
export function backtestCoordinationCommand(
  args: string[],
  io: Io,
): Promise<CoordinationBacktestReport> {
  const { values } = withUsage(BACKTEST_COORDINATION_USAGE, () =>
    parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: { seeds: { type: 'string' }, quick: { type: 'boolean' } },
    }),
  );
  const seeds = numberOption(values.seeds, 'seeds', BACKTEST_COORDINATION_USAGE, {
    integer: true,
    min: 1,
    fallback: 2,
  });
  const report = runCoordinationBacktest({ seeds, quick: values.quick === true });
  for (const line of formatCoordinationBacktest(report)) io.out(line);
  return Promise.resolve(report);
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

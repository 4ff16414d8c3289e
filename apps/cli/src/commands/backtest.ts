import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';

import type { NabResult } from '../backtest/nab-backtest';
import { NAB_PROFILES, runNabBacktest } from '../backtest/nab-backtest';
import type { SimulatorResult } from '../backtest/simulator-backtest';
import { runSimulatorBacktest } from '../backtest/simulator-backtest';
import type { Io } from '../io';
import {
  type CoordinationBacktestReport,
  formatCoordinationBacktest,
  runCoordinationBacktest,
} from './backtest-coordination';
import { UsageError, withUsage } from '../usage-error';

export const DEFAULT_NAB_DIR = '../shared/data/nab-realtweets';

export const BACKTEST_USAGE = `Usage: spreadwatch backtest [--json FILE] [--nab DIR] [--skip-nab] [--skip-simulator]

Scores the detector, exactly as replay runs it (causal, online), on:
  NAB realTweets: the benchmark's own scoring (windows, scaled sigmoid, first detection per window, profile
                  weights, probationary 15%), normalised 0 (never fires) to 100 (perfect), per series and total;
  simulator:      recall of planted spikes, false alerts per 1,000 term-hours, delay from onset to first alert,
                  forecast median relative error of the final size after 1 h.

Options:
  --json FILE        also write every figure as JSON
  --nab DIR          NAB data directory (default ${DEFAULT_NAB_DIR})
  --skip-nab         do not run NAB
  --skip-simulator   do not run the simulator scenarios
  --skip-coordination  do not run the coordination backtest (campaigns and benign look-alikes)`;

export interface BacktestReport {
  nab: NabResult | null;
  simulator: (Omit<SimulatorResult, 'outcomes'> & { outcomes: SimulatorResult['outcomes'] }) | null;
  /** Coordination stage (issue #5): campaigns vs. benign look-alikes. */
  coordination?: CoordinationBacktestReport | null;
}

function fixed(value: number | null, digits = 2): string {
  return value === null ? '—' : value.toFixed(digits);
}

/** The printed table: NAB per series and profile, then the simulator figures with their targets. */
export function formatBacktest(report: BacktestReport): string[] {
  const lines: string[] = [];
  const nab = report.nab;
  if (nab !== null) {
    lines.push('NAB realTweets (normalised: 0 = never fires, 100 = perfect)');
    lines.push(
      `${'series'.padEnd(24)}${'rows'.padStart(7)}${'det'.padStart(5)}${'windows'.padStart(9)}${'FP'.padStart(5)}` +
        NAB_PROFILES.map((p) => p.padStart(20)).join(''),
    );
    for (const s of nab.series) {
      const std = s.profiles.standard;
      lines.push(
        `${s.series.padEnd(24)}${String(s.rows).padStart(7)}${String(s.detections).padStart(5)}` +
          `${`${std.detectedWindows}/${std.windows}`.padStart(9)}${String(std.falsePositives).padStart(5)}` +
          NAB_PROFILES.map((p) => s.profiles[p].normalised.toFixed(1).padStart(20)).join(''),
      );
    }
    lines.push(
      `${'TOTAL'.padEnd(50)}` +
        NAB_PROFILES.map((p) => nab.total[p].normalised.toFixed(1).padStart(20)).join(''),
    );
    lines.push(
      `target: standard ≥ 75 (published: ARTime 83.7, HTM 66.1, S-H-ESD 65.9, z-score 64.6)`,
    );
    lines.push('');
  }
  const sim = report.simulator;
  if (sim !== null) {
    lines.push(
      `Simulator (${sim.runs.map((r) => `${r.scenario}/seed${r.seed} ${r.hours}h`).join(', ')})`,
    );
    lines.push(`planted events:                 ${sim.events}`);
    lines.push(`recall:                         ${fixed(sim.recall, 3)} (target ≥ 0.95)`);
    lines.push(`recall, spikes ≥ 10× baseline:  ${fixed(sim.recallBig, 3)}`);
    lines.push(
      `false alerts / 1,000 term-hours: ${fixed(sim.falseAlertsPer1000TermHours, 3)} ` +
        `(${sim.falseAlerts} over ${Math.round(sim.termHours)} term-hours; target ≤ 1)`,
    );
    lines.push(
      `alerts on benign daily peaks:   ${sim.quietFalseAlerts} (background-only runs; target 0)`,
    );
    lines.push(
      `delay, spikes ≥ 10×:            median ${fixed(sim.medianDelayBigMinutes)} min, ` +
        `p90 ${fixed(sim.p90DelayBigMinutes)} min (target median ≤ 2)`,
    );
    lines.push(
      `delay, all events:              median ${fixed(sim.medianDelayMinutes)} min, p90 ${fixed(sim.p90DelayMinutes)} min`,
    );
    lines.push(
      `forecast after 1 h:             median relative error ${fixed(sim.forecastMedianRelativeError, 3)} ` +
        `over ${sim.forecastEvaluated} events (target ≤ 0.25)`,
    );
  }
  return lines;
}

/** `spreadwatch backtest`: NAB and simulator figures, printed and optionally written as JSON. */
export async function backtestCommand(args: string[], io: Io): Promise<BacktestReport> {
  const { values } = withUsage(BACKTEST_USAGE, () =>
    parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        json: { type: 'string' },
        nab: { type: 'string' },
        'skip-nab': { type: 'boolean' },
        'skip-simulator': { type: 'boolean' },
        'skip-coordination': { type: 'boolean' },
      },
    }),
  );
  const nabDir = values.nab ?? DEFAULT_NAB_DIR;
  if (values['skip-nab'] !== true && !existsSync(nabDir)) {
    throw new UsageError(`--nab ${nabDir} does not exist`, BACKTEST_USAGE);
  }
  // Coordination is another stage with its own backtest; velocity alone is measured here.
  const options = { coordination: false as const };
  const nab = values['skip-nab'] === true ? null : await runNabBacktest(nabDir, options);
  const simulator =
    values['skip-simulator'] === true ? null : runSimulatorBacktest(undefined, options);
  const report: BacktestReport = { nab, simulator };
  for (const line of formatBacktest(report)) io.out(line);
  if (values['skip-coordination'] !== true) {
    report.coordination = runCoordinationBacktest();
    for (const line of formatCoordinationBacktest(report.coordination)) io.out(line);
  }
  if (values.json !== undefined) {
    await writeFile(values.json, `${JSON.stringify(report, null, 2)}\n`);
    io.out(`figures written to ${values.json}`);
  }
  return report;
}

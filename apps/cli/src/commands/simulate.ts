import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';

import type { Observation } from '@spreadwatch/contracts';
import type { PlantedEvent } from '@spreadwatch/simulator';
import { SCENARIO_NAMES, simulate } from '@spreadwatch/simulator';

import type { Io } from '../io';
import { LineWriter } from '../line-writer';
import { numberOption, requireOption, UsageError, withUsage } from '../usage-error';

export const DEFAULT_START = '2024-03-01T00:00:00Z';

export const SIMULATE_USAGE = `Usage: spreadwatch simulate --scenario NAME --seed N --hours H --out FILE --labels FILE [--scale S] [--start ISO]

Writes a synthetic world's observations as NDJSON and its planted events (ground truth) as a JSON array.

Options:
  --scenario NAME   ${SCENARIO_NAMES.join(' | ')}
  --seed N          integer seed; the same options give the same file
  --hours H         simulated hours
  --out FILE        NDJSON observations
  --labels FILE     planted events, pretty JSON
  --scale S         accounts and background volume multiplier (default 1)
  --start ISO       start of simulated time (default ${DEFAULT_START})`;

export interface SimulateReport {
  observations: number;
  posts: number;
  counts: number;
  deletes: number;
  labels: PlantedEvent[];
}

/** Streams observations to an NDJSON file (backpressure honoured); stops early once `maxPosts` posts are written. */
export async function writeObservations(
  observations: Iterable<Observation>,
  path: string,
  maxPosts = Number.POSITIVE_INFINITY,
): Promise<Omit<SimulateReport, 'labels'>> {
  const writer = new LineWriter(path);
  const tally = { observations: 0, posts: 0, counts: 0, deletes: 0 };
  try {
    for (const obs of observations) {
      if (tally.posts >= maxPosts) break;
      tally.observations++;
      if (obs.type === 'post') tally.posts++;
      else if (obs.type === 'count') tally.counts++;
      else tally.deletes++;
      const pending = writer.write(JSON.stringify(obs));
      if (pending !== undefined) await pending;
    }
  } finally {
    await writer.close();
  }
  return tally;
}

/** `spreadwatch simulate`. */
export async function simulateCommand(args: string[], io: Io): Promise<void> {
  const { values } = withUsage(SIMULATE_USAGE, () =>
    parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        scenario: { type: 'string' },
        seed: { type: 'string' },
        hours: { type: 'string' },
        scale: { type: 'string' },
        start: { type: 'string' },
        out: { type: 'string' },
        labels: { type: 'string' },
      },
    }),
  );
  const scenario = requireOption(values.scenario, 'scenario', SIMULATE_USAGE);
  if (!SCENARIO_NAMES.includes(scenario)) {
    throw new UsageError(
      `--scenario must be one of ${SCENARIO_NAMES.join(', ')} (got ${JSON.stringify(scenario)})`,
      SIMULATE_USAGE,
    );
  }
  const seed = numberOption(values.seed, 'seed', SIMULATE_USAGE, { integer: true });
  const hours = numberOption(values.hours, 'hours', SIMULATE_USAGE, { min: 0 });
  const scale = numberOption(values.scale, 'scale', SIMULATE_USAGE, {
    min: Number.MIN_VALUE,
    fallback: 1,
  });
  const start = values.start ?? DEFAULT_START;
  if (Number.isNaN(Date.parse(start)) || !/(Z|[+-]\d{2}:?\d{2})$/.test(start)) {
    throw new UsageError(
      `--start must be an ISO instant with Z or an offset (got ${JSON.stringify(start)})`,
      SIMULATE_USAGE,
    );
  }
  const out = requireOption(values.out, 'out', SIMULATE_USAGE);
  const labelsPath = requireOption(values.labels, 'labels', SIMULATE_USAGE);

  const simulation = simulate({ scenario, seed, hours, scale, start });
  const tally = await writeObservations(simulation.observations, out);
  const labels = simulation.labels();
  await writeFile(labelsPath, `${JSON.stringify(labels, null, 2)}\n`);

  const byKind = new Map<string, number>();
  for (const event of labels) byKind.set(event.kind, (byKind.get(event.kind) ?? 0) + 1);
  io.out(
    `observations: ${tally.observations} (${tally.posts} posts, ${tally.counts} counts, ${tally.deletes} deletes) → ${out}`,
  );
  const kinds = [...byKind].map(([kind, n]) => `${n} ${kind}`).join(', ');
  io.out(`labels:       ${labels.length}${kinds.length > 0 ? ` (${kinds})` : ''} → ${labelsPath}`);
}

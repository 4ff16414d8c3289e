import type { Observation } from '@spreadwatch/contracts';

import type { Simulation, SimulationOptions } from './types';
import { SCENARIOS, World } from './world';

/** Names accepted as `SimulationOptions.scenario`. */
export const SCENARIO_NAMES: readonly string[] = Object.keys(SCENARIOS);

/**
 * Builds a seeded synthetic world: background chatter with a daily cycle, organic cascades, benign news spikes and
 * leak-bait campaigns, with ground-truth labels.
 *
 * Same options give byte-for-byte the same observations. Each iteration of `observations` replays the run from the
 * seed; `labels()` describes the latest iteration so far. With `hours` undefined the stream never ends and is
 * generated lazily, minute by minute.
 *
 * @throws Error for an unknown scenario or invalid options.
 */
export function simulate(options: SimulationOptions): Simulation {
  if (!Object.prototype.hasOwnProperty.call(SCENARIOS, options.scenario)) {
    throw new Error(
      `Unknown scenario ${JSON.stringify(options.scenario)}; known scenarios: ${SCENARIO_NAMES.join(', ')}`,
    );
  }
  if (!Number.isFinite(options.seed))
    throw new Error(`seed must be a finite number (got ${options.seed})`);
  const startMs = Date.parse(options.start);
  if (Number.isNaN(startMs))
    throw new Error(`start must be an ISO instant (got ${JSON.stringify(options.start)})`);
  const { hours } = options;
  if (hours !== undefined && !(hours >= 0 && Number.isFinite(hours))) {
    throw new Error(`hours must be a non-negative number or undefined (got ${hours})`);
  }
  const scale = options.scale ?? 1;
  if (!(scale > 0 && Number.isFinite(scale)))
    throw new Error(`scale must be a positive number (got ${scale})`);

  const worldOptions = {
    scenario: options.scenario,
    seed: options.seed,
    startMs,
    endMs: hours === undefined ? undefined : startMs + Math.round(hours * 3_600_000),
    scale,
  };
  let current: World | undefined;
  const observations: Iterable<Observation> = {
    [Symbol.iterator]: () => {
      current = new World(worldOptions);
      return current.run();
    },
  };
  return { observations, labels: () => current?.labels() ?? [] };
}

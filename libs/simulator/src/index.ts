export * from './types';
export { simulate, SCENARIO_NAMES } from './simulate';
export { SIMULATOR_SOURCE } from './world';
export { Prng, AliasSampler, splitmix32 } from './prng';

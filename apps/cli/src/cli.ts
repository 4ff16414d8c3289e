import { BACKTEST_USAGE, backtestCommand } from './commands/backtest';
import { BENCH_USAGE, benchCommand } from './commands/bench';
import { BENCH_EXPORT_USAGE, benchExportCommand } from './commands/bench-export';
import { EXPORT_USAGE, exportCommand } from './commands/export';
import { REPLAY_USAGE, replayCommand } from './commands/replay';
import { SIMULATE_USAGE, simulateCommand } from './commands/simulate';
import type { Io } from './io';
import { UsageError } from './usage-error';

export const CLI_USAGE = `Usage: spreadwatch <command> [options]

Commands:
  simulate   write a synthetic world as NDJSON observations plus its ground-truth labels
  replay     run a file through scoring and alerting in event time, write alerts as NDJSON
  bench      measure replay throughput against the JSON.parse ceiling on a 1M-post file
  backtest   score the detector on NAB realTweets and simulator scenarios (table + JSON)
  export     write a pseudonymised research dataset (csv, ndjson, parquet) with dictionary and manifest
  bench-export  measure export rows/s and peak memory for a 10M-row series in each format

Run \`spreadwatch <command> --help\` for a command's options.`;

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

interface Command {
  run(args: string[], io: Io): Promise<unknown>;
  usage: string;
}

const COMMANDS: Record<string, Command> = {
  simulate: { run: simulateCommand, usage: SIMULATE_USAGE },
  replay: { run: replayCommand, usage: REPLAY_USAGE },
  bench: { run: benchCommand, usage: BENCH_USAGE },
  backtest: { run: backtestCommand, usage: BACKTEST_USAGE },
  export: { run: exportCommand, usage: EXPORT_USAGE },
  'bench-export': { run: benchExportCommand, usage: BENCH_EXPORT_USAGE },
};

const HELP_FLAGS = new Set(['--help', '-h']);

/** Runs one CLI invocation and returns its exit code: 0 ok, 1 runtime failure, 2 usage error. */
export async function runCli(argv: string[], io: Io): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined) {
    io.err(CLI_USAGE);
    return EXIT_USAGE;
  }
  if (HELP_FLAGS.has(name)) {
    io.out(CLI_USAGE);
    return EXIT_OK;
  }
  const command = Object.prototype.hasOwnProperty.call(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (command === undefined) {
    io.err(`error: unknown command ${JSON.stringify(name)}\n\n${CLI_USAGE}`);
    return EXIT_USAGE;
  }
  if (args.some((arg) => HELP_FLAGS.has(arg))) {
    io.out(command.usage);
    return EXIT_OK;
  }
  try {
    await command.run(args, io);
    return EXIT_OK;
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`error: ${err.message}\n\n${err.usage}`);
      return EXIT_USAGE;
    }
    io.err(`error: ${err instanceof Error ? err.message : String(err)}`);
    return EXIT_FAILURE;
  }
}

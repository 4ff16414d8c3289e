import { existsSync } from 'node:fs';
import { rename } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

import type { PostObservation } from '@spreadwatch/contracts';
import type { Watchlist } from '@spreadwatch/scoring';
import { DEFAULT_WATCHLIST, WatchlistMatcher } from '@spreadwatch/scoring';
import { SCENARIO_NAMES, simulate } from '@spreadwatch/simulator';

import type { Io } from '../io';
import { forEachLine } from '../line-reader';
import { startPeakMemory } from '../peak-memory';
import { replayFile } from './replay';
import { DEFAULT_START, writeObservations } from './simulate';
import { numberOption, UsageError, withUsage } from '../usage-error';

export const BENCH_USAGE = `Usage: spreadwatch bench [--posts N] [--scenario NAME] [--seed N] [--scale S] [--rounds R] [--file FILE]

Generates (once, cached in the temp directory) a simulator NDJSON file, then measures in this run:
  ceiling: read the file, split lines, JSON.parse each line (nothing else);
  replay:  the replay command's code path (parse + validate + score + alert), alerts kept in memory, not written.

Options:
  --posts N         posts in the file (default 1000000)
  --scenario NAME   ${SCENARIO_NAMES.join(' | ')} (default default)
  --seed N          simulator seed (default 1)
  --scale S         simulator scale (default 10)
  --rounds R        measure each side R times, report the best (default 1)
  --file FILE       use this file instead of generating one`;

export interface BenchResult {
  file: string;
  lines: number;
  posts: number;
  ceilingPostsPerSecond: number;
  replayPostsPerSecond: number;
  ratio: number;
  alerts: number;
}

/** Reads, splits and JSON.parses every line: the most any replay can do. */
export async function measureCeiling(
  path: string,
): Promise<{ lines: number; posts: number; elapsedMs: number }> {
  const started = performance.now();
  let posts = 0;
  const lines = await forEachLine(path, (line) => {
    if (line.length === 0) return;
    const value = JSON.parse(line) as { type?: unknown };
    if (value.type === undefined || value.type === 'post') posts++;
  });
  return { lines, posts, elapsedMs: performance.now() - started };
}

const MATCHER_SAMPLE = 100_000;
const LARGE_WATCHLIST = 10_000;

/** A synthetic watchlist of `n` distinct two-word phrases (plus the default list) for the matcher's cost. */
export function syntheticWatchlist(n: number): Watchlist {
  const syllables = ['ka', 'lo', 'mi', 'zu', 're', 'ta', 'no', 'vi', 'sa', 'du', 'pe', 'gu'];
  const word = (i: number): string => {
    let w = '';
    let k = i;
    do {
      w += syllables[k % syllables.length] as string;
      k = Math.floor(k / syllables.length);
    } while (k > 0);
    return w;
  };
  const terms = Array.from({ length: n }, (_, i) => ({
    term: `${word(i)} ${word(i * 7 + 3)}`,
    synonyms: [],
  }));
  return {
    id: 'synthetic',
    name: 'synthetic',
    settings: {},
    terms: [...DEFAULT_WATCHLIST.terms, ...terms],
  };
}

/** Matching cost per post (text and hashtags) with the default watchlist and with 10,000 more terms. */
export async function measureMatcher(file: string): Promise<{
  posts: number;
  small: number;
  smallTerms: number;
  large: number;
  largeTerms: number;
  states: number;
}> {
  const posts: PostObservation[] = [];
  await forEachLine(file, (line) => {
    if (posts.length >= MATCHER_SAMPLE || line.length === 0) return;
    const value = JSON.parse(line) as { type?: string; text?: string; hashtags?: string[] };
    if (value.type === undefined || value.type === 'post') {
      posts.push({
        type: 'post',
        source: 's',
        id: '1',
        ts: '',
        kind: 'post',
        author: { id: 'a' },
        text: value.text,
        hashtags: value.hashtags,
      });
    }
  });
  const time = (matcher: WatchlistMatcher): number => {
    const out: string[] = [];
    let found = 0;
    // Two passes: the first warms the JIT.
    for (let pass = 0; pass < 2; pass++) {
      const started = performance.now();
      for (const post of posts) found += matcher.matchInto(post, out, 0);
      if (pass === 1)
        return ((performance.now() - started) * 1e6) / Math.max(posts.length, 1) + found * 0;
    }
    return 0;
  };
  const small = new WatchlistMatcher([DEFAULT_WATCHLIST]);
  const large = new WatchlistMatcher([syntheticWatchlist(LARGE_WATCHLIST)]);
  return {
    posts: posts.length,
    small: time(small),
    smallTerms: DEFAULT_WATCHLIST.terms.length,
    large: time(large),
    largeTerms: DEFAULT_WATCHLIST.terms.length + LARGE_WATCHLIST,
    states: large.states,
  };
}

export async function benchCommand(args: string[], io: Io): Promise<BenchResult> {
  const { values } = withUsage(BENCH_USAGE, () =>
    parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        posts: { type: 'string' },
        scenario: { type: 'string' },
        seed: { type: 'string' },
        scale: { type: 'string' },
        rounds: { type: 'string' },
        file: { type: 'string' },
      },
    }),
  );
  const posts = numberOption(values.posts, 'posts', BENCH_USAGE, {
    integer: true,
    min: 1,
    fallback: 1_000_000,
  });
  const scenario = values.scenario ?? 'default';
  if (!SCENARIO_NAMES.includes(scenario)) {
    throw new UsageError(`--scenario must be one of ${SCENARIO_NAMES.join(', ')}`, BENCH_USAGE);
  }
  const seed = numberOption(values.seed, 'seed', BENCH_USAGE, { integer: true, fallback: 1 });
  const scale = numberOption(values.scale, 'scale', BENCH_USAGE, {
    min: Number.MIN_VALUE,
    fallback: 10,
  });
  const rounds = numberOption(values.rounds, 'rounds', BENCH_USAGE, {
    integer: true,
    min: 1,
    fallback: 1,
  });

  let file = values.file;
  if (file === undefined) {
    file = join(
      tmpdir(),
      `spreadwatch-bench-${scenario}-seed${seed}-scale${scale}-${posts}posts.ndjson`,
    );
    if (existsSync(file)) {
      io.out(`reusing ${file}`);
    } else {
      io.out(`generating ${posts} posts into ${file} …`);
      const partial = `${file}.partial`;
      // An endless (live-mode) world, cut at the requested number of posts.
      const simulation = simulate({ scenario, seed, scale, start: DEFAULT_START });
      const tally = await writeObservations(simulation.observations, partial, posts);
      await rename(partial, file);
      io.out(`  ${tally.observations} observations (${tally.posts} posts)`);
    }
  } else if (!existsSync(file)) {
    throw new Error(`cannot read --file ${file}`);
  }

  let ceilingBest = 0;
  let replayBest = 0;
  let lines = 0;
  let postCount = 0;
  let alerts = 0;
  for (let round = 1; round <= rounds; round++) {
    const ceiling = await measureCeiling(file);
    const ceilingRate = ceiling.posts / (ceiling.elapsedMs / 1000);
    ceilingBest = Math.max(ceilingBest, ceilingRate);
    lines = ceiling.lines;
    postCount = ceiling.posts;
    io.out(
      `round ${round}: ceiling ${Math.round(ceilingRate)} posts/s (${(ceiling.elapsedMs / 1000).toFixed(2)} s)`,
    );

    // Everything on: default watchlist matching, forecasts and coordination beside velocity.
    const memory = startPeakMemory();
    const replay = await replayFile(
      {
        input: file,
        format: 'ndjson',
        alertsOut: null,
        pipeline: { watchlists: [DEFAULT_WATCHLIST] },
      },
      io,
    );
    const peak = memory.stop();
    replayBest = Math.max(replayBest, replay.postsPerSecond);
    alerts = replay.alerts;
    io.out(
      `round ${round}: replay  ${Math.round(replay.postsPerSecond)} posts/s (${(replay.elapsedMs / 1000).toFixed(2)} s, ` +
        `${replay.alerts} alerts, ${replay.rejected} rejected)`,
    );
    io.out(
      `round ${round}: memory  peak RSS ${peak.rssMb} MB, peak heap ${peak.heapMb} MB during replay`,
    );
  }
  const matcher = await measureMatcher(file);
  io.out(
    `matcher:  ${matcher.small.toFixed(0)} ns/post with ${matcher.smallTerms} watched terms, ` +
      `${matcher.large.toFixed(0)} ns/post with ${matcher.largeTerms} (${matcher.states} states; ` +
      `${matcher.posts} post texts + hashtags)`,
  );
  const ratio = replayBest / ceilingBest;
  io.out(`file:     ${file} (${lines} lines, ${postCount} posts)`);
  io.out(`ceiling:  ${Math.round(ceilingBest)} posts/s (read + split + JSON.parse)`);
  io.out(
    `replay:   ${Math.round(replayBest)} posts/s (full pipeline, alerts stamped and validated, not written)`,
  );
  io.out(`ratio:    ${ratio.toFixed(2)} × ceiling (target ≥ 0.50)`);
  return {
    file,
    lines,
    posts: postCount,
    ceilingPostsPerSecond: ceilingBest,
    replayPostsPerSecond: replayBest,
    ratio,
    alerts,
  };
}

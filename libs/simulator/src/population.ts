import { AliasSampler, type Prng } from './prng';
import { botHandle, establishedHandle } from './vocabulary';

const DAY_MS = 86_400_000;

/** One simulated account. `posts` grows as the account posts. */
export interface Account {
  /** Index in the population; -1 for campaign accounts, which live outside it. */
  index: number;
  id: string;
  handle: string;
  createdAt: string;
  followers: number;
  following: number;
  posts: number;
  /** Expected reposts of one of its posts relative to the average account (sqrt of followers, capped). */
  reach: number;
}

/** The established accounts and a sampled follower relation, built once per run. */
export interface Population {
  accounts: Account[];
  /** Who posts background chatter: heavy-tailed activity. */
  byActivity: AliasSampler;
  /** Who posts news: accounts over six months old, weighted by sqrt(followers). */
  byStanding: AliasSampler;
  /** Indices of the most-followed 3 %: roots of organic cascades. */
  prominent: Int32Array;
  /** CSR follower lists: followers of account i are followerList[followerStart[i] .. followerStart[i+1]). */
  followerStart: Int32Array;
  followerList: Int32Array;
}

// Account counts and tails: median ~80 followers with a long tail to a few million, 1–2 k following for bots.
const BASE_ACCOUNTS = 4000;
const REACH_CAP = 6;

export function buildPopulation(rng: Prng, startMs: number, scale: number): Population {
  const n = Math.max(50, Math.round(BASE_ACCOUNTS * scale));
  const accounts: Account[] = [];
  const activity = new Float64Array(n);
  const standing = new Float64Array(n);
  const handles = new Set<string>();
  let sqrtSum = 0;
  for (let i = 0; i < n; i++) {
    let handle = establishedHandle(rng, rng.chance(0.3) ? 2 : 0);
    while (handles.has(handle)) handle = establishedHandle(rng, 3);
    handles.add(handle);
    // Established: two months to eight years old.
    const ageDays = rng.range(60, 2920);
    const followers = Math.min(3_000_000, Math.floor(rng.logNormal(4.4, 1.9)));
    const following = Math.min(7_500, Math.floor(rng.logNormal(5.3, 0.9)));
    // Pareto(1.6) posts per day, capped so one account is never more than a few % of the stream.
    const perDay = Math.min(150, 0.3 * rng.pareto(1.6));
    activity[i] = perDay;
    standing[i] = ageDays > 180 ? Math.sqrt(followers + 1) : 0;
    sqrtSum += Math.sqrt(followers + 1);
    accounts.push({
      index: i,
      id: String(100_000 + i),
      handle,
      createdAt: new Date(Math.floor(startMs - ageDays * DAY_MS)).toISOString(),
      followers,
      following,
      posts: Math.floor(ageDays * perDay * rng.range(0.5, 1.5)),
      reach: 0,
    });
  }
  const meanSqrt = sqrtSum / n;
  for (const account of accounts) {
    account.reach = Math.min(REACH_CAP, Math.sqrt(account.followers + 1) / meanSqrt);
  }
  const byActivity = new AliasSampler(activity);
  const byStanding = new AliasSampler(standing);

  const order = Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => (accounts[b]?.followers ?? 0) - (accounts[a]?.followers ?? 0) || a - b,
  );
  const prominent = Int32Array.from(order.slice(0, Math.max(5, Math.ceil(n * 0.03))));

  // Sampled follower lists: 2–40 entries growing with log(followers), drawn by activity because active
  // accounts are the ones that repost. Storage stays O(n · 40) ints.
  const followerStart = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) {
    const f = accounts[i]?.followers ?? 0;
    const size = Math.max(2, Math.min(40, Math.round(2 + 5 * Math.log10(f + 1))));
    followerStart[i + 1] = (followerStart[i] ?? 0) + size;
  }
  const followerList = new Int32Array(followerStart[n] ?? 0);
  for (let i = 0; i < n; i++) {
    for (let k = followerStart[i] ?? 0; k < (followerStart[i + 1] ?? 0); k++) {
      let f = byActivity.sample(rng);
      if (f === i) f = (f + 1) % n;
      followerList[k] = f;
    }
  }
  return { accounts, byActivity, byStanding, prominent, followerStart, followerList };
}

/** A days-old, high-cadence campaign account with a digit-run handle. */
export function createBot(rng: Prng, id: number, atMs: number): Account {
  const ageDays = rng.range(0.5, 12);
  return {
    index: -1,
    id: String(id),
    handle: botHandle(rng),
    createdAt: new Date(Math.floor(atMs - ageDays * DAY_MS)).toISOString(),
    followers: rng.intBetween(0, 40),
    following: rng.intBetween(400, 2500),
    // 50–400 posts a day since creation.
    posts: Math.floor(ageDays * rng.range(50, 400)),
    reach: 0.05,
  };
}

/** A follower of `account` from its sampled list (or an activity-weighted account for campaign accounts). */
export function sampleFollower(population: Population, rng: Prng, account: Account): Account {
  const accounts = population.accounts;
  if (account.index >= 0) {
    const lo = population.followerStart[account.index] ?? 0;
    const hi = population.followerStart[account.index + 1] ?? lo;
    if (hi > lo) {
      const follower = accounts[population.followerList[lo + rng.int(hi - lo)] ?? 0];
      if (follower !== undefined) return follower;
    }
  }
  return accounts[population.byActivity.sample(rng)] as Account;
}

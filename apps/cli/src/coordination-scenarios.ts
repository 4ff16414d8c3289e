import type { PostObservation } from '@spreadwatch/contracts';
import { Prng, simulate } from '@spreadwatch/simulator';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const START = '2024-03-01T10:00:00.000Z';

/** A coordinated campaign planted into organic background. */
export interface CampaignSpec {
  kind: 'campaign';
  /** Accounts acting together (5–200). */
  groupSize: number;
  /** Each member posts within this many ms after a wave starts. */
  jitterMs: number;
  /** Organic posts on the campaign term per campaign post (real accounts picking it up). */
  organicShare: number;
  /** Share of the group that are established (real-looking, often hijacked or paid) accounts. */
  realShare: number;
  waves: number;
}

/** A benign look-alike: many accounts on one object within minutes, not coordinated. */
export interface BenignSpec {
  kind: 'news' | 'fans';
  accounts: number;
  /** Minutes over which the burst happens. */
  spreadMinutes: number;
}

export type ScenarioSpec = CampaignSpec | BenignSpec;

export interface ScenarioStream {
  posts: PostObservation[];
  /** Accounts of the planted campaign (empty for benign). */
  campaignAccounts: Set<string>;
  /** Accounts taking part in the benign burst (empty for campaigns). */
  benignAccounts: Set<string>;
  onsetMs: number;
  term: string;
}

const WORDS = (
  'the a this that new big small early late quick slow real fake good bad local city river market team game ' +
  'update report story photo clip vote plan rain heat road bridge school park show song night morning week ' +
  'people everyone someone nobody watching reading saying thinking seeing waiting asking sharing'
).split(' ');
const BAIT_HOOKS = ['full video', 'leaked clip', 'watch now', 'original link', 'must see'];
const BAIT_EMOJI = ['🔥', '👇', '😱', '🔞', '👀'];
const BAIT_SUFFIXES = ['', 'hurry', 'before deleted', 'dm for more', 'link in bio'];
const OUTLETS = [
  'news.example.com',
  'daily.example.org',
  'wire.example.net',
  'tv.example.com',
  'post.example.org',
];

let postCounter = 0;

function established(rng: Prng, id: string, atMs: number): PostObservation['author'] {
  const ageDays = rng.range(200, 3000);
  const digits = rng.chance(0.3) ? String(rng.intBetween(1, 99)) : '';
  return {
    id,
    handle: `${rng.pick(WORDS)}_${rng.pick(WORDS)}${digits}`,
    createdAt: new Date(atMs - ageDays * DAY_MS).toISOString(),
    followers: Math.floor(rng.logNormal(5, 1.8)),
    following: Math.floor(rng.logNormal(5.3, 0.9)),
    posts: Math.floor(ageDays * rng.range(0.5, 15)),
  };
}

function bot(rng: Prng, id: string, atMs: number): PostObservation['author'] {
  const ageDays = rng.range(0.5, 20);
  let run = String(rng.intBetween(1, 9));
  for (let i = 0, n = rng.intBetween(3, 6); i < n; i++) run += String(rng.int(10));
  return {
    id,
    handle: `${rng.pick(WORDS)}${run}`,
    createdAt: new Date(atMs - ageDays * DAY_MS).toISOString(),
    followers: rng.intBetween(0, 60),
    following: rng.intBetween(200, 3000),
    posts: Math.floor(ageDays * rng.range(30, 400)),
  };
}

function post(
  author: PostObservation['author'],
  t: number,
  fields: Partial<PostObservation>,
): PostObservation {
  return {
    type: 'post',
    source: 'backtest',
    id: `b${(postCounter++).toString(36)}`,
    ts: new Date(t).toISOString(),
    kind: 'post',
    author,
    ...fields,
  };
}

function sentence(rng: Prng, words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(rng.pick(WORDS));
  return out.join(' ');
}

/**
 * Builds one backtest stream: `hours` of the simulator's organic `quiet` world (scale 1, seeded) with one
 * campaign or benign burst planted 30 minutes in, merged in event-time order.
 */
export function buildScenario(spec: ScenarioSpec, seed: number, hours = 2): ScenarioStream {
  const rng = new Prng(seed, 97);
  const startMs = Date.parse(START);
  const background = [
    ...simulate({ scenario: 'quiet', seed, start: START, hours }).observations,
  ].filter((o): o is PostObservation => o.type === 'post');
  const pool = new Map<string, PostObservation['author']>();
  for (const p of background) if (!pool.has(p.author.id)) pool.set(p.author.id, p.author);
  const real = [...pool.values()];
  const onsetMs = startMs + 30 * MINUTE_MS;
  const planted: PostObservation[] = [];
  const campaignAccounts = new Set<string>();
  const benignAccounts = new Set<string>();
  const term = `${rng.pick(WORDS)}${rng.pick(WORDS)}${rng.intBetween(10, 99)}`;

  if (spec.kind === 'campaign') {
    const members: PostObservation['author'][] = [];
    for (let i = 0; i < spec.groupSize; i++) {
      const account =
        rng.chance(spec.realShare) && real.length > 0
          ? (real[rng.int(real.length)] as PostObservation['author'])
          : bot(rng, `bot-${seed}-${i}`, onsetMs);
      if (campaignAccounts.has(account.id)) continue;
      campaignAccounts.add(account.id);
      members.push(account);
    }
    const hook = rng.pick(BAIT_HOOKS);
    const code = Math.floor(rng.range(1e6, 9e6)).toString(36);
    const url = `https://${rng.pick(['example.net', 'example.org'])}/v/${code}`;
    let waveAt = onsetMs;
    let campaignPosts = 0;
    for (let w = 0; w < spec.waves; w++) {
      for (const member of members) {
        if (w > 0 && !rng.chance(0.75)) continue;
        const t = waveAt + Math.floor(rng.float() * spec.jitterMs);
        const u = rng.chance(0.3) ? `${url}?ref=${rng.intBetween(10, 99)}` : url;
        const h = rng.chance(0.8) ? hook : hook.toUpperCase();
        const suffix = rng.pick(BAIT_SUFFIXES);
        planted.push(
          post(member, t, {
            text: `${h} ${term} ${rng.pick(BAIT_EMOJI)} ${u} #${term}${suffix === '' ? '' : ` ${suffix}`}`,
            hashtags: [term],
            urls: [u],
          }),
        );
        campaignPosts++;
      }
      waveAt += Math.floor(rng.range(25, 80) * 1000);
    }
    // Organic pickup: real accounts quote, repost or post about the term while it runs, and after.
    const organic = Math.round(campaignPosts * spec.organicShare);
    const campaignSoFar = planted.slice();
    for (let i = 0; i < organic; i++) {
      const author = real[rng.int(real.length)] as PostObservation['author'];
      if (campaignAccounts.has(author.id)) continue;
      const t = onsetMs + Math.floor(rng.range(0, waveAt - onsetMs + 20 * MINUTE_MS));
      const r = rng.float();
      const parent = campaignSoFar[rng.int(campaignSoFar.length)] as PostObservation;
      if (r < 0.4) {
        planted.push(
          post(author, Math.max(t, Date.parse(parent.ts) + 2000), {
            kind: 'repost',
            parentId: parent.id,
            text: parent.text,
            hashtags: parent.hashtags,
            urls: parent.urls,
          }),
        );
      } else {
        planted.push(
          post(author, t, {
            kind: r < 0.7 ? 'quote' : 'post',
            parentId: r < 0.7 ? parent.id : null,
            text: `${sentence(rng, rng.intBetween(3, 8))} #${term}`,
            hashtags: [term],
            urls: [],
          }),
        );
      }
    }
  } else if (spec.kind === 'news') {
    // Established accounts post one story within minutes; some post updates; outlets' links are shared.
    const links = Array.from(
      { length: 5 },
      (_, i) => `https://${OUTLETS[i]}/story/${rng.intBetween(1000, 9999)}`,
    );
    for (let i = 0; i < spec.accounts; i++) {
      const author =
        i < real.length && rng.chance(0.5)
          ? (real[i] as PostObservation['author'])
          : established(rng, `news-${seed}-${i}`, onsetMs);
      if (benignAccounts.has(author.id)) continue;
      benignAccounts.add(author.id);
      const n = rng.chance(0.25) ? rng.intBetween(2, 4) : 1;
      for (let k = 0; k < n; k++) {
        const t = onsetMs + Math.floor(rng.exponential((spec.spreadMinutes * MINUTE_MS) / 2));
        const link = rng.chance(0.4) ? rng.pick(links) : null;
        planted.push(
          post(author, t, {
            text: `${sentence(rng, rng.intBetween(5, 12))} #${term}${link === null ? '' : ` ${link}`}`,
            hashtags: [term],
            urls: link === null ? [] : [link],
          }),
        );
      }
    }
  } else {
    // A celebrity posts; fans repost it within minutes, a few reply.
    const celebrity = established(rng, `celebrity-${seed}`, onsetMs);
    celebrity.followers = 5_000_000;
    const original = post(celebrity, onsetMs, {
      text: `${sentence(rng, 8)} #${term}`,
      hashtags: [term],
      urls: [],
    });
    planted.push(original);
    for (let i = 0; i < spec.accounts; i++) {
      const author =
        i < real.length && rng.chance(0.5)
          ? (real[i] as PostObservation['author'])
          : established(rng, `fan-${seed}-${i}`, onsetMs);
      if (benignAccounts.has(author.id)) continue;
      benignAccounts.add(author.id);
      const t = onsetMs + 1000 + Math.floor(rng.exponential((spec.spreadMinutes * MINUTE_MS) / 3));
      const reply = rng.chance(0.1);
      planted.push(
        post(
          author,
          t,
          reply
            ? {
                kind: 'reply',
                parentId: original.id,
                text: `${sentence(rng, rng.intBetween(2, 6))} #${term}`,
                hashtags: [term],
                urls: [],
              }
            : {
                kind: 'repost',
                parentId: original.id,
                text: original.text,
                hashtags: [term],
                urls: [],
              },
        ),
      );
    }
  }
  const posts = [...background, ...planted].sort((a, b) =>
    a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : 0,
  );
  return { posts, campaignAccounts, benignAccounts, onsetMs, term };
}

import type { PostKind, PostObservation } from '@spreadwatch/contracts';

import { EventTracker } from './event-tracker';
import { IntentQueue, type Timed } from './intent-queue';
import {
  type Account,
  buildPopulation,
  createBot,
  type Population,
  sampleFollower,
} from './population';
import { AliasSampler, Prng } from './prng';
import { TimeFormatter } from './time-format';
import type { PlantedEvent, PlantedEventKind } from './types';
import {
  backgroundHashtags,
  type BaitTemplate,
  baitTemplate,
  baitText,
  chatterText,
  exampleUrl,
  newBaitTerm,
  newCascadeTag,
  newNewsTag,
  newsPlaces,
  newsText,
  quoteText,
  replyText,
} from './vocabulary';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** `source` of every simulated observation. */
export const SIMULATOR_SOURCE = 'simulator';

// Background: new (immigrant) posts per minute at scale 1 averaged over a day; reposts/replies add ~1/(1-n)
// on top, giving ~4,500 posts per simulated hour.
const BACKGROUND_PER_MINUTE = 60;
// Diurnal cycle: rate × (1 + A·cos(2π(h − peak)/24)); UTC 15:00 is the busiest hour, 03:00 the quietest (~4×).
const DIURNAL_AMPLITUDE = 0.6;
const DIURNAL_PEAK_HOUR = 15;
const HASHTAG_COUNT = 300;
const ZIPF_EXPONENT = 1.05;
const SECOND_TAG_P = 0.2;
const URL_P = 0.1;
// Background self-excitation: mean children per post is n × reach(author), reach ≈ 1 on average.
const BACKGROUND_BRANCHING = 0.2;
const BACKGROUND_DELAY_MS = 8 * MINUTE_MS;
const CHILD_MIN_DELAY_MS = 2_000;
// Later generations of any cascade are never faster than this mean delay.
const DESCENDANT_DELAY_MS = 5 * MINUTE_MS;
// Shares of child kinds; replies keep the parent's hashtags with REPLY_KEEPS_TAGS.
const REPOST_P = 0.65;
const REPLY_P = 0.2;
const REPLY_KEEPS_TAGS = 0.5;
// A planted event's term is followed for this long to find its peak.
const TRACK_MS = 3 * HOUR_MS;
// Background per-minute rate assumed for a term the world has never seen.
const NEW_TERM_BASELINE = 0.1;
// Fanout above which children are drawn from the whole population (the sampled follower list is too short).
const WIDE_FANOUT = 8;

type Role = 'chatter' | 'child' | 'cascade-root' | 'news' | 'bait' | 'pickup';

/** A post the world has decided will happen at time t. Pooled: one is recycled per emitted post. */
interface Intent extends Timed {
  role: Role;
  account: Account;
  tag: string;
  parent: PostObservation | undefined;
  event: WorldEvent | undefined;
  /** Poisson mean of this post's children. */
  fanout: number;
  /** n in children's fanout = n × reach(child author). */
  childBranching: number;
  /** Mean delay of this post's children, ms. */
  delayMean: number;
}

interface WorldEvent {
  tracker: EventTracker;
  template?: BaitTemplate;
  places?: string[];
  lastBait?: PostObservation;
}

interface Scenario {
  /** Event kinds in order for the first events, then drawn from `mix`. */
  opening: PlantedEventKind[];
  mix: [PlantedEventKind, number][];
  /** Minutes from start to the first event, [lo, hi). */
  firstEventMinutes: [number, number];
  /** Minutes between event onsets, [lo, hi). */
  gapMinutes: [number, number];
}

/** Scenarios by name; `undefined` means background only. */
export const SCENARIOS: Readonly<Record<string, Scenario | undefined>> = {
  default: {
    opening: ['campaign', 'cascade', 'news-spike'],
    mix: [
      ['campaign', 0.35],
      ['cascade', 0.35],
      ['news-spike', 0.3],
    ],
    firstEventMinutes: [8, 25],
    gapMinutes: [60, 150],
  },
  quiet: undefined,
};

export interface WorldOptions {
  scenario: string;
  seed: number;
  startMs: number;
  endMs: number | undefined;
  scale: number;
}

/** One run of the synthetic world. A fresh instance replays the same run from the seed. */
export class World {
  private readonly rng: Prng;
  private readonly population: Population;
  private readonly scenario: Scenario | undefined;
  private readonly tags: string[];
  private readonly tagSampler: AliasSampler;
  /** Probability that a background immigrant carries tag i (first or second tag). */
  private readonly tagShare: Float64Array;
  private readonly tagIndex = new Map<string, number>();
  private readonly usedTags = new Set<string>();
  private readonly offspringFactor: number;
  private readonly queue = new IntentQueue<Intent>();
  private readonly pool: Intent[] = [];
  private readonly trackers = new Map<string, EventTracker>();
  private readonly finished: PlantedEvent[] = [];
  private readonly time = new TimeFormatter();
  private seq = 0;
  private postCounter = 0;
  private eventCounter = 0;
  private botCounter = 0;
  private nextEventAt: number;

  constructor(private readonly options: WorldOptions) {
    this.scenario = SCENARIOS[options.scenario];
    this.population = buildPopulation(new Prng(options.seed, 1), options.startMs, options.scale);
    const vocabRng = new Prng(options.seed, 2);
    this.tags = backgroundHashtags(vocabRng, HASHTAG_COUNT);
    const weights = this.tags.map((_, rank) => 1 / Math.pow(rank + 1, ZIPF_EXPONENT));
    const total = weights.reduce((a, b) => a + b, 0);
    this.tagSampler = new AliasSampler(weights);
    this.tagShare = Float64Array.from(weights, (w) => (w / total) * (1 + SECOND_TAG_P));
    this.tags.forEach((tag, i) => {
      this.tagIndex.set(tag, i);
      this.usedTags.add(tag);
    });
    // Expected total posts per immigrant: 1 / (1 − n·E[reach]) over activity-weighted authors.
    let reachSum = 0;
    const draws = 2000;
    for (let i = 0; i < draws; i++) {
      reachSum += this.population.accounts[this.population.byActivity.sample(vocabRng)]?.reach ?? 1;
    }
    this.offspringFactor = 1 / (1 - Math.min(0.9, (BACKGROUND_BRANCHING * reachSum) / draws));
    this.rng = new Prng(options.seed, 3);
    this.nextEventAt =
      this.scenario === undefined
        ? Number.POSITIVE_INFINITY
        : options.startMs + this.rng.range(...this.scenario.firstEventMinutes) * MINUTE_MS;
  }

  /** Posts in event-time order, generated minute by minute (lazy; memory bounded by pending cascades). */
  *run(): Generator<PostObservation, void, undefined> {
    const { startMs, endMs } = this.options;
    for (let minute = startMs; endMs === undefined || minute < endMs; minute += MINUTE_MS) {
      const stop = endMs === undefined ? minute + MINUTE_MS : Math.min(minute + MINUTE_MS, endMs);
      this.expireTrackers(minute);
      while (this.nextEventAt < stop) this.plantNextEvent();
      this.scheduleBackground(minute, stop);
      while (this.queue.peekTime() < stop) {
        const intent = this.queue.pop() as Intent;
        const post = this.materialise(intent);
        this.release(intent);
        yield post;
      }
    }
  }

  /** Planted events whose first post has been emitted, by onset. */
  labels(): PlantedEvent[] {
    const active = [...this.trackers.values()].filter((t) => t.started).map((t) => t.toLabel());
    return [...this.finished, ...active].sort((a, b) =>
      a.onset < b.onset ? -1 : a.onset > b.onset ? 1 : 0,
    );
  }

  /** Pending posts; exposed for tests of the memory bound. */
  get pending(): number {
    return this.queue.size;
  }

  /** Expected background immigrants per minute at time ms. */
  private immigrantRate(ms: number): number {
    const hour = (((ms % DAY_MS) + DAY_MS) % DAY_MS) / HOUR_MS;
    const diurnal =
      1 + DIURNAL_AMPLITUDE * Math.cos((2 * Math.PI * (hour - DIURNAL_PEAK_HOUR)) / 24);
    return BACKGROUND_PER_MINUTE * this.options.scale * diurnal;
  }

  private scheduleBackground(minute: number, stop: number): void {
    const rng = this.rng;
    const { accounts, byActivity } = this.population;
    const count = rng.poisson(this.immigrantRate(minute + MINUTE_MS / 2));
    for (let i = 0; i < count; i++) {
      const t = minute + rng.int(MINUTE_MS);
      // Draw even when past the end so that the stream does not depend on where it is cut.
      const account = accounts[byActivity.sample(rng)] as Account;
      const tag = this.tags[this.tagSampler.sample(rng)] as string;
      if (t >= stop) continue;
      this.push(
        t,
        'chatter',
        account,
        tag,
        undefined,
        undefined,
        BACKGROUND_BRANCHING * account.reach,
        BACKGROUND_BRANCHING,
        BACKGROUND_DELAY_MS,
      );
    }
  }

  private materialise(intent: Intent): PostObservation {
    const rng = this.rng;
    const account = intent.account;
    account.posts++;
    let kind: PostKind = 'post';
    let parent: PostObservation | undefined;
    let text: string;
    let hashtags: string[];
    let urls: string[];
    switch (intent.role) {
      case 'chatter':
      case 'cascade-root': {
        hashtags = [intent.tag];
        if (intent.role === 'chatter' && rng.chance(SECOND_TAG_P)) {
          const second = this.tags[this.tagSampler.sample(rng)] as string;
          if (second !== intent.tag) hashtags.push(second);
        }
        const url = rng.chance(URL_P) ? exampleUrl(rng, intent.tag) : undefined;
        urls = url === undefined ? [] : [url];
        text = chatterText(rng, hashtags, url);
        break;
      }
      case 'news': {
        hashtags = [intent.tag];
        const url = rng.chance(0.3) ? exampleUrl(rng, 'news') : undefined;
        urls = url === undefined ? [] : [url];
        text =
          newsText(rng, intent.tag, intent.event?.places ?? ['Nowhere']) +
          (url === undefined ? '' : ` ${url}`);
        break;
      }
      case 'bait': {
        const template = intent.event?.template as BaitTemplate;
        const [baitCopy, url] = baitText(rng, template);
        text = baitCopy;
        hashtags = [intent.tag];
        urls = [url];
        break;
      }
      case 'pickup': {
        parent = intent.event?.lastBait;
        if (parent !== undefined) kind = 'quote';
        hashtags = [intent.tag];
        urls = [];
        text = quoteText(rng, hashtags);
        break;
      }
      case 'child': {
        const source = intent.parent;
        if (source === undefined) throw new Error('child intent without a parent');
        parent = source;
        const parentTags = source.hashtags ?? [];
        const r = rng.float();
        if (r < REPOST_P) {
          kind = 'repost';
          text = source.text ?? '';
          hashtags = parentTags.slice();
          urls = (source.urls ?? []).slice();
        } else if (r < REPOST_P + REPLY_P) {
          kind = 'reply';
          hashtags = rng.chance(REPLY_KEEPS_TAGS) ? parentTags.slice() : [];
          urls = [];
          text = replyText(rng, source.author.handle ?? source.author.id, hashtags);
        } else {
          kind = 'quote';
          hashtags = parentTags.slice();
          urls = [];
          text = quoteText(rng, hashtags);
        }
        break;
      }
    }
    const t = intent.t;
    const post: PostObservation = {
      type: 'post',
      source: SIMULATOR_SOURCE,
      // Event time then a rolling counter: unique unless 1,000 posts share one ms.
      id: this.time.postId(t, this.postCounter++),
      ts: this.time.iso(t),
      kind,
      parentId: parent?.id,
      author: {
        id: account.id,
        handle: account.handle,
        createdAt: account.createdAt,
        followers: account.followers,
        following: account.following,
        posts: account.posts,
      },
      text,
      hashtags,
      urls,
      lang: 'en',
    };
    for (const tag of hashtags) this.trackers.get(tag)?.add(t);
    if (intent.role === 'bait' && intent.event !== undefined) intent.event.lastBait = post;
    this.spawnChildren(intent, post);
    return post;
  }

  /** Hawkes step: Poisson(fanout) children at exponential delays, each a follower of the author. */
  private spawnChildren(intent: Intent, post: PostObservation): void {
    const rng = this.rng;
    const n = rng.poisson(intent.fanout);
    if (n === 0) return;
    const wide = intent.fanout > WIDE_FANOUT;
    const delayMean = Math.max(intent.delayMean, DESCENDANT_DELAY_MS);
    const endMs = this.options.endMs ?? Number.POSITIVE_INFINITY;
    for (let i = 0; i < n; i++) {
      const t = intent.t + CHILD_MIN_DELAY_MS + Math.floor(rng.exponential(intent.delayMean));
      const child = wide
        ? (this.population.accounts[this.population.byActivity.sample(rng)] as Account)
        : sampleFollower(this.population, rng, intent.account);
      if (t >= endMs) continue;
      this.push(
        t,
        'child',
        child,
        intent.tag,
        post,
        intent.event,
        intent.childBranching * child.reach,
        intent.childBranching,
        delayMean,
      );
    }
  }

  private plantNextEvent(): void {
    const scenario = this.scenario;
    if (scenario === undefined) {
      this.nextEventAt = Number.POSITIVE_INFINITY;
      return;
    }
    const rng = this.rng;
    const onset = Math.floor(this.nextEventAt);
    const kind = scenario.opening[this.eventCounter] ?? this.drawKind(scenario);
    this.eventCounter++;
    const id = `${kind}-${this.eventCounter}`;
    switch (kind) {
      case 'campaign':
        this.plantCampaign(id, onset);
        break;
      case 'cascade':
        this.plantCascade(id, onset);
        break;
      case 'news-spike':
        this.plantNews(id, onset);
        break;
    }
    this.nextEventAt = onset + rng.range(...scenario.gapMinutes) * MINUTE_MS;
  }

  private drawKind(scenario: Scenario): PlantedEventKind {
    let u = this.rng.float();
    for (const [kind, weight] of scenario.mix) {
      if (u < weight) return kind;
      u -= weight;
    }
    return (scenario.mix[scenario.mix.length - 1] as [PlantedEventKind, number])[0];
  }

  /** A not-currently-tracked background tag with popularity rank in [lo, hi]. */
  private existingTag(lo: number, hi: number): string {
    for (;;) {
      const tag = this.tags[this.rng.intBetween(lo, hi)] as string;
      if (!this.trackers.has(tag)) return tag;
    }
  }

  private track(
    id: string,
    kind: PlantedEventKind,
    tag: string,
    onset: number,
    accounts?: string[],
  ): WorldEvent {
    this.usedTags.add(tag);
    const rank = this.tagIndex.get(tag);
    const share = rank === undefined ? 0 : (this.tagShare[rank] ?? 0);
    const baselineAt =
      rank === undefined
        ? () => NEW_TERM_BASELINE
        : (ms: number) => this.immigrantRate(ms) * share * this.offspringFactor;
    const tracker = new EventTracker(id, kind, tag, onset, onset + TRACK_MS, baselineAt, accounts);
    this.trackers.set(tag, tracker);
    return { tracker };
  }

  /** Organic cascade: a prominent account posts, followers repost with branching < 1. */
  private plantCascade(id: string, onset: number): void {
    const rng = this.rng;
    const tag = rng.chance(0.5) ? this.existingTag(15, 150) : newCascadeTag(rng, this.usedTags);
    const event = this.track(id, 'cascade', tag, onset);
    const { accounts, prominent } = this.population;
    const root = accounts[prominent[rng.int(prominent.length)] ?? 0] as Account;
    // Log-uniform 40–300 first-generation reposts (× scale), so peak factors span an order of magnitude.
    const fanout = Math.exp(rng.range(Math.log(40), Math.log(300))) * this.options.scale;
    this.push(onset, 'cascade-root', root, tag, undefined, event, fanout, 0.65, 3 * MINUTE_MS);
  }

  /** Benign news spike: many established accounts post one story within minutes, then it decays. */
  private plantNews(id: string, onset: number): void {
    const rng = this.rng;
    const tag = rng.chance(0.5) ? this.existingTag(3, 80) : newNewsTag(rng, this.usedTags);
    const event = this.track(id, 'news-spike', tag, onset);
    event.places = newsPlaces(rng, rng.intBetween(1, 3));
    const { accounts, byStanding } = this.population;
    const count = Math.round(rng.range(120, 420) * this.options.scale);
    const riseMs = rng.range(1, 3) * MINUTE_MS;
    const decayMs = rng.range(8, 20) * MINUTE_MS;
    for (let i = 0; i < count; i++) {
      const t =
        i === 0 ? onset : onset + Math.floor(rng.range(0, riseMs) + rng.exponential(decayMs));
      const account = accounts[byStanding.sample(rng)] as Account;
      this.push(
        t,
        'news',
        account,
        tag,
        undefined,
        event,
        0.35 * account.reach,
        0.3,
        5 * MINUTE_MS,
      );
    }
  }

  /**
   * Leak-bait campaign: days-old accounts post near-identical copy of a new term in waves seconds apart, then
   * prominent real accounts quote it and an organic cascade follows.
   */
  private plantCampaign(id: string, onset: number): void {
    const rng = this.rng;
    const { tag, phrase } = newBaitTerm(rng, this.usedTags);
    const botCount = rng.intBetween(12, 40);
    const bots: Account[] = [];
    for (let i = 0; i < botCount; i++)
      bots.push(createBot(rng, 90_000_000 + this.botCounter++, onset));
    const event = this.track(
      id,
      'campaign',
      tag,
      onset,
      bots.map((b) => b.id),
    );
    event.template = baitTemplate(rng, tag, phrase);
    const waves = rng.intBetween(15, 40);
    let waveAt = onset;
    for (let w = 0; w < waves; w++) {
      for (let b = 0; b < bots.length; b++) {
        // Everyone posts in the first wave; later each bot joins three waves in four. Jitter: 0–6 s.
        if (w > 0 && !rng.chance(0.75)) continue;
        const t = w === 0 && b === 0 ? onset : waveAt + rng.int(6_000);
        this.push(t, 'bait', bots[b] as Account, tag, undefined, event, 0.1, 0.3, 5 * MINUTE_MS);
      }
      waveAt += Math.floor(rng.range(25, 80) * 1000);
    }
    const { accounts, prominent } = this.population;
    const pickups = rng.intBetween(1, 3);
    for (let i = 0; i < pickups; i++) {
      const t = onset + Math.floor(rng.range(3, 12) * MINUTE_MS);
      const account = accounts[prominent[rng.int(prominent.length)] ?? 0] as Account;
      const fanout = rng.range(20, 80) * this.options.scale;
      this.push(t, 'pickup', account, tag, undefined, event, fanout, 0.6, 4 * MINUTE_MS);
    }
  }

  private expireTrackers(minute: number): void {
    for (const [tag, tracker] of this.trackers) {
      if (minute >= tracker.untilMs) {
        if (tracker.started) this.finished.push(tracker.toLabel());
        this.trackers.delete(tag);
      }
    }
  }

  private push(
    t: number,
    role: Role,
    account: Account,
    tag: string,
    parent: PostObservation | undefined,
    event: WorldEvent | undefined,
    fanout: number,
    childBranching: number,
    delayMean: number,
  ): void {
    const intent = this.pool.pop();
    const seq = this.seq++;
    if (intent === undefined) {
      this.queue.push({
        t,
        seq,
        role,
        account,
        tag,
        parent,
        event,
        fanout,
        childBranching,
        delayMean,
      });
      return;
    }
    intent.t = t;
    intent.seq = seq;
    intent.role = role;
    intent.account = account;
    intent.tag = tag;
    intent.parent = parent;
    intent.event = event;
    intent.fanout = fanout;
    intent.childBranching = childBranching;
    intent.delayMean = delayMean;
    this.queue.push(intent);
  }

  private release(intent: Intent): void {
    // Drop references so pooled intents do not keep posts alive.
    intent.parent = undefined;
    intent.event = undefined;
    if (this.pool.length < 4096) this.pool.push(intent);
  }
}

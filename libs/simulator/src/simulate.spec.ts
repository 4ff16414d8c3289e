import {
  type Observation,
  parseObservation,
  type PostObservation,
  PostObservationSchema,
} from '@spreadwatch/contracts';

import { SCENARIO_NAMES, simulate } from './simulate';
import type { PlantedEvent, SimulationOptions } from './types';
import { World } from './world';

const START = '2024-03-01T00:00:00Z';
const START_MS = Date.parse(START);
const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
// Must match the tracking window in world.ts: labels measure peaks over [onset, onset + 3 h).
const TRACK_MS = 3 * HOUR_MS;

interface Run {
  posts: PostObservation[];
  labels: PlantedEvent[];
}

const runs = new Map<string, Run>();

/** Runs (once per options) and keeps the posts and the final labels. */
function run(overrides: Partial<SimulationOptions> = {}): Run {
  const options: SimulationOptions = {
    scenario: 'default',
    seed: 7,
    start: START,
    hours: 6,
    ...overrides,
  };
  const key = JSON.stringify(options);
  let cached = runs.get(key);
  if (cached === undefined) {
    const simulation = simulate(options);
    const posts = [...simulation.observations] as PostObservation[];
    cached = { posts, labels: simulation.labels() };
    runs.set(key, cached);
  }
  return cached;
}

function ms(post: PostObservation): number {
  return Date.parse(post.ts);
}

function carries(post: PostObservation, term: string): boolean {
  return post.hashtags?.includes(term.slice(1)) ?? false;
}

function take<T>(iterable: Iterable<T>, n: number): T[] {
  const out: T[] = [];
  if (n <= 0) return out;
  for (const item of iterable) {
    out.push(item);
    if (out.length >= n) break;
  }
  return out;
}

/** Per-minute counts of a term over the label's tracking window, as the labels define it. */
function minuteCounts(posts: PostObservation[], label: PlantedEvent): Map<number, number> {
  const onset = Date.parse(label.onset);
  const counts = new Map<number, number>();
  for (const post of posts) {
    const t = ms(post);
    if (t < onset || t >= onset + TRACK_MS || !carries(post, label.terms[0]!)) continue;
    const minute = t - (t % MINUTE_MS);
    counts.set(minute, (counts.get(minute) ?? 0) + 1);
  }
  return counts;
}

function tokens(text: string): Set<string> {
  return new Set(
    text
      .toLowerCase()
      .replace(/\?ref=\d+/, '')
      .split(/\s+/)
      .filter(Boolean),
  );
}

function jaccard(a: Set<string>, b: Set<string>): number {
  let shared = 0;
  for (const x of a) if (b.has(x)) shared++;
  return shared / (a.size + b.size - shared);
}

function perHour(posts: PostObservation[]): number[] {
  const hours = new Array<number>(24).fill(0);
  for (const post of posts) hours[new Date(ms(post)).getUTCHours()]! += 1;
  return hours;
}

function labelsOf(kind: PlantedEvent['kind']): PlantedEvent[] {
  return run().labels.filter((l) => l.kind === kind);
}

describe(simulate.name, () => {
  describe('options', () => {
    it('throws on an unknown scenario and lists the known ones', () => {
      expect(() => simulate({ scenario: 'nope', seed: 1, start: START })).toThrow(
        /Unknown scenario "nope"; known scenarios: default, quiet/,
      );
      expect(SCENARIO_NAMES).toEqual(['default', 'quiet']);
    });

    it.each<[string, Partial<SimulationOptions>]>([
      ['start', { start: 'yesterday' }],
      ['seed', { seed: Number.NaN }],
      ['hours', { hours: -1 }],
      ['scale', { scale: 0 }],
    ])('rejects an invalid %s', (_, overrides) => {
      expect(() => simulate({ scenario: 'quiet', seed: 1, start: START, ...overrides })).toThrow();
    });
  });

  describe('determinism', () => {
    it.each(['default', 'quiet'])(
      'gives byte-identical output for the same options (%s)',
      (scenario) => {
        const serialise = (): string => {
          const simulation = simulate({ scenario, seed: 99, start: START, hours: 2 });
          const lines: string[] = [];
          for (const observation of simulation.observations)
            lines.push(JSON.stringify(observation));
          return lines.join('\n') + '\n' + JSON.stringify(simulation.labels());
        };
        const first = serialise();
        expect(first.length).toBeGreaterThan(100_000);
        expect(serialise()).toBe(first);
      },
    );

    it('replays the same run when observations are iterated again', () => {
      const simulation = simulate({ scenario: 'default', seed: 3, start: START, hours: 1 });
      const first = JSON.stringify([...simulation.observations]);
      const labels = simulation.labels();
      expect(JSON.stringify([...simulation.observations])).toBe(first);
      expect(simulation.labels()).toEqual(labels);
    });

    it('gives a different world for another seed', () => {
      const a = take(
        simulate({ scenario: 'quiet', seed: 1, start: START, hours: 1 }).observations,
        50,
      );
      const b = take(
        simulate({ scenario: 'quiet', seed: 2, start: START, hours: 1 }).observations,
        50,
      );
      expect(JSON.stringify(a)).not.toBe(JSON.stringify(b));
    });

    it('does not depend on where a finite run is cut', () => {
      const short = run({ hours: 1 }).posts;
      const long = run({ hours: 6 }).posts.filter((p) => ms(p) < START_MS + HOUR_MS);
      expect(JSON.stringify(short.map((p) => [p.id, p.ts, p.text]))).toBe(
        JSON.stringify(long.slice(0, short.length).map((p) => [p.id, p.ts, p.text])),
      );
    });
  });

  describe('observations', () => {
    it('are all valid post observations', () => {
      const { posts } = run();
      expect(posts.length).toBeGreaterThan(10_000);
      const errors: string[] = [];
      for (const post of posts) {
        const parsed = parseObservation(post);
        if (!parsed.ok) errors.push(`${post.id}: ${parsed.error}`);
        else if (parsed.value.type !== 'post') errors.push(`${post.id}: not a post`);
        if (!PostObservationSchema.safeParse(post).success) errors.push(`${post.id}: schema`);
      }
      expect(errors).toEqual([]);
    });

    it('are in event-time order within [start, end) with millisecond ISO timestamps', () => {
      const { posts } = run();
      const iso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
      const problems: string[] = [];
      let previous = START_MS;
      for (const post of posts) {
        const t = ms(post);
        if (!iso.test(post.ts)) problems.push(`${post.id}: ts ${post.ts}`);
        if (t < previous) problems.push(`${post.id}: ${post.ts} before the previous post`);
        previous = t;
      }
      expect(problems).toEqual([]);
      expect(previous).toBeLessThan(START_MS + 6 * HOUR_MS);
    });

    it('have unique ids and parents that were emitted earlier', () => {
      const { posts } = run();
      const seen = new Set<string>();
      const problems: string[] = [];
      for (const post of posts) {
        if (seen.has(post.id)) problems.push(`${post.id}: duplicate id`);
        if (post.kind === 'post' && post.parentId !== undefined)
          problems.push(`${post.id}: post with parent`);
        if (post.kind !== 'post' && post.parentId != null && !seen.has(post.parentId)) {
          problems.push(`${post.id}: parent ${post.parentId} not emitted before`);
        }
        seen.add(post.id);
      }
      expect(problems).toEqual([]);
      const kinds = new Set(posts.map((p) => p.kind));
      expect([...kinds].sort()).toEqual(['post', 'quote', 'reply', 'repost']);
    });

    it('carry lower-case hashtags that appear in the text, and only example.* urls', () => {
      const { posts } = run();
      const url = /^https:\/\/([a-z]+\.)?example\.(org|com|net)\//;
      const problems: string[] = [];
      for (const post of posts) {
        for (const tag of post.hashtags ?? []) {
          if (!/^[a-z0-9_]+$/.test(tag)) problems.push(`${post.id}: tag ${tag}`);
          if (!post.text?.includes(`#${tag}`)) problems.push(`${post.id}: #${tag} not in text`);
        }
        for (const link of post.urls ?? []) {
          if (!url.test(link) || !post.text?.includes(link.replace(/\?.*/, '')))
            problems.push(`${post.id}: url ${link}`);
        }
      }
      expect(problems).toEqual([]);
      const tags = new Set(posts.flatMap((p) => p.hashtags ?? []));
      expect(tags.size).toBeGreaterThan(200);
    });

    it('describe authors fully, with established accounts months or years old', () => {
      const { posts } = run({ scenario: 'quiet', hours: 1 });
      for (const { author } of posts.slice(0, 2000)) {
        expect(Object.keys(author)).toEqual([
          'id',
          'handle',
          'createdAt',
          'followers',
          'following',
          'posts',
        ]);
        expect([author.followers, author.following, author.posts].every(Number.isInteger)).toBe(
          true,
        );
        expect(START_MS - Date.parse(author.createdAt!)).toBeGreaterThan(59 * 24 * HOUR_MS);
        expect(author.handle).not.toMatch(/\d{4}/);
      }
      const authors = new Set(posts.map((p) => p.author.id));
      expect(authors.size).toBeGreaterThan(1000);
    });
  });

  describe('volume and daily cycle', () => {
    it.each(['default', 'quiet'])(
      'emits 3,000–6,000 posts per simulated hour at scale 1 (%s)',
      (scenario) => {
        const { posts } = run({ scenario, hours: 24 });
        expect(posts.length / 24).toBeGreaterThan(3000);
        expect(posts.length / 24).toBeLessThan(6000);
      },
    );

    it('is busier by day than by night (UTC)', () => {
      const hours = perHour(run({ scenario: 'quiet', hours: 24 }).posts);
      const night = hours.slice(1, 6).reduce((a, b) => a + b, 0);
      const day = hours.slice(12, 17).reduce((a, b) => a + b, 0);
      expect(day / night).toBeGreaterThan(2.5);
    });

    it('multiplies volume by scale', () => {
      const one = run({ scenario: 'quiet', hours: 2 }).posts.length;
      const three = run({ scenario: 'quiet', hours: 2, scale: 3 }).posts.length;
      expect(three / one).toBeGreaterThan(2.5);
      expect(three / one).toBeLessThan(3.5);
    });
  });

  describe('labels', () => {
    it('plant every kind of event in the first six hours of the default scenario', () => {
      const kinds = run().labels.map((l) => l.kind);
      expect(new Set(kinds)).toEqual(new Set(['campaign', 'cascade', 'news-spike']));
      expect(new Set(run().labels.map((l) => l.id)).size).toBe(kinds.length);
    });

    it('are empty for the quiet scenario', () => {
      expect(run({ scenario: 'quiet', hours: 24 }).labels).toEqual([]);
    });

    it('match the emitted data: a post at onset, the peak minute and its count', () => {
      const { posts, labels } = run();
      for (const label of labels) {
        const term = label.terms[0]!;
        expect(term).toMatch(/^#[a-z0-9_]+$/);
        const onset = Date.parse(label.onset);
        expect(posts.some((p) => ms(p) === onset && carries(p, term))).toBe(true);

        const counts = minuteCounts(posts, label);
        let peak = Number.NaN;
        let peakCount = 0;
        for (const [minute, count] of [...counts].sort((a, b) => a[0] - b[0])) {
          if (count > peakCount) [peak, peakCount] = [minute, count];
        }
        expect({ id: label.id, peak: label.peak, peakCount: label.peakCount }).toEqual({
          id: label.id,
          peak: new Date(peak).toISOString(),
          peakCount,
        });
        // The label rounds the baseline to 3 decimals and the factor to 1.
        expect(Math.abs(label.peakFactor! / (peakCount / label.baseline!) - 1)).toBeLessThan(0.01);
        expect(label.peakFactor).toBeGreaterThan(5);
      }
    });

    it('are complete only for events that have started while streaming', () => {
      const simulation = simulate({ scenario: 'default', seed: 7, start: START, hours: 6 });
      let seenAtStart: PlantedEvent[] | undefined;
      for (const observation of simulation.observations) {
        seenAtStart ??= simulation.labels();
        void observation;
      }
      expect(seenAtStart).toEqual([]);
      expect(simulation.labels()).toEqual(run().labels);
    });
  });

  describe('campaigns', () => {
    it.each([1, 2, 3, 42, 2024])(
      'start within 40 minutes and reach 10× baseline within 3 minutes (seed %p)',
      (seed) => {
        const { posts, labels } = run({ seed, hours: 1 });
        const first = labels[0];
        expect(first?.kind).toBe('campaign');
        const onset = Date.parse(first!.onset);
        expect(onset - START_MS).toBeLessThanOrEqual(40 * MINUTE_MS);
        const counts = minuteCounts(posts, first!);
        const early = Math.max(
          ...[0, 1, 2, 3].map((m) => counts.get(onset - (onset % MINUTE_MS) + m * MINUTE_MS) ?? 0),
        );
        expect(early).toBeGreaterThanOrEqual(10 * (first!.baseline ?? 0.1));
        expect(early).toBeGreaterThanOrEqual(10);
      },
    );

    it('use a new term, pushed by young digit-handle accounts seconds apart with near-identical text', () => {
      const { posts } = run();
      const campaigns = labelsOf('campaign');
      expect(campaigns.length).toBeGreaterThan(0);
      for (const label of campaigns) {
        const term = label.terms[0]!;
        const onset = Date.parse(label.onset);
        const accounts = new Set(label.accounts);
        expect(accounts.size).toBeGreaterThanOrEqual(10);
        expect(posts.some((p) => ms(p) < onset && carries(p, term))).toBe(false);

        const botPosts = posts.filter((p) => accounts.has(p.author.id) && carries(p, term));
        expect(new Set(botPosts.map((p) => p.author.id))).toEqual(accounts);
        for (const { author } of botPosts) {
          expect(author.handle).toMatch(/\d{4,}$/);
          expect(onset - Date.parse(author.createdAt!)).toBeLessThan(14 * 24 * HOUR_MS);
        }
        // Every account posts within seconds of the onset (the first wave), then keeps posting.
        const firstByAccount = new Map<string, number>();
        for (const post of botPosts)
          if (!firstByAccount.has(post.author.id)) firstByAccount.set(post.author.id, ms(post));
        expect(Math.max(...firstByAccount.values()) - onset).toBeLessThan(10_000);
        expect(botPosts.length).toBeGreaterThan(accounts.size * 5);

        const reference = tokens(botPosts[0]!.text!);
        const similar = botPosts.filter((p) => jaccard(tokens(p.text!), reference) >= 0.5).length;
        expect(similar / botPosts.length).toBeGreaterThan(0.9);
        expect(new Set(botPosts.map((p) => p.urls?.[0]?.replace(/\?.*/, ''))).size).toBe(1);

        // Organic pick-up: real accounts carry the term too.
        const organic = posts.filter((p) => carries(p, term) && !accounts.has(p.author.id));
        expect(organic.length).toBeGreaterThan(20);
      }
    });
  });

  describe('cascades and news spikes', () => {
    it('spread cascades mostly by reposts, replies and quotes', () => {
      const { posts } = run();
      for (const label of labelsOf('cascade')) {
        const onset = Date.parse(label.onset);
        const term = posts.filter(
          (p) => ms(p) >= onset && ms(p) < onset + HOUR_MS && carries(p, label.terms[0]!),
        );
        const shared = term.filter((p) => p.kind !== 'post').length;
        expect(shared / term.length).toBeGreaterThan(0.6);
        expect(label.accounts).toBeUndefined();
      }
    });

    it('have news spikes posted by many established accounts with varied text', () => {
      const { posts } = run();
      const spikes = labelsOf('news-spike');
      expect(spikes.length).toBeGreaterThan(0);
      for (const label of spikes) {
        const onset = Date.parse(label.onset);
        const originals = posts.filter(
          (p) =>
            p.kind === 'post' &&
            ms(p) >= onset &&
            ms(p) < onset + HOUR_MS &&
            carries(p, label.terms[0]!),
        );
        expect(new Set(originals.map((p) => p.author.id)).size).toBeGreaterThan(50);
        expect(new Set(originals.map((p) => p.text)).size).toBeGreaterThan(originals.length / 2);
      }
    });
  });

  describe('live mode', () => {
    it('streams lazily without an end', () => {
      const simulation = simulate({ scenario: 'default', seed: 5, start: START });
      const first = take(simulation.observations, 10);
      expect(first).toHaveLength(10);
      const many: Observation[] = take(simulation.observations, 60_000);
      expect(many).toHaveLength(60_000);
      expect(simulation.labels().length).toBeGreaterThan(3);
    });

    it('keeps pending work bounded over a long run', () => {
      const world = new World({
        scenario: 'default',
        seed: 5,
        startMs: START_MS,
        endMs: undefined,
        scale: 1,
      });
      let n = 0;
      let maxPending = 0;
      for (const post of world.run()) {
        void post;
        if (++n % 1000 === 0) maxPending = Math.max(maxPending, world.pending);
        if (n >= 250_000) break;
      }
      expect(maxPending).toBeLessThan(5_000);
      expect(world.labels().length).toBeGreaterThan(10);
    });
  });
});

import type { PageProblem } from '../connector';
import { normalizeCountTerm, normalizeTag } from '../text/hashtags';
import { asArray, asCount, asObject, asString, errorMessage, toIso } from '../text/json-guard';

/** One trending topic as offered by the Bluesky AppView. */
export interface BlueskyTrend {
  /** What to follow: a hashtag without `#` (NFKC, lower case) or a normalised keyword phrase. */
  term: string;
  /** True when the topic was a `#hashtag`. */
  hashtag: boolean;
  /** The topic as the AppView shows it. */
  displayName: string;
  /** `getTrends` only: posts counted for the trend, and when it started. */
  postCount: number | null;
  startedAt: string | null;
}

export interface BlueskyTrendsPage {
  trends: BlueskyTrend[];
  problems: PageProblem[];
}

// Topics are short phrases; anything longer is not a followable term.
const MAX_TOPIC_CHARS = 100;

/**
 * Parses `app.bsky.unspecced.getTrends` (`{trends:[{topic,displayName,postCount,startedAt,…}]}`) or
 * `app.bsky.unspecced.getTrendingTopics` (`{topics:[{topic,link,…}],suggested:[…]}`; `suggested` are
 * evergreen feeds, not trends, and are skipped). A malformed item is reported by index and the rest kept;
 * duplicate terms are kept once. Never throws.
 */
export function parseBlueskyTrends(body: unknown): BlueskyTrendsPage {
  const o = asObject(body);
  const list = asArray(o?.['trends']) ?? asArray(o?.['topics']);
  if (o === undefined || list === undefined) {
    return {
      trends: [],
      problems: [{ where: 'page', message: 'expected {trends:[…]} or {topics:[…]}' }],
    };
  }
  const field = asArray(o['trends']) !== undefined ? 'trends' : 'topics';
  const trends: BlueskyTrend[] = [];
  const problems: PageProblem[] = [];
  const seen = new Set<string>();
  list.forEach((item, index) => {
    try {
      const t = mapTrend(item);
      if (seen.has(t.term)) return;
      seen.add(t.term);
      trends.push(t);
    } catch (err) {
      problems.push({ where: `${field}.${index}`, message: errorMessage(err) });
    }
  });
  return { trends, problems };
}

function mapTrend(item: unknown): BlueskyTrend {
  const t = asObject(item);
  if (t === undefined) throw new Error('expected a topic object');
  const topic = asString(t['topic']) ?? asString(t['displayName']);
  if (topic === undefined || topic.trim() === '') throw new Error('topic: missing');
  if (topic.length > MAX_TOPIC_CHARS)
    throw new Error(`topic: longer than ${MAX_TOPIC_CHARS} characters`);
  const hashtag = /^\s*#/.test(topic);
  const term = hashtag ? normalizeTag(topic) : normalizeCountTerm(topic);
  if (term === '') throw new Error('topic: nothing left after normalising');
  return {
    term,
    hashtag,
    displayName: asString(t['displayName']) ?? topic,
    postCount: asCount(t['postCount']) ?? null,
    startedAt: toIso(t['startedAt']) ?? null,
  };
}

import type { CountObservation, PostKind, PostObservation } from '@spreadwatch/contracts';

import type { PageProblem, ParsedPage } from '../connector';
import { badPage, mapItems } from '../text/finalize';
import { distinctTags } from '../text/hashtags';
import { asArray, asCount, asId, asObject, asString, type Json, toIso } from '../text/json-guard';

export interface XSearchPage extends ParsedPage {
  newestId: string | null;
  nextToken: string | null;
  resultCount: number;
}

function hashtagsOf(tweet: Json | undefined): string[] {
  const tags = (asArray(asObject(tweet?.['entities'])?.['hashtags']) ?? [])
    .map((h) => asString(asObject(h)?.['tag']))
    .filter((t): t is string => t !== undefined);
  return distinctTags(tags);
}

function urlsOf(tweet: Json): string[] {
  const out: string[] = [];
  for (const u of asArray(asObject(tweet['entities'])?.['urls']) ?? []) {
    const o = asObject(u);
    const url = asString(o?.['expanded_url']) ?? asString(o?.['url']);
    if (url !== undefined && !out.includes(url)) out.push(url);
  }
  return out;
}

/** One tweet → post, joined with its author (`includes.users`) and, for a retweet, the original. */
export function mapTweet(
  item: unknown,
  source: string,
  users: ReadonlyMap<string, Json>,
  tweets: ReadonlyMap<string, Json>,
): PostObservation {
  const t = asObject(item);
  if (t === undefined) throw new Error('expected a tweet object');
  const id = asId(t['id']);
  if (id === undefined) throw new Error('id: missing');
  const ts = toIso(t['created_at']);
  if (ts === undefined) throw new Error('created_at: missing (request tweet.fields=created_at)');
  const authorId = asId(t['author_id']);
  if (authorId === undefined)
    throw new Error('author_id: missing (request tweet.fields=author_id)');
  let kind: PostKind = 'post';
  let parentId: string | null = null;
  const refs = (asArray(t['referenced_tweets']) ?? [])
    .map(asObject)
    .filter((r): r is Json => r !== undefined);
  const retweeted = refs.find((r) => r['type'] === 'retweeted');
  const quoted = refs.find((r) => r['type'] === 'quoted');
  const replied = refs.find((r) => r['type'] === 'replied_to');
  const ref = retweeted ?? quoted ?? replied;
  if (ref !== undefined) {
    kind = ref === retweeted ? 'repost' : ref === quoted ? 'quote' : 'reply';
    parentId = asId(ref['id']) ?? null;
  }
  // A retweet's text is truncated ("RT @x: …") and so are its entities; the original has them whole.
  const original = retweeted === undefined || parentId === null ? undefined : tweets.get(parentId);
  const hashtags =
    retweeted !== undefined && original !== undefined ? hashtagsOf(original) : hashtagsOf(t);
  const user = users.get(authorId);
  const um = asObject(user?.['public_metrics']);
  const pm = asObject(t['public_metrics']);
  return {
    type: 'post',
    source,
    id,
    ts,
    kind,
    parentId,
    author: {
      id: authorId,
      handle: asString(user?.['username']) ?? null,
      createdAt: toIso(user?.['created_at']) ?? null,
      followers: asCount(um?.['followers_count']) ?? null,
      following: asCount(um?.['following_count']) ?? null,
      posts: asCount(um?.['tweet_count']) ?? null,
    },
    text: asString(original?.['text']) ?? asString(t['text']) ?? null,
    hashtags,
    urls: urlsOf(original ?? t),
    lang: asString(t['lang']) ?? null,
    metrics: {
      reposts: asCount(pm?.['retweet_count']) ?? null,
      likes: asCount(pm?.['like_count']) ?? null,
      replies: asCount(pm?.['reply_count']) ?? null,
    },
  };
}

/**
 * `GET /2/tweets/search/recent` (or search/all) → posts. A page without `data` (zero results) is normal;
 * partial `errors[]` (e.g. a deleted referenced tweet) are reported as soft problems. Never throws.
 */
export function parseXSearch(body: unknown, source: string): XSearchPage {
  const o = asObject(body);
  if (o === undefined)
    return {
      ...badPage('expected a JSON object'),
      newestId: null,
      nextToken: null,
      resultCount: 0,
    };
  const meta = asObject(o['meta']);
  const data = o['data'] === undefined ? [] : asArray(o['data']);
  if (data === undefined || (meta === undefined && o['data'] === undefined)) {
    return {
      ...badPage('expected {data?: Tweet[], meta}'),
      newestId: null,
      nextToken: null,
      resultCount: 0,
    };
  }
  const includes = asObject(o['includes']);
  const users = new Map<string, Json>();
  for (const u of asArray(includes?.['users']) ?? []) {
    const user = asObject(u);
    const id = asId(user?.['id']);
    if (user !== undefined && id !== undefined) users.set(id, user);
  }
  const tweets = new Map<string, Json>();
  for (const tw of asArray(includes?.['tweets']) ?? []) {
    const tweet = asObject(tw);
    const id = asId(tweet?.['id']);
    if (tweet !== undefined && id !== undefined) tweets.set(id, tweet);
  }
  const page = mapItems(data, 'data', (t) => mapTweet(t, source, users, tweets));
  const soft: PageProblem[] = (asArray(o['errors']) ?? []).map((e, i) => {
    const err = asObject(e);
    const parts = [
      err?.['title'],
      err?.['detail'],
      err?.['resource_type'],
      err?.['value'] ?? err?.['resource_id'],
    ].filter((v): v is string => typeof v === 'string');
    return { where: `errors.${i}`, message: parts.join(': ') || 'partial error' };
  });
  return {
    observations: page.observations,
    problems: [...page.problems, ...soft],
    newestId: asId(meta?.['newest_id']) ?? null,
    nextToken: asString(meta?.['next_token']) ?? null,
    resultCount: asCount(meta?.['result_count']) ?? page.observations.length,
  };
}

export interface XCountsPage extends ParsedPage {
  /** End of the last complete bucket emitted (ISO), the next `start_time`. */
  completeUntil: string | null;
  nextToken: string | null;
}

const GRANULARITY_MS = { minute: 60_000, hour: 3_600_000, day: 86_400_000 } as const;
export type XGranularity = keyof typeof GRANULARITY_MS;
const INTERVAL = { minute: '1m', hour: '1h', day: '1d' } as const;

/**
 * `GET /2/tweets/counts/recent` → count observations, one per **complete** bucket: the first and last
 * buckets are partial (they start or end at the query's edges), and re-polling them would double count.
 * A bucket is complete when it spans the whole granularity and has ended by `nowMs`. Never throws.
 */
export function parseXCounts(
  body: unknown,
  source: string,
  term: string,
  granularity: XGranularity,
  nowMs: number,
): XCountsPage {
  const o = asObject(body);
  const data = o?.['data'] === undefined ? [] : asArray(o['data']);
  if (
    o === undefined ||
    data === undefined ||
    (o['data'] === undefined && o['meta'] === undefined)
  ) {
    return {
      ...badPage('expected {data: [{start, end, tweet_count}], meta}'),
      completeUntil: null,
      nextToken: null,
    };
  }
  const span = GRANULARITY_MS[granularity];
  let completeUntil: string | null = null;
  const page = mapItems(data, 'data', (b): CountObservation | null => {
    const bucket = asObject(b);
    const start = toIso(bucket?.['start']);
    const end = toIso(bucket?.['end']);
    const count = asCount(bucket?.['tweet_count']);
    if (start === undefined || end === undefined) throw new Error('start/end: not timestamps');
    if (count === undefined) throw new Error('tweet_count: not a count');
    const complete = Date.parse(end) - Date.parse(start) === span && Date.parse(end) <= nowMs;
    if (!complete) return null;
    if (completeUntil === null || end > completeUntil) completeUntil = end;
    return { type: 'count', source, term, ts: start, interval: INTERVAL[granularity], count };
  });
  return {
    ...page,
    completeUntil,
    nextToken: asString(asObject(o['meta'])?.['next_token']) ?? null,
  };
}

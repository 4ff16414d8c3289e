import type { Connector, FetchResult } from '../connector';
import type { HttpClient } from '../http/http-client';
import { compareIds } from '../text/hashtags';
import { parseXSearch } from './x.parser';

const TWEET_FIELDS =
  'created_at,author_id,public_metrics,lang,entities,referenced_tweets,conversation_id,in_reply_to_user_id';
const EXPANSIONS = 'author_id,referenced_tweets.id,referenced_tweets.id.author_id';
const USER_FIELDS = 'created_at,public_metrics,username,name,verified,protected';

export interface XSearchOptions {
  source: string;
  baseUrl?: string;
  query: string;
  bearerToken: string;
  http: HttpClient;
  /** `search/recent` (default) or `search/all` (paid/academic). */
  endpoint?: 'recent' | 'all';
}

interface XSearchCursor {
  sinceId: string | null;
  /** Paging (newest first) inside one pass above sinceId. */
  nextToken: string | null;
  /** Newest id of the pass, the next sinceId. */
  pendingNewest: string | null;
}

/** Tweets matching a query with author expansion, polled with `since_id`; pages with `next_token`. */
export class XSearchConnector implements Connector {
  readonly type = 'x-search';
  readonly mode = 'poll';
  readonly key: string;
  readonly source: string;

  constructor(private readonly o: XSearchOptions) {
    this.source = o.source;
    this.key = `${o.source}/search:${o.query}`;
  }

  async fetchSince(cursor: string | null, signal?: AbortSignal): Promise<FetchResult> {
    const state = decode(cursor);
    const params = new URLSearchParams({
      query: this.o.query,
      max_results: '100',
      'tweet.fields': TWEET_FIELDS,
      expansions: EXPANSIONS,
      'user.fields': USER_FIELDS,
    });
    if (state.sinceId !== null) params.set('since_id', state.sinceId);
    if (state.nextToken !== null) params.set('next_token', state.nextToken);
    const base = (this.o.baseUrl ?? 'https://api.x.com').replace(/\/+$/, '');
    const res = await this.o.http.request({
      url: `${base}/2/tweets/search/${this.o.endpoint ?? 'recent'}?${params.toString()}`,
      headers: { authorization: `Bearer ${this.o.bearerToken}` },
      expect: 'json',
      signal,
    });
    const page = parseXSearch(res.body, this.o.source);
    const newest = maxId(state.pendingNewest, page.newestId);
    // The first poll takes the newest page only; later passes page down to since_id.
    const more = state.sinceId !== null && page.nextToken !== null && page.resultCount > 0;
    const next: XSearchCursor = more
      ? { sinceId: state.sinceId, nextToken: page.nextToken, pendingNewest: newest }
      : { sinceId: maxId(state.sinceId, newest), nextToken: null, pendingNewest: null };
    return {
      observations: page.observations,
      nextCursor: JSON.stringify(next),
      hasMore: more,
      rateLimit: res.rateLimit,
      problems: page.problems,
    };
  }
}

function maxId(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return compareIds(a, b) >= 0 ? a : b;
}

function decode(cursor: string | null): XSearchCursor {
  const empty: XSearchCursor = { sinceId: null, nextToken: null, pendingNewest: null };
  if (cursor === null) return empty;
  try {
    const o = JSON.parse(cursor) as Record<string, unknown>;
    const s = (k: string): string | null => (typeof o[k] === 'string' ? o[k] : null);
    return { sinceId: s('sinceId'), nextToken: s('nextToken'), pendingNewest: s('pendingNewest') };
  } catch {
    return empty;
  }
}

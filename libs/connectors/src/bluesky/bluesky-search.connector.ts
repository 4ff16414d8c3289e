import type { Connector, FetchResult } from '../connector';
import { ConnectorError } from '../http/errors';
import type { HttpClient } from '../http/http-client';
import { RecentKeys } from '../text/recent-keys';
import { parseSearchPosts } from './bluesky.parser';
import type { BlueskySession } from './bluesky-session';

export interface BlueskySearchOptions {
  source: string;
  /** The PDS or AppView that answers searchPosts (authenticated: e.g. https://bsky.social). */
  serviceUrl: string;
  query: string;
  http: HttpClient;
  /** Search needs auth on the public AppView (403 otherwise); null tries anonymously. */
  session: BlueskySession | null;
  limit?: number;
}

interface SearchCursor {
  /** Newest indexedAt fully consumed: the next pass asks for posts `since` then (inclusive). */
  hwm: string | null;
  /** searchPosts cursor inside the current pass (older pages). */
  page: string | null;
  /** Newest indexedAt of the current pass; becomes `hwm` when the pass ends. */
  pending: string | null;
}

/**
 * `app.bsky.feed.searchPosts?sort=latest` for one query with our own high-water mark on indexedAt: each
 * pass pages back with the opaque cursor until it reaches `since`. The first poll takes one page.
 */
export class BlueskySearchConnector implements Connector {
  readonly type = 'bluesky-search';
  readonly mode = 'poll';
  readonly key: string;
  readonly source: string;
  private readonly seen = new RecentKeys(10_000);

  constructor(private readonly o: BlueskySearchOptions) {
    this.source = o.source;
    this.key = `${o.source}/search:${o.query}`;
  }

  async fetchSince(cursor: string | null, signal?: AbortSignal): Promise<FetchResult> {
    const state = decodeCursor(cursor);
    const params = new URLSearchParams({
      q: this.o.query,
      sort: 'latest',
      limit: String(this.o.limit ?? 100),
    });
    if (state.hwm !== null) params.set('since', state.hwm);
    if (state.page !== null) params.set('cursor', state.page);
    const url = `${this.o.serviceUrl.replace(/\/+$/, '')}/xrpc/app.bsky.feed.searchPosts?${params.toString()}`;
    const res = await this.get(url, signal);
    const page = parseSearchPosts(res.body, this.o.source);
    const observations = page.observations.filter(
      (obs) => obs.type !== 'post' || this.seen.add(obs.id),
    );
    const pending = maxIso(state.pending, page.newest);
    const more = state.hwm !== null && page.cursor !== null && page.observations.length > 0;
    const next: SearchCursor = more
      ? { hwm: state.hwm, page: page.cursor, pending }
      : { hwm: maxIso(state.hwm, pending), page: null, pending: null };
    return {
      observations,
      nextCursor: JSON.stringify(next),
      hasMore: more,
      rateLimit: res.rateLimit,
      problems: page.problems,
    };
  }

  private async get(
    url: string,
    signal?: AbortSignal,
  ): Promise<{ body: unknown; rateLimit: FetchResult['rateLimit'] }> {
    const session = this.o.session;
    const headers = async (): Promise<Record<string, string>> =>
      session === null ? {} : { authorization: `Bearer ${await session.token(signal)}` };
    try {
      return await this.o.http.request({ url, expect: 'json', headers: await headers(), signal });
    } catch (err) {
      // An expired access token answers 400 ExpiredToken (or 401): refresh once and retry.
      const expired =
        err instanceof ConnectorError &&
        (err.code === 'needs-auth' || (err.status === 400 && /ExpiredToken/i.test(err.message)));
      if (session === null || !expired) throw err;
      session.invalidate();
      return this.o.http.request({ url, expect: 'json', headers: await headers(), signal });
    }
  }
}

function decodeCursor(cursor: string | null): SearchCursor {
  if (cursor === null) return { hwm: null, page: null, pending: null };
  try {
    const o = JSON.parse(cursor) as Partial<SearchCursor>;
    return {
      hwm: typeof o.hwm === 'string' ? o.hwm : null,
      page: typeof o.page === 'string' ? o.page : null,
      pending: typeof o.pending === 'string' ? o.pending : null,
    };
  } catch {
    return { hwm: null, page: null, pending: null };
  }
}

function maxIso(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return Date.parse(a) >= Date.parse(b) ? a : b;
}

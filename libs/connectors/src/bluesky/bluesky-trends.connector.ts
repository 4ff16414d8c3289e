import type { Connector, FetchResult } from '../connector';
import { ConnectorError } from '../http/errors';
import type { HttpClient, HttpResponse } from '../http/http-client';
import type { BlueskySession } from './bluesky-session';
import { parseBlueskyTrends } from './bluesky-trends.parser';

export interface BlueskyTrendsOptions {
  source: string;
  /** The AppView (public.api.bsky.app) or a PDS that proxies `app.bsky.*` for a session. */
  serviceUrl: string;
  http: HttpClient;
  session: BlueskySession | null;
  /** Topics per request (the lexicon allows 1–25). */
  limit?: number;
}

// Newest method first; older AppViews only have getTrendingTopics, self-hosted ones may have neither.
const METHODS = ['app.bsky.unspecced.getTrends', 'app.bsky.unspecced.getTrendingTopics'] as const;

/**
 * Bluesky trending topics for discovery (like Mastodon's trending tags): `getTrends` when the AppView
 * offers it, else `getTrendingTopics`. Produces no observations, only `discovered` terms. When neither
 * method exists (404/400/501) the poll fails with a clear `not-found` error instead of guessing.
 */
export class BlueskyTrendsConnector implements Connector {
  readonly type = 'bluesky-trends';
  readonly mode = 'poll';
  readonly key: string;
  readonly source: string;
  private method: (typeof METHODS)[number] | null = null;

  constructor(private readonly o: BlueskyTrendsOptions) {
    this.source = o.source;
    this.key = `${o.source}/trends`;
  }

  async fetchSince(cursor: string | null, signal?: AbortSignal): Promise<FetchResult> {
    const res = await this.fetchTrends(signal);
    const page = parseBlueskyTrends(res.body);
    return {
      observations: [],
      nextCursor: cursor,
      hasMore: false,
      rateLimit: res.rateLimit,
      problems: page.problems,
      discovered: page.trends.map((t) => t.term),
    };
  }

  private async fetchTrends(signal?: AbortSignal): Promise<HttpResponse> {
    const tried: string[] = [];
    const methods = this.method === null ? METHODS : [this.method];
    for (const method of methods) {
      try {
        const res = await this.get(method, signal);
        this.method = method;
        return res;
      } catch (err) {
        if (!notOffered(err)) throw err;
        tried.push(`${method}: ${(err as Error).message}`);
        // A method that worked before and is gone now: try them all again next time.
        this.method = null;
      }
    }
    throw new ConnectorError(
      'not-found',
      `trending topics are not offered by ${this.o.serviceUrl} (${tried.join('; ')})`,
    );
  }

  private async get(method: string, signal?: AbortSignal): Promise<HttpResponse> {
    const base = this.o.serviceUrl.replace(/\/+$/, '');
    const url = `${base}/xrpc/${method}?limit=${this.o.limit ?? 25}`;
    const session = this.o.session;
    const headers = async (): Promise<Record<string, string>> =>
      session === null ? {} : { authorization: `Bearer ${await session.token(signal)}` };
    try {
      return await this.o.http.request({ url, expect: 'json', headers: await headers(), signal });
    } catch (err) {
      const expired =
        err instanceof ConnectorError &&
        (err.code === 'needs-auth' || (err.status === 400 && /ExpiredToken/i.test(err.message)));
      if (session === null || !expired) throw err;
      session.invalidate();
      return this.o.http.request({ url, expect: 'json', headers: await headers(), signal });
    }
  }
}

/** 404, 501 or an XRPC 400 naming an unknown method: the AppView does not have it. */
function notOffered(err: unknown): boolean {
  if (!(err instanceof ConnectorError)) return false;
  if (err.code === 'not-found' || err.status === 501) return true;
  return (
    err.status === 400 && /MethodNotImplemented|not implemented|unknown method/i.test(err.message)
  );
}

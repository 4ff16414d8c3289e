import type { Connector, FetchResult } from '../connector';
import type { HttpClient } from '../http/http-client';
import { parseLinkHeader } from '../http/link-header';
import { compareIds } from '../text/hashtags';
import { RecentKeys } from '../text/recent-keys';
import { parseMastodonStatuses, parseMastodonTrends } from './mastodon.parser';

export type MastodonStream =
  { kind: 'tag'; tag: string } | { kind: 'public'; local: boolean } | { kind: 'trends' };

export interface MastodonConnectorOptions {
  source: string;
  baseUrl: string;
  stream: MastodonStream;
  http: HttpClient;
  /** Page size; Mastodon caps it at 40. */
  limit?: number;
  accessToken?: string;
}

/**
 * One Mastodon timeline (a hashtag, the public timeline) or the trending-tags list. Polls forward with
 * `min_id` (gap-free) and follows `rel="prev"` until a page comes back empty. The first poll takes only the
 * newest page. Overlapping pages are deduplicated by id.
 */
export class MastodonConnector implements Connector {
  readonly type = 'mastodon';
  readonly mode = 'poll';
  readonly key: string;
  readonly source: string;
  private readonly seen = new RecentKeys(10_000);

  constructor(private readonly o: MastodonConnectorOptions) {
    this.source = o.source;
    this.key = `${o.source}/${streamKey(o.stream)}`;
  }

  async fetchSince(cursor: string | null, signal?: AbortSignal): Promise<FetchResult> {
    const headers: Record<string, string> =
      this.o.accessToken === undefined ? {} : { authorization: `Bearer ${this.o.accessToken}` };
    const base = this.o.baseUrl.replace(/\/+$/, '');
    const stream = this.o.stream;
    if (stream.kind === 'trends') {
      const res = await this.o.http.request({
        url: `${base}/api/v1/trends/tags?limit=20`,
        expect: 'json',
        headers,
        signal,
      });
      const trends = parseMastodonTrends(res.body);
      return {
        observations: [],
        nextCursor: cursor,
        hasMore: false,
        rateLimit: res.rateLimit,
        problems: trends.problems,
        discovered: trends.tags,
      };
    }
    const path =
      stream.kind === 'tag'
        ? `/api/v1/timelines/tag/${encodeURIComponent(stream.tag)}`
        : '/api/v1/timelines/public';
    const params = new URLSearchParams({ limit: String(this.o.limit ?? 40) });
    if (stream.kind === 'public' && stream.local) params.set('local', 'true');
    if (cursor !== null) params.set('min_id', cursor);
    const res = await this.o.http.request({
      url: `${base}${path}?${params.toString()}`,
      expect: 'json',
      headers,
      signal,
    });
    const page = parseMastodonStatuses(res.body, this.o.source);
    const observations = page.observations.filter(
      (obs) => obs.type !== 'post' || this.seen.add(obs.id),
    );
    const newest = page.ids.reduce<string | null>(
      (max, id) => (max === null || compareIds(id, max) > 0 ? id : max),
      null,
    );
    // The server's own link is authoritative (some timelines page on hidden ids); only its min_id is used,
    // so a link pointing elsewhere is never followed.
    const prev = parseLinkHeader(res.headers.get('link')).get('prev');
    const linkMinId = prev === undefined ? null : minIdOf(prev);
    const next = page.ids.length === 0 ? cursor : (linkMinId ?? newest ?? cursor);
    return {
      observations,
      nextCursor: next,
      // The first poll (no cursor) starts from "now": newest page only, no backfill.
      hasMore: cursor !== null && page.ids.length > 0 && next !== cursor,
      rateLimit: res.rateLimit,
      problems: page.problems,
    };
  }
}

function streamKey(s: MastodonStream): string {
  switch (s.kind) {
    case 'tag':
      return `tag:${s.tag}`;
    case 'public':
      return s.local ? 'public:local' : 'public';
    case 'trends':
      return 'trends';
  }
}

function minIdOf(link: string): string | null {
  try {
    return new URL(link).searchParams.get('min_id');
  } catch {
    return null;
  }
}

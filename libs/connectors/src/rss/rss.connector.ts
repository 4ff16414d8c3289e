import type { Connector, FetchResult } from '../connector';
import { ConnectorError } from '../http/errors';
import type { HttpClient } from '../http/http-client';
import { parseRss } from './rss.parser';

export interface RssOptions {
  source: string;
  url: string;
  http: HttpClient;
}

/**
 * A generic RSS 2.0 / Atom feed (news desks' own feeds). The cursor is the newest item time seen; items at
 * or after it are emitted again and the store's (source, id) dedupe drops repeats.
 */
export class RssConnector implements Connector {
  readonly type = 'rss';
  readonly mode = 'poll';
  readonly key: string;
  readonly source: string;

  constructor(private readonly o: RssOptions) {
    this.source = o.source;
    this.key = `${o.source}/feed:${o.url}`;
  }

  async fetchSince(cursor: string | null, signal?: AbortSignal): Promise<FetchResult> {
    const res = await this.o.http.request({ url: this.o.url, expect: 'text', signal });
    let page;
    try {
      page = parseRss(String(res.body), this.o.source, this.o.url);
    } catch (err) {
      throw new ConnectorError('bad-body', `${this.o.url}: ${(err as Error).message}`);
    }
    const since = cursor === null ? null : Date.parse(cursor);
    const observations = page.observations.filter(
      (o) =>
        o.type !== 'post' || since === null || !Number.isFinite(since) || Date.parse(o.ts) >= since,
    );
    let newest = cursor;
    for (const o of page.observations)
      if (o.type === 'post' && (newest === null || Date.parse(o.ts) > Date.parse(newest)))
        newest = o.ts;
    return {
      observations,
      nextCursor: newest,
      hasMore: false,
      rateLimit: res.rateLimit,
      problems: page.problems,
    };
  }
}

import type { Connector, ConnectorRuntime, FetchResult } from '../connector';
import type { HttpClient } from '../http/http-client';
import { normalizeCountTerm } from '../text/hashtags';
import { parseXCounts, type XGranularity } from './x.parser';

export interface XCountsOptions {
  source: string;
  baseUrl?: string;
  query: string;
  /** The scorer's term for these counts, e.g. `#leak`; defaults to the query, normalised. */
  term?: string;
  bearerToken: string;
  http: HttpClient;
  runtime: ConnectorRuntime;
  granularity?: XGranularity;
  /** How far back the first poll starts (ms); counts/recent covers 7 days. */
  initialLookbackMs?: number;
  endpoint?: 'recent' | 'all';
}

const SPAN = { minute: 60_000, hour: 3_600_000, day: 86_400_000 } as const;
// X's end_time defaults to now - 30 s; stay behind it so the newest complete bucket is final.
const SETTLE_MS = 30_000;

/**
 * Tweet counts per bucket for a query (`tweets/counts/recent`) as `count` observations. The cursor is the
 * end of the last complete bucket, so each bucket is emitted exactly once.
 */
export class XCountsConnector implements Connector {
  readonly type = 'x-counts';
  readonly mode = 'poll';
  readonly key: string;
  readonly source: string;
  private readonly granularity: XGranularity;

  constructor(private readonly o: XCountsOptions) {
    this.source = o.source;
    this.granularity = o.granularity ?? 'minute';
    this.key = `${o.source}/counts:${o.query}`;
  }

  async fetchSince(cursor: string | null, signal?: AbortSignal): Promise<FetchResult> {
    const state = decode(cursor);
    const now = this.o.runtime.now();
    const span = SPAN[this.granularity];
    const start =
      state.start ??
      new Date(
        Math.floor((now - (this.o.initialLookbackMs ?? 3_600_000)) / span) * span,
      ).toISOString();
    const params = new URLSearchParams({
      query: this.o.query,
      granularity: this.granularity,
      start_time: start,
    });
    if (state.nextToken !== null) params.set('next_token', state.nextToken);
    const base = (this.o.baseUrl ?? 'https://api.x.com').replace(/\/+$/, '');
    const res = await this.o.http.request({
      url: `${base}/2/tweets/counts/${this.o.endpoint ?? 'recent'}?${params.toString()}`,
      headers: { authorization: `Bearer ${this.o.bearerToken}` },
      expect: 'json',
      signal,
    });
    const term = normalizeCountTerm(this.o.term ?? this.o.query);
    const page = parseXCounts(res.body, this.o.source, term, this.granularity, now - SETTLE_MS);
    const more = page.nextToken !== null;
    // Pages of one pass may come newest first; the pass ends at the latest complete bucket of any page.
    const until = maxIso(state.until, page.completeUntil);
    const next = more
      ? { start, nextToken: page.nextToken, until }
      : { start: until ?? start, nextToken: null, until: null };
    return {
      observations: page.observations,
      nextCursor: JSON.stringify(next),
      hasMore: more,
      rateLimit: res.rateLimit,
      problems: page.problems,
    };
  }
}

interface CountsCursor {
  start: string | null;
  nextToken: string | null;
  until: string | null;
}

function decode(cursor: string | null): CountsCursor {
  const empty: CountsCursor = { start: null, nextToken: null, until: null };
  if (cursor === null) return empty;
  try {
    const o = JSON.parse(cursor) as Record<string, unknown>;
    const s = (k: string): string | null => (typeof o[k] === 'string' ? o[k] : null);
    return { start: s('start'), nextToken: s('nextToken'), until: s('until') };
  } catch {
    return empty;
  }
}

function maxIso(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return Date.parse(a) >= Date.parse(b) ? a : b;
}

import type { CountObservation } from '@spreadwatch/contracts';

import type { Connector, ConnectorRuntime, FetchResult } from '../connector';
import { ConnectorError } from '../http/errors';
import type { HttpClient } from '../http/http-client';
import { parseTrendsRss } from './google-trends.parser';

export interface GoogleTrendsOptions {
  source: string;
  baseUrl?: string;
  geo: string;
  http: HttpClient;
  runtime: ConnectorRuntime;
  /** Interval the scorer spreads a trend's traffic over. */
  interval?: string;
}

interface Seen {
  traffic: number;
  lastSeen: number;
}

// Forget a trend not seen for two days; if it comes back it counts as new.
const FORGET_MS = 48 * 3_600_000;

/**
 * Google Trends "Trending now" RSS for one geo. Items have no id and their traffic is a cumulative, bucketed
 * lower bound, so each (geo, term) is counted once when first seen (at its pubDate) and then only by its
 * increases (at poll time). The cursor holds what was seen.
 */
export class GoogleTrendsConnector implements Connector {
  readonly type = 'google-trends';
  readonly mode = 'poll';
  readonly key: string;
  readonly source: string;

  constructor(private readonly o: GoogleTrendsOptions) {
    this.source = o.source;
    this.key = `${o.source}/geo:${o.geo}`;
  }

  async fetchSince(cursor: string | null, signal?: AbortSignal): Promise<FetchResult> {
    const seen = decode(cursor);
    const base = (this.o.baseUrl ?? 'https://trends.google.com').replace(/\/+$/, '');
    const res = await this.o.http.request({
      url: `${base}/trending/rss?geo=${encodeURIComponent(this.o.geo)}`,
      expect: 'text',
      signal,
    });
    let parsed;
    try {
      parsed = parseTrendsRss(String(res.body));
    } catch (err) {
      throw new ConnectorError(
        'bad-body',
        `Google Trends ${this.o.geo}: ${(err as Error).message}`,
      );
    }
    const now = this.o.runtime.now();
    const minute = new Date(Math.floor(now / 60_000) * 60_000).toISOString();
    const observations: CountObservation[] = [];
    for (const item of parsed.items) {
      const prev = seen.get(item.term);
      const delta = prev === undefined ? item.traffic : item.traffic - prev.traffic;
      if (delta > 0) {
        observations.push({
          type: 'count',
          source: this.o.source,
          term: item.term,
          ts: prev === undefined ? (item.published ?? minute) : minute,
          interval: this.o.interval ?? '1h',
          count: delta,
        });
      }
      seen.set(item.term, { traffic: Math.max(item.traffic, prev?.traffic ?? 0), lastSeen: now });
    }
    for (const [term, s] of seen) if (now - s.lastSeen > FORGET_MS) seen.delete(term);
    return {
      observations,
      nextCursor: JSON.stringify(Object.fromEntries(seen)),
      hasMore: false,
      rateLimit: res.rateLimit,
      problems: parsed.problems,
    };
  }
}

function decode(cursor: string | null): Map<string, Seen> {
  const out = new Map<string, Seen>();
  if (cursor === null) return out;
  try {
    const o = JSON.parse(cursor) as Record<string, Partial<Seen>>;
    for (const [k, v] of Object.entries(o)) {
      if (typeof v.traffic === 'number' && typeof v.lastSeen === 'number')
        out.set(k, { traffic: v.traffic, lastSeen: v.lastSeen });
    }
  } catch {
    // A cursor we cannot read starts over; counts may repeat once.
  }
  return out;
}

import type { Connector, ConnectorRuntime, FetchResult } from '../connector';
import { ConnectorError } from '../http/errors';
import type { HttpClient } from '../http/http-client';
import { asCount, asObject, asString } from '../text/json-guard';
import { parseRedditListing } from './reddit.parser';

export type RedditListing =
  { kind: 'new'; subreddit: string } | { kind: 'search'; query: string; subreddit?: string };

export interface RedditOptions {
  source: string;
  listing: RedditListing;
  http: HttpClient;
  runtime: ConnectorRuntime;
  /** https://oauth.reddit.com with credentials, else https://www.reddit.com (`.json` listings). */
  baseUrl?: string;
  /** App-only OAuth (client_credentials); without it the public JSON is used. */
  oauth?: { clientId: string; clientSecret: string; tokenUrl?: string };
  /** Older pages followed when everything on the newest page is new (a burst). */
  maxBackfillPages?: number;
}

/** Newest creation time stored and the fullnames created at that very second (ties are common). */
interface Mark {
  createdMs: number;
  names: string[];
}

interface RedditCursor {
  hwm: Mark | null;
  /** While backfilling a burst: the `after` to continue from and the newest mark of this pass. */
  after: string | null;
  pending: Mark | null;
  pages: number;
}

const TOKEN_EARLY_MS = 60_000;

/**
 * Subreddit `new` or `search` (sort=new) with our own high-water mark, because Reddit's `before`/`after`
 * can both come back null and a deleted `before` item yields empty listings forever. Each poll reads the
 * newest 100 and keeps what is newer than the mark; if all of them are new it pages older with `after`.
 */
export class RedditConnector implements Connector {
  readonly type = 'reddit';
  readonly mode = 'poll';
  readonly key: string;
  readonly source: string;
  private token: { value: string; expiresAt: number } | null = null;

  constructor(private readonly o: RedditOptions) {
    this.source = o.source;
    const l = o.listing;
    this.key = `${o.source}/${l.kind === 'new' ? `r/${l.subreddit}/new` : `search:${l.subreddit ?? 'all'}:${l.query}`}`;
  }

  async fetchSince(cursor: string | null, signal?: AbortSignal): Promise<FetchResult> {
    const state = decodeCursor(cursor);
    const headers: Record<string, string> = {};
    if (this.o.oauth !== undefined)
      headers['authorization'] = `Bearer ${await this.accessToken(signal)}`;
    const res = await this.o.http.request({
      url: this.listingUrl(state.after),
      expect: 'json',
      headers,
      signal,
    });
    const page = parseRedditListing(res.body, this.o.source);
    const hwm = state.hwm;
    const isNew = (it: { name: string; createdMs: number }): boolean =>
      hwm === null ||
      it.createdMs > hwm.createdMs ||
      (it.createdMs === hwm.createdMs && !hwm.names.includes(it.name));
    const newNames = new Set(page.items.filter(isNew).map((it) => it.name));
    const observations = page.observations.filter(
      (obs) => obs.type !== 'post' || newNames.has(obs.id),
    );
    let newest = state.pending;
    for (const it of page.items) newest = advance(newest, it);
    // Ties with the old mark keep its names, so the next poll still skips them.
    if (hwm !== null && newest !== null && hwm.createdMs === newest.createdMs) {
      for (const name of hwm.names) newest = advance(newest, { name, createdMs: hwm.createdMs });
    }
    // Every item new and more available: a burst outran one page; continue older (bounded).
    const burst =
      hwm !== null &&
      page.items.length > 0 &&
      newNames.size === page.items.length &&
      page.after !== null &&
      state.pages + 1 < (this.o.maxBackfillPages ?? 5);
    const next: RedditCursor = burst
      ? { hwm, after: page.after, pending: newest, pages: state.pages + 1 }
      : {
          hwm: newest === null || (hwm !== null && hwm.createdMs > newest.createdMs) ? hwm : newest,
          after: null,
          pending: null,
          pages: 0,
        };
    return {
      observations,
      nextCursor: JSON.stringify(next),
      hasMore: burst,
      rateLimit: res.rateLimit,
      problems: page.problems,
    };
  }

  private listingUrl(after: string | null): string {
    const oauth = this.o.oauth !== undefined;
    const base = (
      this.o.baseUrl ?? (oauth ? 'https://oauth.reddit.com' : 'https://www.reddit.com')
    ).replace(/\/+$/, '');
    const suffix = oauth ? '' : '.json';
    const l = this.o.listing;
    const params = new URLSearchParams({ limit: '100', raw_json: '1' });
    if (after !== null) params.set('after', after);
    if (l.kind === 'new')
      return `${base}/r/${encodeURIComponent(l.subreddit)}/new${suffix}?${params.toString()}`;
    params.set('q', l.query);
    params.set('sort', 'new');
    params.set('t', 'day');
    if (l.subreddit !== undefined) {
      params.set('restrict_sr', '1');
      return `${base}/r/${encodeURIComponent(l.subreddit)}/search${suffix}?${params.toString()}`;
    }
    return `${base}/search${suffix}?${params.toString()}`;
  }

  /** App-only token (client_credentials), reused until a minute before it expires (1 h). */
  private async accessToken(signal?: AbortSignal): Promise<string> {
    const now = this.o.runtime.now();
    if (this.token !== null && now < this.token.expiresAt) return this.token.value;
    const oauth = this.o.oauth;
    if (oauth === undefined)
      throw new ConnectorError('needs-auth', 'Reddit OAuth is not configured');
    const basic = Buffer.from(`${oauth.clientId}:${oauth.clientSecret}`).toString('base64');
    const res = await this.o.http.request({
      url: oauth.tokenUrl ?? 'https://www.reddit.com/api/v1/access_token',
      method: 'POST',
      headers: {
        authorization: `Basic ${basic}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'grant_type=client_credentials',
      expect: 'json',
      signal,
    });
    const body = asObject(res.body);
    const value = asString(body?.['access_token']);
    if (value === undefined)
      throw new ConnectorError(
        'needs-auth',
        `Reddit token endpoint returned no access_token${asString(body?.['error']) === undefined ? '' : ` (${asString(body?.['error'])})`}`,
      );
    const ttl = (asCount(body?.['expires_in']) ?? 3600) * 1000;
    this.token = { value, expiresAt: now + ttl - TOKEN_EARLY_MS };
    return value;
  }
}

function advance(mark: Mark | null, it: { name: string; createdMs: number }): Mark {
  if (mark === null || it.createdMs > mark.createdMs)
    return { createdMs: it.createdMs, names: [it.name] };
  if (it.createdMs === mark.createdMs && !mark.names.includes(it.name))
    return { createdMs: mark.createdMs, names: [...mark.names, it.name] };
  return mark;
}

function decodeCursor(cursor: string | null): RedditCursor {
  const empty: RedditCursor = { hwm: null, after: null, pending: null, pages: 0 };
  if (cursor === null) return empty;
  try {
    const o = JSON.parse(cursor) as Partial<RedditCursor>;
    const mark = (m: unknown): Mark | null => {
      const x = asObject(m);
      const names = Array.isArray(x?.['names'])
        ? x['names'].filter((n): n is string => typeof n === 'string')
        : [];
      return typeof x?.['createdMs'] === 'number' ? { createdMs: x['createdMs'], names } : null;
    };
    return {
      hwm: mark(o.hwm),
      after: typeof o.after === 'string' ? o.after : null,
      pending: mark(o.pending),
      pages: typeof o.pages === 'number' ? o.pages : 0,
    };
  } catch {
    return empty;
  }
}

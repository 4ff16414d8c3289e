import type { AnyConnector, ConnectorRuntime } from '../connector';
import { BlueskySearchConnector } from '../bluesky/bluesky-search.connector';
import { BlueskySession } from '../bluesky/bluesky-session';
import { BlueskyTrendsConnector } from '../bluesky/bluesky-trends.connector';
import { JetstreamConnector } from '../bluesky/jetstream.connector';
import type { HostLimiter } from '../http/host-limiter';
import { HttpClient } from '../http/http-client';
import type { HostResolver } from '../http/ssrf';
import { MastodonConnector } from '../mastodon/mastodon.connector';
import { MastodonStreamConnector } from '../mastodon/mastodon-stream.connector';
import { RedditConnector } from '../reddit/reddit.connector';
import { RssConnector } from '../rss/rss.connector';
import { GoogleTrendsConnector } from '../trends/google-trends.connector';
import { XCountsConnector } from '../x/x-counts.connector';
import { normalizeCountTerm, normalizeTag } from '../text/hashtags';
import { XSearchConnector } from '../x/x-search.connector';
import type { SourceConfig, SourcesFile } from './sources-config';

/** A connector with its schedule and the HTTP client whose breaker and rate limits it reports. */
export interface ConnectorEntry {
  connector: AnyConnector;
  config: SourceConfig;
  pollMs: number;
  maxPagesPerPoll: number;
  http: HttpClient | null;
  /** On a discovery connector whose source says `followTrending: true`: how discovered terms are followed. */
  follow?: FollowSpec;
}

/** How the runner follows the terms a discovery connector reports (see TrendFollower for the bounds). */
export interface FollowSpec {
  maxFollowed: number;
  ttlMs: number;
  /** Terms the configuration already follows. */
  exclude: string[];
  /** Builds the connector that follows `term` (a tag timeline, a search), sharing the source's client. */
  create(term: string): ConnectorEntry;
}

export interface CreateConnectorsDeps {
  runtime: ConnectorRuntime;
  /** Where `*Env` credential names are looked up. */
  env: Readonly<Record<string, string | undefined>>;
  limiter: HostLimiter;
  resolver?: HostResolver;
  /** Overrides for the HTTP client (tests: fast backoff). */
  http?: {
    baseDelayMs?: number;
    maxRetries?: number;
    maxRateLimitWaitMs?: number;
    cooldownMs?: number;
  };
  /** Overrides for streaming connectors (tests: fast flushes and reconnects). */
  stream?: { flushMs?: number; minReconnectMs?: number; maxReconnectMs?: number };
}

/** Builds every enabled source's connectors; throws naming the field when a credential variable is unset. */
export function createConnectors(file: SourcesFile, deps: CreateConnectorsDeps): ConnectorEntry[] {
  const out: ConnectorEntry[] = [];
  file.sources.forEach((s, index) => {
    if (!s.enabled) return;
    const need = (field: string, name: string | undefined): string | undefined => {
      if (name === undefined) return undefined;
      const v = deps.env[name];
      if (v === undefined || v === '')
        throw new Error(`sources.${index}.${field}: environment variable ${name} is not set`);
      return v;
    };
    const http = new HttpClient({
      runtime: deps.runtime,
      limiter: deps.limiter,
      resolver: deps.resolver,
      allowPrivateNetwork: s.allowPrivateNetwork,
      timeoutMs: s.timeoutMs,
      userAgent: file.defaults.userAgent,
      ...deps.http,
    });
    const pollMs = (s.pollSeconds ?? file.defaults.pollSeconds) * 1000;
    const maxPagesPerPoll = s.maxPagesPerPoll ?? 10;
    const entry = (connector: AnyConnector, client: HttpClient | null = http): ConnectorEntry => ({
      connector,
      config: s,
      pollMs,
      maxPagesPerPoll,
      http: client,
    });
    const add = (connector: AnyConnector, client: HttpClient | null = http): ConnectorEntry => {
      const e = entry(connector, client);
      out.push(e);
      return e;
    };
    const followSpec = (
      exclude: string[],
      create: (term: string) => AnyConnector,
    ): FollowSpec | undefined =>
      s.type === 'mastodon' || s.type === 'bluesky'
        ? s.followTrending
          ? {
              maxFollowed: s.followMax,
              ttlMs: s.followTtlMinutes * 60_000,
              exclude,
              create: (term) => entry(create(term)),
            }
          : undefined
        : undefined;
    const source = s.name;
    switch (s.type) {
      case 'mastodon': {
        const accessToken = need('accessTokenEnv', s.accessTokenEnv);
        const base = { source, baseUrl: s.baseUrl, http, accessToken, limit: s.limit };
        const tags = s.tags.map((t) => t.replace(/^#/, ''));
        for (const tag of tags) {
          if (s.streaming !== undefined && accessToken !== undefined) {
            add(
              new MastodonStreamConnector({
                source,
                baseUrl: s.baseUrl,
                streamingUrl: s.streaming.url,
                tag,
                accessToken,
                http,
                runtime: deps.runtime,
                allowPrivateNetwork: s.allowPrivateNetwork,
                resolver: deps.resolver,
                userAgent: file.defaults.userAgent,
                limit: s.limit,
                idleTimeoutMs: s.streaming.idleTimeoutSeconds * 1000,
                ...deps.stream,
              }),
            );
          } else add(new MastodonConnector({ ...base, stream: { kind: 'tag', tag } }));
        }
        if (s.publicTimeline !== 'off')
          add(
            new MastodonConnector({
              ...base,
              stream: { kind: 'public', local: s.publicTimeline === 'local' },
            }),
          );
        if (s.trends) {
          const trends = add(new MastodonConnector({ ...base, stream: { kind: 'trends' } }));
          // Followed tags are polled (bounded count), even where configured tags stream.
          trends.follow = followSpec(
            tags.map((t) => normalizeTag(t)),
            (tag) => new MastodonConnector({ ...base, stream: { kind: 'tag', tag } }),
          );
        }
        break;
      }
      case 'bluesky': {
        const identifier = need('identifierEnv', s.identifierEnv);
        const password = need('appPasswordEnv', s.appPasswordEnv);
        const session =
          identifier !== undefined && password !== undefined
            ? new BlueskySession({
                serviceUrl: s.serviceUrl,
                identifier,
                password,
                http,
                runtime: deps.runtime,
              })
            : null;
        for (const query of s.queries)
          add(
            new BlueskySearchConnector({ source, serviceUrl: s.serviceUrl, query, http, session }),
          );
        if (s.trends) {
          const trends = add(
            new BlueskyTrendsConnector({
              source,
              serviceUrl: s.trendsUrl ?? s.serviceUrl,
              http,
              // A session is only useful where it was made (the PDS proxies app.bsky.* for it).
              session: s.trendsUrl === undefined ? session : null,
            }),
          );
          trends.follow = followSpec(
            s.queries.map((q) => normalizeCountTerm(q.replace(/^#/, ''))),
            (term) =>
              new BlueskySearchConnector({
                source,
                serviceUrl: s.serviceUrl,
                // Multi-word topics are searched as phrases; hashtag topics were normalised without `#`.
                query: /\s/.test(term) ? `"${term}"` : term,
                http,
                session,
              }),
          );
        }
        if (s.jetstream !== undefined) {
          add(
            new JetstreamConnector({
              source,
              endpoint: s.jetstream.endpoint,
              runtime: deps.runtime,
              terms: s.jetstream.terms,
              allowPrivateNetwork: s.allowPrivateNetwork,
              rewindUs: s.jetstream.rewindSeconds * 1_000_000,
            }),
            null,
          );
        }
        break;
      }
      case 'reddit': {
        const clientId = need('clientIdEnv', s.clientIdEnv);
        const clientSecret = need('clientSecretEnv', s.clientSecretEnv);
        const oauth =
          clientId !== undefined && clientSecret !== undefined
            ? { clientId, clientSecret, tokenUrl: s.tokenUrl }
            : undefined;
        const base = { source, http, runtime: deps.runtime, baseUrl: s.baseUrl, oauth };
        for (const subreddit of s.subreddits)
          add(new RedditConnector({ ...base, listing: { kind: 'new', subreddit } }));
        for (const q of s.searches)
          add(
            new RedditConnector({
              ...base,
              listing: { kind: 'search', query: q.query, subreddit: q.subreddit },
            }),
          );
        break;
      }
      case 'x': {
        const bearerToken = need('bearerTokenEnv', s.bearerTokenEnv) ?? '';
        for (const query of s.searches)
          add(
            new XSearchConnector({
              source,
              baseUrl: s.baseUrl,
              query,
              bearerToken,
              http,
              endpoint: s.endpoint,
            }),
          );
        for (const c of s.counts) {
          add(
            new XCountsConnector({
              source,
              baseUrl: s.baseUrl,
              query: c.query,
              term: c.term,
              granularity: c.granularity,
              bearerToken,
              http,
              runtime: deps.runtime,
              endpoint: s.endpoint,
            }),
          );
        }
        break;
      }
      case 'google-trends':
        for (const geo of s.geos)
          add(
            new GoogleTrendsConnector({
              source,
              baseUrl: s.baseUrl,
              geo,
              http,
              runtime: deps.runtime,
              interval: s.interval,
            }),
          );
        break;
      case 'rss':
        for (const url of s.urls) add(new RssConnector({ source, url, http }));
        break;
    }
  });
  return out;
}

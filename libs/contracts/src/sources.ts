/** Connection state of one source connector, as `GET /api/sources` reports it. */
export type SourceStatus =
  'ok' | 'idle' | 'error' | 'rate-limited' | 'needs-auth' | 'circuit-open' | 'streaming';

/** Health of one connector (a source instance's stream: a tag, a query, a feed). */
export interface SourceHealth {
  /** Connector key, unique per installation, e.g. `mastodon-social/tag:leak`. */
  name: string;
  /** The configured source instance (the observations' `source`). */
  source: string;
  /** Connector type, e.g. `mastodon`, `bluesky-jetstream`, `x-counts`. */
  type: string;
  enabled: boolean;
  status: SourceStatus;
  lastSuccessAt: string | null;
  lastAttemptAt: string | null;
  lastErrorAt: string | null;
  lastError: string | null;
  /** Wall time minus the newest event time ingested from this connector, in seconds. */
  lagSeconds: number | null;
  errorCount: number;
  consecutiveErrors: number;
  nextPollAt: string | null;
  pollSeconds: number | null;
  circuit: 'closed' | 'open' | 'half-open' | null;
  rateLimit: { limit: number | null; remaining: number | null; resetAt: string | null } | null;
  observationsTotal: number;
  duplicatesTotal: number;
  /** Items or pages skipped as malformed or reported as partial errors. */
  problemsTotal: number;
  lastProblems: { where: string; message: string }[];
  /** Streaming connectors: reconnects since start. */
  reconnects?: number;
  /** Discovery connectors: the terms the last successful poll reported trending. */
  discovered?: string[];
  /** Discovery connectors with `followTrending`: terms followed now, and trending ones over the bound. */
  following?: FollowedTermHealth[];
  refused?: string[];
  /** Connectors started by discovery: which term, from which discovery connector, until when. */
  followed?: FollowedTermHealth & { via: string };
}

/** A term followed because discovery reported it trending (ISO times). */
export interface FollowedTermHealth {
  term: string;
  since: string;
  lastSeenAt: string;
  /** Dropped then unless it is reported trending again. */
  expiresAt: string;
}

import type { Observation } from '@spreadwatch/contracts';

import type { RateLimitInfo } from './http/rate-limit';

/** Time and randomness a connector may use; injected so tests are fast and deterministic. */
export interface ConnectorRuntime {
  /** Wall-clock milliseconds since the epoch. */
  now(): number;
  /** Resolves after `ms` (or rejects when `signal` aborts). */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** Uniform in [0, 1): backoff jitter. */
  random(): number;
}

/** The real clock, timers and Math.random. */
export const systemRuntime: ConnectorRuntime = {
  now: () => Date.now(),
  random: () => Math.random(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted === true) {
        reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
        return;
      }
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      const onAbort = (): void => {
        clearTimeout(timer);
        reject(signal?.reason instanceof Error ? signal.reason : new Error('aborted'));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

/** A problem with one item or one page that was skipped; everything else on the page is kept. */
export interface PageProblem {
  /** Where: `page`, `data.3`, `errors.0`, … */
  where: string;
  message: string;
}

/** What a parser makes of one page: the observations it could build and what it had to skip. */
export interface ParsedPage {
  observations: Observation[];
  problems: PageProblem[];
}

/** One page fetched by a polling connector. */
export interface FetchResult {
  observations: Observation[];
  /**
   * Opaque cursor to persist once `observations` are stored, and to pass to the next `fetchSince`.
   * Null means "nothing to remember yet".
   */
  nextCursor: string | null;
  /** True when another page is ready now (paging forward); false when caught up. */
  hasMore: boolean;
  /** The newest rate-limit state the platform reported, if any. */
  rateLimit: RateLimitInfo | null;
  /** Items or parts of the page that were skipped (soft errors, malformed items). */
  problems: PageProblem[];
  /** Terms the source suggests following (e.g. Mastodon trending tags). */
  discovered?: string[];
}

/** A source polled page by page. */
export interface Connector {
  /** Unique per installation, e.g. `mastodon-social/tag:leak`; keys the persisted cursor. */
  readonly key: string;
  /** The source instance's configured name, stored as the observations' `source`. */
  readonly source: string;
  readonly type: string;
  readonly mode: 'poll';
  /** Fetches the page after `cursor` (null: start from now). Throws a ConnectorError on failure. */
  fetchSince(cursor: string | null, signal?: AbortSignal): Promise<FetchResult>;
}

/** Called by a streaming connector with a batch and the cursor to persist once the batch is stored. */
export type StreamSink = (batch: FetchResult) => Promise<void>;

/** A source that pushes events (websocket, SSE). */
export interface StreamingConnector {
  readonly key: string;
  readonly source: string;
  readonly type: string;
  readonly mode: 'stream';
  /** Connects (resuming from `cursor`) and keeps reconnecting until `stop()`. */
  start(cursor: string | null, sink: StreamSink): void;
  stop(): Promise<void>;
  /** Connection state for health reports. */
  status(): StreamStatus;
}

export interface StreamStatus {
  connected: boolean;
  reconnects: number;
  lastError: string | null;
  lastEventAt: number | null;
}

export type AnyConnector = Connector | StreamingConnector;

import { lookup } from 'node:dns/promises';

import type { Observation } from '@spreadwatch/contracts';

import type {
  ConnectorRuntime,
  PageProblem,
  StreamingConnector,
  StreamSink,
  StreamStatus,
} from '../connector';
import { toConnectorError } from '../http/errors';
import type { HttpClient } from '../http/http-client';
import { SseParser } from '../http/sse.parser';
import { checkUrl, type HostResolver } from '../http/ssrf';
import { compareIds } from '../text/hashtags';
import { errorMessage } from '../text/json-guard';
import { RecentKeys } from '../text/recent-keys';
import { MastodonConnector } from './mastodon.connector';
import { parseMastodonStreamEvent } from './mastodon-stream.parser';

export interface MastodonStreamOptions {
  source: string;
  /** REST base URL (catch-up polls of the tag timeline). */
  baseUrl: string;
  /** Streaming server (`configuration.urls.streaming` of /api/v2/instance); defaults to `baseUrl`. */
  streamingUrl?: string;
  tag: string;
  /** A user token with `read:statuses`: streaming refuses public and app tokens since Mastodon 4.2. */
  accessToken: string;
  /** The source's HTTP client: catch-up polls share its rate limits and circuit breaker. */
  http: HttpClient;
  runtime: ConnectorRuntime;
  allowPrivateNetwork?: boolean;
  resolver?: HostResolver;
  /** Injected in tests; the global fetch otherwise. */
  fetch?: typeof fetch;
  userAgent?: string;
  /** Page size of catch-up polls (Mastodon caps it at 40). */
  limit?: number;
  /** Catch-up pages per reconnect; beyond that the cursor stays put and the next reconnect goes on. */
  maxCatchUpPages?: number;
  /** Flush a batch after this many events or this long (ms), whichever first. */
  batchSize?: number;
  flushMs?: number;
  /** Reconnect backoff bounds (ms). */
  minReconnectMs?: number;
  maxReconnectMs?: number;
  /** No byte for this long (ms) means a dead connection; the server sends `:thump` about every 15 s. */
  idleTimeoutMs?: number;
}

const DEFAULT_IDLE_MS = 60_000;
// A connection that stayed up this long counts as healthy: the next reconnect starts from the short delay.
const HEALTHY_CONNECTION_MS = 60_000;

const dnsResolver: HostResolver = async (host) =>
  (await lookup(host, { all: true })).map((a) => a.address);

/**
 * Mastodon hashtag streaming over Server-Sent Events (`GET /api/v1/streaming/hashtag?tag=`), for instances
 * where a user token is configured. `update`/`status.update` become posts and `delete` a delete
 * observation. On every (re)connect, once the stream is open, the tag timeline is polled forward with
 * `min_id` from the stored cursor, so statuses posted while disconnected are fetched; stream and catch-up
 * are deduplicated by status id. The cursor is the newest status id stored, and it only moves past the
 * catch-up's position once the catch-up has reached the present (so a crash never skips the gap).
 */
export class MastodonStreamConnector implements StreamingConnector {
  readonly type = 'mastodon-stream';
  readonly mode = 'stream';
  readonly key: string;
  readonly source: string;
  private readonly poller: MastodonConnector;
  private stopped = true;
  private sink: StreamSink | null = null;
  private conn: AbortController | null = null;
  private loop: Promise<void> = Promise.resolve();
  private attempt = 0;
  /** Where the catch-up poll stands (min_id cursor); the resume point until the catch-up is done. */
  private pollCursor: string | null = null;
  /** Newest status id delivered by the stream on this connection. */
  private streamMax: string | null = null;
  private caughtUp = false;
  private persisted: string | null = null;
  private readonly seen = new RecentKeys(20_000);
  private buffer: Observation[] = [];
  private problems: PageProblem[] = [];
  private flushTimer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();
  private readonly st: StreamStatus = {
    connected: false,
    reconnects: 0,
    lastError: null,
    lastEventAt: null,
  };

  constructor(private readonly o: MastodonStreamOptions) {
    this.source = o.source;
    // Same key as the polling connector of this tag: switching between poll and stream keeps the cursor.
    this.key = `${o.source}/tag:${o.tag}`;
    this.poller = new MastodonConnector({
      source: o.source,
      baseUrl: o.baseUrl,
      stream: { kind: 'tag', tag: o.tag },
      http: o.http,
      limit: o.limit,
      accessToken: o.accessToken,
    });
  }

  status(): StreamStatus {
    return { ...this.st };
  }

  /** The cursor to persist: held at the catch-up position until the catch-up reached the present. */
  cursor(): string | null {
    if (!this.caughtUp || this.streamMax === null) return this.pollCursor;
    if (this.pollCursor === null) return this.streamMax;
    return compareIds(this.streamMax, this.pollCursor) > 0 ? this.streamMax : this.pollCursor;
  }

  start(cursor: string | null, sink: StreamSink): void {
    this.pollCursor = cursor;
    this.persisted = cursor;
    this.streamMax = null;
    this.caughtUp = false;
    this.sink = sink;
    this.stopped = false;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.conn?.abort();
    await this.loop.catch(() => undefined);
    await this.flush();
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      const { healthy } = await this.connectOnce();
      if (this.stopped) break;
      this.st.reconnects += 1;
      this.attempt = healthy ? 0 : this.attempt + 1;
      const base = this.o.minReconnectMs ?? 1_000;
      const cap = this.o.maxReconnectMs ?? 60_000;
      const exp = Math.min(cap, base * 2 ** Math.min(this.attempt, 30));
      await this.o.runtime
        .sleep(exp / 2 + (exp / 2) * this.o.runtime.random())
        .catch(() => undefined);
    }
  }

  private streamUrl(): string {
    const base = (this.o.streamingUrl ?? this.o.baseUrl).replace(/^ws/, 'http').replace(/\/+$/, '');
    return `${base}/api/v1/streaming/hashtag?tag=${encodeURIComponent(this.o.tag)}`;
  }

  private async connectOnce(): Promise<{ healthy: boolean }> {
    const ac = new AbortController();
    this.conn = ac;
    const openedAt = this.o.runtime.now();
    let gotEvent = false;
    let catchUp: Promise<void> = Promise.resolve();
    const parser = new SseParser();
    let idle: NodeJS.Timeout | null = null;
    const idleMs = this.o.idleTimeoutMs ?? DEFAULT_IDLE_MS;
    const armIdle = (): void => {
      if (idle !== null) clearTimeout(idle);
      idle = setTimeout(() => ac.abort(new Error(`no data for ${idleMs} ms`)), idleMs);
    };
    try {
      let url: URL;
      try {
        url = await checkUrl(
          this.streamUrl(),
          { allowPrivateNetwork: this.o.allowPrivateNetwork ?? false },
          this.o.resolver ?? dnsResolver,
        );
      } catch (err) {
        const e = toConnectorError(err);
        this.st.lastError = e.message;
        // A URL the policy forbids will not become allowed by retrying.
        if (e.code === 'unsafe-url') this.stopped = true;
        return { healthy: false };
      }
      armIdle();
      const res = await (this.o.fetch ?? fetch)(url, {
        headers: {
          accept: 'text/event-stream',
          authorization: `Bearer ${this.o.accessToken}`,
          'user-agent': this.o.userAgent ?? 'spreadwatch/0.1 (+metadata-only monitor)',
          'cache-control': 'no-cache',
        },
        redirect: 'manual',
        signal: ac.signal,
      });
      const type = res.headers.get('content-type') ?? '';
      if (res.status !== 200 || !/text\/event-stream/i.test(type) || res.body === null) {
        const text = await res.text().catch(() => '');
        this.st.lastError =
          res.status === 200
            ? `${url.host}${url.pathname}: expected text/event-stream, got ${type || 'no content type'}`
            : `${url.host}${url.pathname}: ${res.status}${res.status === 401 ? ' (streaming needs a user token with read:statuses)' : ''} ${text.slice(0, 120)}`.trim();
        return { healthy: false };
      }
      this.st.connected = true;
      // The stream is open, so from here on nothing new is missed: fetch what was posted while we were away.
      catchUp = this.catchUp(ac.signal);
      const decoder = new TextDecoder();
      const reader = (res.body as ReadableStream<Uint8Array>).getReader();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        armIdle();
        const events = parser.push(decoder.decode(value, { stream: true }));
        for (const ev of events) if (this.onEvent(ev)) gotEvent = true;
        this.problems.push(...parser.takeProblems());
      }
      this.st.lastError = `${url.host}: stream closed by the server`;
    } catch (err) {
      if (!this.stopped) {
        const reason: unknown = ac.signal.aborted ? ac.signal.reason : err;
        this.st.lastError = `stream: ${errorMessage(reason)}`;
      }
    } finally {
      if (idle !== null) clearTimeout(idle);
      this.st.connected = false;
      parser.end();
      this.problems.push(...parser.takeProblems());
      ac.abort();
      await catchUp.catch(() => undefined);
      await this.flush();
      this.conn = null;
      // Resume from what was stored; a new connection gets a new catch-up, and stream ids stop moving the
      // cursor until it is done.
      this.pollCursor = this.persisted;
      this.caughtUp = false;
      this.streamMax = null;
    }
    const lived = this.o.runtime.now() - openedAt;
    return { healthy: gotEvent || lived >= HEALTHY_CONNECTION_MS };
  }

  /** True when the event carried a status or a delete (not a heartbeat or an ignored type). */
  private onEvent(ev: Parameters<typeof parseMastodonStreamEvent>[0]): boolean {
    this.st.lastEventAt = this.o.runtime.now();
    const item = parseMastodonStreamEvent(ev, this.o.source);
    switch (item.kind) {
      case 'ignored':
        return false;
      case 'problem':
        this.problems.push(item.problem);
        return false;
      case 'post':
        if (this.streamMax === null || compareIds(item.statusId, this.streamMax) > 0)
          this.streamMax = item.statusId;
        this.enqueue(item.observation);
        return true;
      case 'delete':
        this.enqueue(item.observation);
        return true;
    }
  }

  private enqueue(obs: Observation): void {
    // Deduped by (type, id): a status arriving from the stream and the catch-up poll is kept once.
    if (obs.type !== 'count' && !this.seen.add(`${obs.type}:${obs.id}`)) return;
    this.buffer.push(obs);
    if (this.buffer.length >= (this.o.batchSize ?? 200)) void this.flush();
    else if (this.flushTimer === null) {
      this.flushTimer = setTimeout(() => void this.flush(), this.o.flushMs ?? 1_000);
    }
  }

  /** Polls the tag timeline forward from the cursor until caught up; retries failed pages with backoff. */
  private async catchUp(signal: AbortSignal): Promise<void> {
    const maxPages = this.o.maxCatchUpPages ?? 50;
    let failures = 0;
    for (let page = 0; !signal.aborted && !this.stopped;) {
      if (page >= maxPages) {
        this.problems.push({
          where: 'catch-up',
          message: `stopped after ${maxPages} pages; the cursor stays at ${this.pollCursor ?? 'null'} and the next reconnect continues`,
        });
        await this.flush();
        return;
      }
      let result;
      try {
        result = await this.poller.fetchSince(this.pollCursor, signal);
      } catch (err) {
        if (signal.aborted || this.stopped) return;
        failures += 1;
        this.st.lastError = `catch-up: ${toConnectorError(err).message}`;
        if (failures > 5) return;
        const exp = Math.min(
          this.o.maxReconnectMs ?? 60_000,
          (this.o.minReconnectMs ?? 1_000) * 2 ** failures,
        );
        await this.o.runtime
          .sleep(exp / 2 + (exp / 2) * this.o.runtime.random(), signal)
          .catch(() => undefined);
        continue;
      }
      page += 1;
      failures = 0;
      // Observations and the cursor they advance to are queued together, so one batch carries both.
      for (const obs of result.observations) this.enqueue(obs);
      this.problems.push(...result.problems);
      this.pollCursor = result.nextCursor;
      if (!result.hasMore) this.caughtUp = true;
      await this.flush();
      if (this.caughtUp) return;
    }
  }

  /** Hands the buffer to the sink, one batch at a time, with the cursor as of the batch. */
  private flush(): Promise<void> {
    if (this.flushTimer !== null) {
      clearTimeout(this.flushTimer);
      this.flushTimer = null;
    }
    this.flushing = this.flushing.then(async () => {
      const cursor = this.cursor();
      if (
        this.sink === null ||
        (this.buffer.length === 0 && this.problems.length === 0 && cursor === this.persisted)
      )
        return;
      const batch = this.buffer;
      const problems = this.problems;
      this.buffer = [];
      this.problems = [];
      try {
        await this.sink({
          observations: batch,
          nextCursor: cursor,
          hasMore: false,
          rateLimit: this.o.http.rateLimit(),
          problems,
        });
        this.persisted = cursor;
      } catch (err) {
        // Nothing after the last stored batch may be skipped: reconnect, and the catch-up re-fetches from
        // the persisted cursor (the store drops what it already has by (source, id)).
        this.st.lastError = `storing a batch failed: ${errorMessage(err)}`;
        this.pollCursor = this.persisted;
        this.streamMax = null;
        this.caughtUp = false;
        this.seen.clear();
        this.buffer = [];
        this.conn?.abort();
      }
    });
    return this.flushing;
  }
}

import { type Observation, parseObservation } from '@spreadwatch/contracts';
import WebSocket from 'ws';

import type {
  ConnectorRuntime,
  PageProblem,
  StreamingConnector,
  StreamSink,
  StreamStatus,
} from '../connector';
import { checkUrlShape } from '../http/ssrf';
import { RecentKeys } from '../text/recent-keys';
import { parseJetstreamLine } from './bluesky.parser';

export interface JetstreamOptions {
  source: string;
  /** e.g. wss://jetstream2.us-east.bsky.network */
  endpoint: string;
  runtime: ConnectorRuntime;
  /** Keep only posts with one of these hashtags (without `#`) or keywords; empty keeps everything. */
  terms?: readonly string[];
  allowPrivateNetwork?: boolean;
  /** How far to rewind the cursor on reconnect (µs); duplicates are dropped by commit key. */
  rewindUs?: number;
  /** Flush a batch after this many events or this long (ms), whichever first. */
  batchSize?: number;
  flushMs?: number;
  /** Reconnect backoff bounds (ms). */
  minReconnectMs?: number;
  maxReconnectMs?: number;
}

const DEFAULT_REWIND_US = 5_000_000;

/**
 * Jetstream v1 (`/subscribe`, JSON) for posts and reposts. Persists the max `time_us` after each batch is
 * stored (events are only roughly ordered); on reconnect rewinds a few seconds and drops commits seen
 * before by (did, collection, rkey, rev). A repost carries the hashtags of its subject when the subject
 * was seen on the stream.
 */
export class JetstreamConnector implements StreamingConnector {
  readonly type = 'bluesky-jetstream';
  readonly mode = 'stream';
  readonly key: string;
  readonly source: string;
  private ws: WebSocket | null = null;
  private stopped = true;
  private sink: StreamSink | null = null;
  private maxTimeUs: number | null = null;
  private persisted: string | null = null;
  private readonly seen = new RecentKeys(50_000);
  // Subject URI → hashtags, for posts we kept (so reposts of them count towards their terms).
  private readonly kept = new Map<string, string[]>();
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
  private readonly terms: string[];
  private attempt = 0;
  private loop: Promise<void> = Promise.resolve();

  constructor(private readonly o: JetstreamOptions) {
    this.source = o.source;
    this.key = `${o.source}/jetstream`;
    this.terms = (o.terms ?? []).map((t) => t.normalize('NFKC').toLowerCase().replace(/^#/, ''));
  }

  status(): StreamStatus {
    return { ...this.st };
  }

  /** The cursor to resume from (µs), as persisted. */
  cursor(): string | null {
    return this.maxTimeUs === null ? null : String(this.maxTimeUs);
  }

  start(cursor: string | null, sink: StreamSink): void {
    const c = cursor === null ? NaN : Number(cursor);
    this.maxTimeUs = Number.isSafeInteger(c) ? c : null;
    this.persisted = this.cursor();
    this.sink = sink;
    this.stopped = false;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.ws?.terminate();
    await this.loop.catch(() => undefined);
    await this.flush();
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      const closed = await this.connectOnce();
      if (this.stopped) break;
      this.st.reconnects += 1;
      this.attempt = closed.clean ? 0 : this.attempt + 1;
      const base = this.o.minReconnectMs ?? 1_000;
      const cap = this.o.maxReconnectMs ?? 60_000;
      const exp = Math.min(cap, base * 2 ** this.attempt);
      await this.o.runtime
        .sleep(exp / 2 + (exp / 2) * this.o.runtime.random())
        .catch(() => undefined);
    }
  }

  private url(): string {
    const base = checkUrlShape(this.o.endpoint.replace(/^ws/, 'http'), {
      allowPrivateNetwork: this.o.allowPrivateNetwork ?? false,
    });
    const u = new URL(`${base.href.replace(/\/+$/, '')}/subscribe`);
    u.protocol = u.protocol === 'https:' ? 'wss:' : 'ws:';
    u.searchParams.append('wantedCollections', 'app.bsky.feed.post');
    u.searchParams.append('wantedCollections', 'app.bsky.feed.repost');
    if (this.maxTimeUs !== null) {
      u.searchParams.set(
        'cursor',
        String(Math.max(0, this.maxTimeUs - (this.o.rewindUs ?? DEFAULT_REWIND_US))),
      );
    }
    return u.toString();
  }

  private connectOnce(): Promise<{ clean: boolean }> {
    return new Promise((resolve) => {
      let url: string;
      try {
        url = this.url();
      } catch (err) {
        this.st.lastError = (err as Error).message;
        this.stopped = true;
        resolve({ clean: false });
        return;
      }
      const ws = new WebSocket(url, {
        handshakeTimeout: 15_000,
        maxPayload: 2 * 1024 * 1024,
        followRedirects: false,
      });
      this.ws = ws;
      let gotData = false;
      ws.on('open', () => {
        this.st.connected = true;
      });
      ws.on('message', (data: WebSocket.RawData, isBinary: boolean) => {
        gotData = true;
        if (isBinary) {
          this.problems.push({
            where: 'frame',
            message: 'binary frame ignored (compression is not requested)',
          });
          return;
        }
        this.onLine(rawToString(data));
      });
      ws.on('error', (err: Error) => {
        this.st.lastError = err.message;
      });
      ws.on('close', () => {
        this.st.connected = false;
        this.ws = null;
        void this.flush().finally(() => resolve({ clean: gotData }));
      });
    });
  }

  private onLine(line: string): void {
    this.st.lastEventAt = this.o.runtime.now();
    let ev;
    try {
      ev = parseJetstreamLine(line, this.o.source);
    } catch (err) {
      this.problems.push({ where: 'line', message: (err as Error).message });
      return;
    }
    if (ev.timeUs !== null) this.maxTimeUs = Math.max(this.maxTimeUs ?? 0, ev.timeUs);
    if (ev.observation === null) return;
    if (ev.dedupeKey !== null && !this.seen.add(ev.dedupeKey)) return;
    const obs = this.filter(ev.observation, ev.subject);
    if (obs === null) return;
    const checked = parseObservation(obs);
    if (!checked.ok) {
      this.problems.push({ where: 'line', message: checked.error });
      return;
    }
    this.buffer.push(checked.value);
    if (this.buffer.length >= (this.o.batchSize ?? 500)) void this.flush();
    else if (this.flushTimer === null) {
      this.flushTimer = setTimeout(() => void this.flush(), this.o.flushMs ?? 1_000);
    }
  }

  private filter(obs: Observation, subject: string | null): Observation | null {
    if (obs.type !== 'post') return obs;
    if (obs.kind === 'repost') {
      const tags = subject === null ? undefined : this.kept.get(subject);
      if (tags === undefined) return this.terms.length === 0 ? obs : null;
      return { ...obs, hashtags: tags };
    }
    const tags = obs.hashtags ?? [];
    const text = (obs.text ?? '').normalize('NFKC').toLowerCase();
    const match =
      this.terms.length === 0 || this.terms.some((t) => tags.includes(t) || text.includes(t));
    if (!match) return null;
    this.kept.set(obs.id, tags);
    if (this.kept.size > 50_000) {
      const oldest = this.kept.keys().next().value;
      if (oldest !== undefined) this.kept.delete(oldest);
    }
    return obs;
  }

  /** Hands the buffer to the sink, one batch at a time; the cursor is the max time_us seen so far. */
  private flush(): Promise<void> {
    if (this.flushTimer !== null) {
      clearTimeout(this.flushTimer);
      this.flushTimer = null;
    }
    this.flushing = this.flushing.then(async () => {
      if (this.sink === null || (this.buffer.length === 0 && this.problems.length === 0)) return;
      const batch = this.buffer;
      const problems = this.problems;
      this.buffer = [];
      this.problems = [];
      const cursor = this.cursor();
      try {
        await this.sink({
          observations: batch,
          nextCursor: cursor,
          hasMore: false,
          rateLimit: null,
          problems,
        });
        this.persisted = cursor;
      } catch (err) {
        // Nothing after the last stored batch may be skipped: reconnect from the persisted cursor and let
        // the store's (source, id) dedupe absorb what comes again.
        this.st.lastError = `storing a batch failed: ${(err as Error).message}`;
        const c = this.persisted === null ? NaN : Number(this.persisted);
        this.maxTimeUs = Number.isSafeInteger(c) ? c : null;
        this.seen.clear();
        this.buffer = [];
        this.ws?.terminate();
      }
    });
    return this.flushing;
  }
}

function rawToString(data: WebSocket.RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}

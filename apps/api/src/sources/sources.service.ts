import { readFileSync } from 'node:fs';
import { extname } from 'node:path';

import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectRepository } from '@nestjs/typeorm';
import {
  type ConnectorEntry,
  createConnectors,
  type FetchResult,
  HostLimiter,
  parseSourcesConfig,
  systemRuntime,
  toConnectorError,
  type FollowedTerm,
  TrendFollower,
} from '@spreadwatch/connectors';
import type { FollowedTermHealth, SourceHealth, SourceStatus } from '@spreadwatch/contracts';
import { Repository } from 'typeorm';

import type { Env } from '../config/env.validation';
import { PipelineService } from '../pipeline/pipeline.service';
import { SourceCursorEntity } from './source-cursor.entity';
import { SOURCES_ENV } from './sources.tokens';

// Two requests at a time per host across all sources: polite, and enough for a handful of tags.
const PER_HOST_CONCURRENCY = 2;
// Repeated failures back off up to this long between polls.
const MAX_ERROR_BACKOFF_MS = 30 * 60_000;
const KEEP_PROBLEMS = 5;

interface RunState {
  entry: ConnectorEntry;
  cursor: string | null;
  running: boolean;
  blockedUntil: number;
  nextPollAt: number | null;
  lastSuccessAt: number | null;
  lastAttemptAt: number | null;
  lastErrorAt: number | null;
  lastError: string | null;
  lastErrorCode: string | null;
  errorCount: number;
  consecutiveErrors: number;
  newestEventMs: number | null;
  observationsTotal: number;
  duplicatesTotal: number;
  problemsTotal: number;
  lastProblems: { where: string; message: string }[];
  rateLimit: FetchResult['rateLimit'];
  /** Discovery connectors: what the last poll reported trending. */
  discovered: string[] | null;
  /** Discovery connectors with followTrending: the bounded, expiring set of followed terms. */
  follower: TrendFollower | null;
  /** Followed term → key of the connector following it. */
  followedKeys: Map<string, string>;
  refused: string[];
  /** Connectors started by discovery: the discovery connector's key and the term. */
  followedBy: { via: string; term: string } | null;
}

/** Lets the scheduler add and remove poll intervals for connectors started or dropped by discovery. */
export interface ScheduleListener {
  add(key: string, everyMs: number): void;
  remove(key: string): void;
}

/**
 * Runs the connectors named in SPREADWATCH_SOURCES: polls page by page, stores each page through the
 * pipeline and only then persists its cursor (a crash re-fetches, never skips; the (source, id) dedupe drops
 * repeats), keeps per-connector health, and runs streaming connectors with the same store-then-cursor rule.
 */
@Injectable()
export class SourcesService implements OnModuleDestroy {
  private readonly logger = new Logger(SourcesService.name);
  private readonly states = new Map<string, RunState>();
  private readonly abort = new AbortController();
  private started = false;
  private listener: ScheduleListener | null = null;

  constructor(
    private readonly config: ConfigService<Env, true>,
    private readonly pipeline: PipelineService,
    @InjectRepository(SourceCursorEntity) private readonly cursors: Repository<SourceCursorEntity>,
    @Inject(SOURCES_ENV) private readonly env: Readonly<Record<string, string | undefined>>,
  ) {}

  /** Loads the sources file and builds the connectors; throws naming the file and field on bad config. */
  async start(): Promise<void> {
    const path = this.config.get('SPREADWATCH_SOURCES', { infer: true });
    if (path === undefined || this.started) return;
    this.started = true;
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (err) {
      throw new Error(`SPREADWATCH_SOURCES: cannot read ${path}: ${(err as Error).message}`);
    }
    const ext = extname(path).toLowerCase();
    const format = ext === '.json' ? 'json' : ext === '.yaml' || ext === '.yml' ? 'yaml' : 'auto';
    let entries: ConnectorEntry[];
    try {
      entries = createConnectors(parseSourcesConfig(text, format), {
        runtime: systemRuntime,
        env: this.env,
        limiter: new HostLimiter(PER_HOST_CONCURRENCY),
      });
    } catch (err) {
      throw new Error(`SPREADWATCH_SOURCES (${path}): ${(err as Error).message}`);
    }
    const saved = await this.cursors.find();
    const byKey = new Map(saved.map((c) => [c.connectorKey, c.cursor]));
    for (const entry of entries) {
      const key = entry.connector.key;
      if (this.states.has(key))
        throw new Error(`SPREADWATCH_SOURCES (${path}): two connectors share the key ${key}`);
      this.states.set(key, newState(entry, byKey.get(key) ?? null));
    }
    for (const s of this.states.values()) {
      const c = s.entry.connector;
      if (c.mode === 'stream') c.start(s.cursor, (batch) => this.store(s, batch));
    }
    this.logger.log(`Sources: ${entries.length} connectors from ${path}`);
  }

  /** Registers who schedules connectors that discovery starts later (the scheduler). */
  onScheduleChange(listener: ScheduleListener): void {
    this.listener = listener;
  }

  /** Keys and intervals of the polling connectors (the scheduler registers one interval each). */
  pollSchedules(): { key: string; everyMs: number }[] {
    return [...this.states.values()]
      .filter((s) => s.entry.connector.mode === 'poll')
      .map((s) => ({ key: s.entry.connector.key, everyMs: s.entry.pollMs }));
  }

  /** One poll: pages until caught up or the per-poll page budget is spent. Never throws. */
  async poll(key: string): Promise<void> {
    const s = this.states.get(key);
    const c = s?.entry.connector;
    if (s === undefined || c === undefined || c.mode !== 'poll' || s.running) return;
    const now = Date.now();
    if (now < s.blockedUntil) return;
    s.running = true;
    s.lastAttemptAt = now;
    try {
      // Followed terms lapse even when discovery keeps failing.
      if (s.follower !== null)
        await this.applyFollow(s, {
          added: [],
          removed: s.follower.expire(now),
          refused: s.refused,
        });
      for (let page = 0; page < s.entry.maxPagesPerPoll; page += 1) {
        if (this.abort.signal.aborted) return;
        const result = await c.fetchSince(s.cursor, this.abort.signal);
        await this.store(s, result);
        if (!result.hasMore) break;
      }
      s.lastSuccessAt = Date.now();
      s.consecutiveErrors = 0;
      s.lastErrorCode = null;
    } catch (err) {
      if (this.abort.signal.aborted) return;
      const e = toConnectorError(err);
      s.errorCount += 1;
      s.consecutiveErrors += 1;
      s.lastError = e.message;
      s.lastErrorCode = e.code;
      s.lastErrorAt = Date.now();
      const backoff = Math.min(
        MAX_ERROR_BACKOFF_MS,
        s.entry.pollMs * 2 ** (s.consecutiveErrors - 1),
      );
      s.blockedUntil = e.retryAt ?? (s.consecutiveErrors > 1 ? Date.now() + backoff : 0);
      this.logger.warn(`${key}: ${e.message}`);
    } finally {
      s.running = false;
      s.rateLimit = s.entry.http?.rateLimit() ?? s.rateLimit;
      s.nextPollAt = Math.max(s.blockedUntil, (s.lastAttemptAt ?? now) + s.entry.pollMs);
    }
  }

  /** Stores a page, then (only then) persists its cursor. */
  private async store(s: RunState, page: FetchResult): Promise<void> {
    if (page.observations.length > 0) {
      const result = await this.pipeline.ingest(page.observations);
      s.observationsTotal += result.accepted;
      s.duplicatesTotal += result.duplicates;
      for (const obs of page.observations) {
        if (obs.type === 'delete') continue;
        const t = Date.parse(obs.ts);
        if (s.newestEventMs === null || t > s.newestEventMs) s.newestEventMs = t;
      }
    }
    if (page.problems.length > 0) {
      s.problemsTotal += page.problems.length;
      s.lastProblems = [...page.problems, ...s.lastProblems].slice(0, KEEP_PROBLEMS);
    }
    if (page.rateLimit !== null) s.rateLimit = page.rateLimit;
    if (page.discovered !== undefined) {
      s.discovered = page.discovered;
      if (s.follower !== null)
        await this.applyFollow(s, s.follower.update(page.discovered, Date.now()));
    }
    if (page.nextCursor !== s.cursor) {
      await this.cursors.upsert(
        { connectorKey: s.entry.connector.key, cursor: page.nextCursor, updatedAt: new Date() },
        ['connectorKey'],
      );
      s.cursor = page.nextCursor;
    }
    if (s.entry.connector.mode === 'stream') s.lastSuccessAt = Date.now();
  }

  /** Starts connectors for newly followed terms and stops (and forgets the cursors of) lapsed ones. */
  private async applyFollow(
    s: RunState,
    change: { added: string[]; removed: string[]; refused: string[] },
  ): Promise<void> {
    s.refused = change.refused;
    const via = s.entry.connector.key;
    for (const term of change.removed) {
      const key = s.followedKeys.get(term);
      s.followedKeys.delete(term);
      const st = key === undefined ? undefined : this.states.get(key);
      if (key === undefined || st?.followedBy?.via !== via) continue;
      this.states.delete(key);
      this.listener?.remove(key);
      const c = st.entry.connector;
      if (c.mode === 'stream') await c.stop();
      // A term followed again later starts from "now", not from a stale cursor.
      await this.cursors.delete({ connectorKey: key });
      this.logger.log(`${via}: stopped following "${term}" (no longer trending)`);
    }
    const spec = s.entry.follow;
    if (spec === undefined) return;
    for (const term of change.added) {
      const entry = spec.create(term);
      const key = entry.connector.key;
      s.followedKeys.set(term, key);
      // Already followed by configuration or another discovery source: nothing to start.
      if (this.states.has(key)) continue;
      const st = newState(entry, null);
      st.followedBy = { via, term };
      this.states.set(key, st);
      const c = entry.connector;
      if (c.mode === 'stream') c.start(null, (batch) => this.store(st, batch));
      else this.listener?.add(key, entry.pollMs);
      this.logger.log(`${via}: following trending "${term}" as ${key}`);
    }
  }

  health(): SourceHealth[] {
    const now = Date.now();
    return [...this.states.values()].map((s) => {
      const c = s.entry.connector;
      const circuit = s.entry.http?.circuitState() ?? null;
      const stream = c.mode === 'stream' ? c.status() : null;
      const rl = s.rateLimit;
      return {
        name: c.key,
        source: c.source,
        type: c.type,
        enabled: true,
        status: statusOf(s, circuit, stream?.connected ?? null, now),
        lastSuccessAt: iso(s.lastSuccessAt),
        lastAttemptAt: iso(s.lastAttemptAt),
        lastErrorAt: iso(s.lastErrorAt),
        lastError: s.lastError ?? stream?.lastError ?? null,
        lagSeconds:
          s.newestEventMs === null ? null : Math.max(0, Math.round((now - s.newestEventMs) / 1000)),
        errorCount: s.errorCount,
        consecutiveErrors: s.consecutiveErrors,
        nextPollAt: c.mode === 'poll' ? iso(s.nextPollAt) : null,
        pollSeconds: c.mode === 'poll' ? s.entry.pollMs / 1000 : null,
        circuit,
        rateLimit:
          rl === null
            ? null
            : { limit: rl.limit, remaining: rl.remaining, resetAt: iso(rl.retryAt ?? rl.resetAt) },
        observationsTotal: s.observationsTotal,
        duplicatesTotal: s.duplicatesTotal,
        problemsTotal: s.problemsTotal,
        lastProblems: s.lastProblems,
        ...(stream === null ? {} : { reconnects: stream.reconnects }),
        ...(s.discovered === null ? {} : { discovered: s.discovered }),
        ...(s.follower === null
          ? {}
          : { following: s.follower.list().map(followedHealth), refused: s.refused }),
        ...this.followedHealth(s),
      };
    });
  }

  private followedHealth(s: RunState): Pick<SourceHealth, 'followed'> {
    if (s.followedBy === null) return {};
    const f = this.states.get(s.followedBy.via)?.follower?.get(s.followedBy.term);
    return f === undefined ? {} : { followed: { ...followedHealth(f), via: s.followedBy.via } };
  }

  async onModuleDestroy(): Promise<void> {
    this.abort.abort();
    for (const s of this.states.values()) {
      const c = s.entry.connector;
      if (c.mode === 'stream') await c.stop();
    }
  }
}

function followedHealth(f: FollowedTerm): FollowedTermHealth {
  return {
    term: f.term,
    since: new Date(f.since).toISOString(),
    lastSeenAt: new Date(f.lastSeenAt).toISOString(),
    expiresAt: new Date(f.expiresAt).toISOString(),
  };
}

function newState(entry: ConnectorEntry, cursor: string | null): RunState {
  const spec = entry.follow;
  return {
    entry,
    cursor,
    running: false,
    blockedUntil: 0,
    nextPollAt: null,
    lastSuccessAt: null,
    lastAttemptAt: null,
    lastErrorAt: null,
    lastError: null,
    lastErrorCode: null,
    errorCount: 0,
    consecutiveErrors: 0,
    newestEventMs: null,
    observationsTotal: 0,
    duplicatesTotal: 0,
    problemsTotal: 0,
    lastProblems: [],
    rateLimit: null,
    discovered: null,
    follower:
      spec === undefined
        ? null
        : new TrendFollower({
            maxFollowed: spec.maxFollowed,
            ttlMs: spec.ttlMs,
            exclude: spec.exclude,
          }),
    followedKeys: new Map(),
    refused: [],
    followedBy: null,
  };
}

function statusOf(
  s: RunState,
  circuit: string | null,
  connected: boolean | null,
  now: number,
): SourceStatus {
  if (connected !== null) return connected ? 'streaming' : 'error';
  if (circuit === 'open') return 'circuit-open';
  if (s.consecutiveErrors > 0) {
    if (s.lastErrorCode === 'rate-limited' && s.blockedUntil > now) return 'rate-limited';
    if (s.lastErrorCode === 'needs-auth' || s.lastErrorCode === 'forbidden') return 'needs-auth';
    return 'error';
  }
  return s.lastSuccessAt === null ? 'idle' : 'ok';
}

function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

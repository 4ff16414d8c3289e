import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { type AlertDraft, SpreadPipeline, type PipelineOutput } from '@spreadwatch/alerting';
import {
  type Alert,
  type DeleteObservation,
  type Observation,
  type PostObservation,
  type TermUpdate,
} from '@spreadwatch/contracts';
import type { ClusterUpdate } from '@spreadwatch/coordination';
import {
  extractTerms,
  systemClock,
  type TermScore,
  type Watchlist,
  WatchlistMatcher,
} from '@spreadwatch/scoring';
import { DataSource, Repository } from 'typeorm';

import { AlertsService } from '../alerts/alerts.service';
import { AlertConfigService } from '../alerts/routing/alert-config.service';
import type { Env } from '../config/env.validation';
import { CoordinationService } from '../coordination/coordination.service';
import { ObservationEntity } from '../ingest/observation.entity';
import { LiveEvents } from '../realtime/live-events';
import { liveDetailOf } from '../terms/scoring-detail';
import { TermsService } from '../terms/terms.service';
import { WatchlistsService } from '../watchlists/watchlists.service';
import { SerialQueue } from '../common/serial-queue';
import { StreamClock } from './stream-clock';

/** How much history (event time) is replayed into the scorer after a restart. */
const WARM_HOURS = 6;

export interface BatchResult {
  accepted: number;
  duplicates: number;
}

/**
 * The live composition of the pure pipeline: stores observations once per (source, id), feeds new ones to
 * the same SpreadPipeline the CLI replays with, persists closed minutes and alert changes in one transaction,
 * then announces them.
 */
@Injectable()
export class PipelineService implements OnModuleInit {
  private readonly logger = new Logger(PipelineService.name);
  private readonly queue = new SerialQueue();
  private readonly pipeline = new SpreadPipeline({});
  /** Same lists as the pipeline's, to store watched terms with each post. */
  private matcher: WatchlistMatcher | null = null;
  readonly clock: StreamClock;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @InjectRepository(ObservationEntity)
    private readonly observations: Repository<ObservationEntity>,
    private readonly terms: TermsService,
    private readonly alerts: AlertsService,
    private readonly alertConfig: AlertConfigService,
    private readonly events: LiveEvents,
    config: ConfigService<Env, true>,
    private readonly coordination: CoordinationService,
    private readonly watchlists: WatchlistsService,
  ) {
    const simulated = config.get('SIMULATOR_ENABLED', { infer: true });
    this.clock = new StreamClock(
      systemClock,
      simulated ? config.get('SIMULATOR_SPEED', { infer: true }) : 1,
    );
  }

  async onModuleInit(): Promise<void> {
    // Stored watchlists (issue #3): matched in every post; an edit applies from the next post on.
    this.useWatchlists(await this.watchlists.active());
    this.watchlists.subscribe((lists) => this.useWatchlists(lists));
    const latest = await this.terms.latestBucket();
    if (latest === null) return;
    const buckets = await this.terms.recent(new Date(latest.getTime() - WARM_HOURS * 3_600_000));
    const firing = await this.alerts.firing();
    this.pipeline.warm(
      buckets.map((b) => ({
        term: b.term,
        start: b.bucketStart.getTime(),
        count: b.count,
        uniqueAuthors: b.uniqueAuthors,
      })),
      firing.map((a): AlertDraft => ({
        fingerprint: a.fingerprint,
        kind: a.kind,
        status: a.status,
        severity: a.severity,
        labels: a.labels,
        ...(a.term === null ? {} : { term: a.term }),
        score: a.score,
        firedAt: a.firedAt.toISOString(),
        resolvedAt: null,
        summary: a.summary,
        evidence: a.evidence,
      })),
    );
    this.clock.observe(latest.getTime() + 60_000);
    this.logger.log(`Warmed scorer with ${buckets.length} buckets, ${firing.length} firing alerts`);
  }

  private useWatchlists(lists: readonly Watchlist[]): void {
    this.pipeline.setWatchlists(lists);
    this.matcher = lists.length === 0 ? null : new WatchlistMatcher(lists);
  }

  /** Stores and scores a batch of validated observations, in order. */
  ingest(batch: readonly Observation[]): Promise<BatchResult> {
    return this.queue.run(() => this.ingestNow(batch));
  }

  /** Closes minutes that event time has passed while no data arrived. */
  tick(): Promise<void> {
    return this.queue.run(async () => {
      const now = this.clock.now();
      if (now === Number.NEGATIVE_INFINITY) return;
      await this.commit(this.pipeline.advanceTo(now));
    });
  }

  private async ingestNow(batch: readonly Observation[]): Promise<BatchResult> {
    const posts: PostObservation[] = [];
    const deletes: DeleteObservation[] = [];
    for (const obs of batch) {
      if (obs.type === 'post') posts.push(obs);
      else if (obs.type === 'delete') deletes.push(obs);
    }
    const fresh = await this.storePosts(posts);
    if (deletes.length > 0) await this.applyDeletes(deletes);

    const scores: TermScore[] = [];
    const drafts: AlertDraft[] = [];
    const clusters: ClusterUpdate[] = [];
    let accepted = 0;
    for (const obs of batch) {
      if (obs.type === 'post' && !fresh.has(keyOf(obs.source, obs.id))) continue;
      if (obs.type === 'delete') continue;
      accepted += 1;
      const out = this.pipeline.ingest(obs);
      this.clock.observe(Date.parse(obs.ts));
      pushAll(scores, out.scores);
      pushAll(drafts, out.alerts);
      if (out.clusters !== undefined) pushAll(clusters, out.clusters);
    }
    await this.commit({ scores, alerts: drafts, clusters });
    return { accepted, duplicates: posts.length - fresh.size };
  }

  /** Inserts posts, skipping (source, id) pairs already stored; returns the keys that were new. */
  private async storePosts(posts: readonly PostObservation[]): Promise<Set<string>> {
    const fresh = new Set<string>();
    const CHUNK = 500;
    for (let i = 0; i < posts.length; i += CHUNK) {
      const rows = posts.slice(i, i + CHUNK).map((p) => ({
        source: p.source,
        id: p.id,
        ts: new Date(p.ts),
        kind: p.kind,
        parentId: p.parentId ?? null,
        authorId: p.author.id,
        authorHandle: p.author.handle ?? null,
        authorCreatedAt: p.author.createdAt == null ? null : new Date(p.author.createdAt),
        text: p.text ?? null,
        terms: this.termsOf(p),
        urls: p.urls ?? null,
        lang: p.lang ?? null,
        metrics: p.metrics ?? null,
      }));
      const result = await this.observations
        .createQueryBuilder()
        .insert()
        .into(ObservationEntity)
        .values(rows)
        .orIgnore()
        .returning(['source', 'id'])
        .execute();
      for (const r of result.raw as { source: string; id: string }[])
        fresh.add(keyOf(r.source, r.id));
    }
    return fresh;
  }

  // Hashtags plus watched terms, so a watched term's drill-down finds its posts.
  private termsOf(post: PostObservation): string[] {
    const terms = extractTerms(post);
    if (this.matcher !== null) terms.length = this.matcher.matchInto(post, terms, terms.length);
    return terms;
  }

  /** A platform deletion removes the post's text and identifiers; the row stays as a tombstone. */
  private async applyDeletes(deletes: readonly DeleteObservation[]): Promise<void> {
    for (const d of deletes) {
      await this.observations.update(
        { source: d.source, id: d.id },
        {
          text: null,
          authorId: null,
          authorHandle: null,
          urls: null,
          parentId: null,
          deletedAt: new Date(),
        },
      );
    }
  }

  private async commit(out: PipelineOutput): Promise<void> {
    const clusters = out.clusters ?? [];
    if (out.scores.length === 0 && out.alerts.length === 0 && clusters.length === 0) return;
    const changed = await this.db.transaction(async (manager): Promise<Alert[]> => {
      await this.terms.store(manager, out.scores);
      // Coordination clusters (issue #5) are stored with the alerts that name them.
      await this.coordination.store(manager, clusters);
      // Declarative rules (issue #6) see the same closed minutes as the velocity engine.
      const ruled = out.scores.length === 0 ? [] : this.alertConfig.rules.evaluate(out.scores);
      return this.alerts.apply(
        manager,
        ruled.length === 0 ? out.alerts : [...out.alerts, ...ruled],
      );
    });
    if (out.scores.length > 0) this.events.emit('terms', toUpdates(out.scores));
    for (const alert of changed) this.events.emit('alert', alert);
  }
}

function keyOf(source: string, id: string): string {
  return `${source}\u0000${id}`;
}

function pushAll<T>(into: T[], from: readonly T[]): void {
  for (const x of from) into.push(x);
}

/** Only the newest closed minute of each term goes to sockets; older ones are history. */
function toUpdates(scores: readonly TermScore[]): TermUpdate[] {
  const newest = new Map<string, TermScore>();
  for (const s of scores) {
    const prev = newest.get(s.term);
    if (prev === undefined || s.bucketStart >= prev.bucketStart) newest.set(s.term, s);
  }
  return [...newest.values()].map((s) => ({
    term: s.term,
    t: new Date(s.bucketStart).toISOString(),
    count: s.count,
    uniqueAuthors: s.uniqueAuthors,
    rate: s.rate,
    baseline: s.baseline,
    score: s.score,
    velocity: s.velocity,
    ...liveDetailOf(s),
    related: s.related,
  }));
}

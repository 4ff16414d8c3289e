import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { TermScore } from '@spreadwatch/scoring';
import type { TermPoint, TermPost, TermSeries, TermSummary } from '@spreadwatch/contracts';
import { type EntityManager, Repository } from 'typeorm';

import { detailOf, gapDetailOf, type StoredScoringDetail, storedDetailOf } from './scoring-detail';
import { TermBucketEntity } from './term-bucket.entity';

const MINUTE = 60_000;
const SPARKLINE_MINUTES = 30;
/** A term counts as "current" on the board if it has a scored minute this recently (event time). */
const CURRENT_MINUTES = 10;

interface LatestRow {
  term: string;
  bucket_start: Date;
  count: number;
  rate: number;
  baseline: number;
  velocity: number;
  score: number;
  baseline_lower: number | null;
  baseline_upper: number | null;
  acceleration: number | null;
  first_time_authors: number | null;
  repost_share: number | null;
  robust_z: number | null;
  burst_level: number | null;
  detectors: StoredScoringDetail['detectors'];
  forecast: StoredScoringDetail['forecast'];
  related: string[] | null;
}

// Scoring detail columns (ADR 0005), in raw-SQL and upsert form.
const DETAIL_COLUMNS = [
  'baseline_lower',
  'baseline_upper',
  'acceleration',
  'first_time_authors',
  'repost_share',
  'robust_z',
  'burst_level',
  'detectors',
  'forecast',
  'related',
];

@Injectable()
export class TermsService {
  constructor(
    @InjectRepository(TermBucketEntity) private readonly buckets: Repository<TermBucketEntity>,
  ) {}

  /** Newest closed minute in event time, or null before any data. */
  async latestBucket(): Promise<Date | null> {
    const rows: { latest: Date | null }[] = await this.buckets.query(
      'SELECT max(bucket_start) AS latest FROM term_buckets',
    );
    return rows[0]?.latest ?? null;
  }

  async top(limit: number): Promise<TermSummary[]> {
    const latest = await this.latestBucket();
    if (latest === null) return [];
    const since = new Date(latest.getTime() - CURRENT_MINUTES * MINUTE);
    const rows: LatestRow[] = await this.buckets.query(
      `SELECT * FROM (
         SELECT DISTINCT ON (term) term, bucket_start, count, rate, baseline, velocity, score,
           ${DETAIL_COLUMNS.join(', ')}
         FROM term_buckets WHERE bucket_start >= $1
         ORDER BY term, bucket_start DESC) latest
       ORDER BY score DESC, rate DESC LIMIT $2`,
      [since, limit],
    );
    if (rows.length === 0) return [];
    const sparkFrom = latest.getTime() - (SPARKLINE_MINUTES - 1) * MINUTE;
    const spark: { term: string; bucket_start: Date; count: number }[] = await this.buckets.query(
      `SELECT term, bucket_start, count FROM term_buckets
       WHERE term = ANY($1) AND bucket_start >= $2`,
      [rows.map((r) => r.term), new Date(sparkFrom)],
    );
    const lines = new Map(rows.map((r) => [r.term, new Array<number>(SPARKLINE_MINUTES).fill(0)]));
    for (const s of spark) {
      const i = Math.round((s.bucket_start.getTime() - sparkFrom) / MINUTE);
      const line = lines.get(s.term);
      if (line !== undefined && i >= 0 && i < SPARKLINE_MINUTES) line[i] = s.count;
    }
    return rows.map((r) => ({
      term: r.term,
      lastCount: r.count,
      rate: r.rate,
      baseline: r.baseline,
      velocity: r.velocity,
      score: r.score,
      updatedAt: r.bucket_start.toISOString(),
      sparkline: lines.get(r.term) ?? [],
      ...detailOf(
        {
          baselineLower: r.baseline_lower,
          baselineUpper: r.baseline_upper,
          acceleration: r.acceleration,
          firstTimeAuthors: r.first_time_authors,
          repostShare: r.repost_share,
          robustZ: r.robust_z,
          burstLevel: r.burst_level,
          detectors: r.detectors,
          forecast: r.forecast,
          related: r.related,
        },
        r.baseline,
      ),
      related: r.related ?? [],
    }));
  }

  /** The term's scored minutes over the last `minutes` of event time, with empty minutes filled in. */
  async series(term: string, minutes: number): Promise<TermSeries> {
    const latest = await this.latestBucket();
    if (latest === null) return { term, bucket: '1m', points: [] };
    const from = latest.getTime() - (minutes - 1) * MINUTE;
    const rows = await this.buckets
      .createQueryBuilder('b')
      .where('b.term = :term AND b.bucket_start >= :from', { term, from: new Date(from) })
      .orderBy('b.bucket_start', 'ASC')
      .getMany();
    const points: TermPoint[] = [];
    let i = 0;
    let prev: TermBucketEntity | undefined;
    for (let t = from; t <= latest.getTime(); t += MINUTE) {
      const row = rows[i];
      if (row !== undefined && row.bucketStart.getTime() === t) {
        points.push({
          t: new Date(t).toISOString(),
          count: row.count,
          uniqueAuthors: row.uniqueAuthors,
          rate: row.rate,
          baseline: row.baseline,
          score: row.score,
          ...detailOf(row, row.baseline),
        });
        prev = row;
        i += 1;
      } else if (prev !== undefined) {
        // A minute the scorer did not emit had no posts; the model's expectation carries over.
        points.push({
          t: new Date(t).toISOString(),
          count: 0,
          uniqueAuthors: 0,
          rate: prev.rate,
          baseline: prev.baseline,
          score: 0,
          ...gapDetailOf(prev, prev.baseline),
        });
      }
    }
    return { term, bucket: '1m', points };
  }

  /** Upserts closed minutes inside the caller's transaction. */
  async store(manager: EntityManager, scores: readonly TermScore[]): Promise<void> {
    const CHUNK = 1_000;
    for (let i = 0; i < scores.length; i += CHUNK) {
      const rows = scores.slice(i, i + CHUNK).map((s) => ({
        term: s.term,
        bucketStart: new Date(s.bucketStart),
        count: s.count,
        uniqueAuthors: s.uniqueAuthors,
        rate: s.rate,
        baseline: s.baseline,
        velocity: s.velocity,
        score: s.score,
        ...storedDetailOf(s),
      }));
      await manager
        .createQueryBuilder()
        .insert()
        .into(TermBucketEntity)
        .values(rows)
        .orUpdate(
          ['count', 'unique_authors', 'rate', 'baseline', 'velocity', 'score', ...DETAIL_COLUMNS],
          ['term', 'bucket_start'],
        )
        .execute();
    }
  }

  /**
   * Newest stored posts carrying `term`, newest first. Deleted and retention-purged posts are skipped;
   * only text and link strings leave the server (metadata only).
   */
  async posts(term: string, limit: number): Promise<TermPost[]> {
    const rows: {
      source: string;
      id: string;
      ts: Date;
      kind: string;
      author_id: string | null;
      author_handle: string | null;
      text: string | null;
      urls: unknown;
      lang: string | null;
    }[] = await this.buckets.query(
      `SELECT source, id, ts, kind, author_id, author_handle, text, urls, lang FROM observations
       WHERE $1 = ANY(terms) AND deleted_at IS NULL AND author_id IS NOT NULL
       ORDER BY ts DESC LIMIT $2`,
      [term, limit],
    );
    return rows.map((r) => ({
      source: r.source,
      id: r.id,
      ts: r.ts.toISOString(),
      kind: r.kind,
      authorId: r.author_id,
      authorHandle: r.author_handle,
      text: r.text,
      urls: Array.isArray(r.urls) ? r.urls.filter((u): u is string => typeof u === 'string') : [],
      lang: r.lang,
    }));
  }

  async recent(since: Date): Promise<TermBucketEntity[]> {
    return this.buckets
      .createQueryBuilder('b')
      .where('b.bucket_start >= :since', { since })
      .orderBy('b.bucket_start', 'ASC')
      .getMany();
  }
}

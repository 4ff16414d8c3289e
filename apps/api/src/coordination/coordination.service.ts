import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import {
  type AccountScore,
  type Cluster,
  type ClusterPage,
  type ClusterSummary,
  type TermPicture,
} from '@spreadwatch/contracts';
import { coordinationLabels, fingerprint, velocityFingerprint } from '@spreadwatch/alerting';
import type { ClusterUpdate } from '@spreadwatch/coordination';
import { type EntityManager, Repository } from 'typeorm';

import { AlertEntity } from '../alerts/alert.entity';
import { AccountScoreEntity } from './account-score.entity';
import { ClusterEntity } from './cluster.entity';

export function toCluster(e: ClusterEntity): Cluster {
  const { edgeList, ...evidence } = e.evidence;
  return {
    id: e.id,
    status: e.status,
    accounts: e.accounts,
    size: e.size,
    score: e.score,
    terms: e.terms,
    firstActivity: e.firstActivity.toISOString(),
    lastActivity: e.lastActivity.toISOString(),
    flaggedAt: e.flaggedAt.toISOString(),
    evidence,
    members: e.members,
    edges: edgeList ?? [],
  };
}

export function toSummary(e: ClusterEntity): ClusterSummary {
  return {
    id: e.id,
    status: e.status,
    accounts: e.accounts,
    size: e.size,
    score: e.score,
    terms: e.terms,
    firstActivity: e.firstActivity.toISOString(),
    lastActivity: e.lastActivity.toISOString(),
    flaggedAt: e.flaggedAt.toISOString(),
    topTerm: e.topTerm,
    amplificationShare: e.amplificationShare,
  };
}

function toAccountScore(e: AccountScoreEntity): AccountScore {
  return {
    accountId: e.accountId,
    handle: e.handle,
    score: e.score,
    bias: e.bias,
    attributions: e.attributions,
    observedPosts: e.observedPosts,
    asOf: e.asOf.toISOString(),
    clusterId: e.clusterId,
  };
}

/** Stores clusters the pipeline reports and serves them (and members' bot-likeness) to the dashboard. */
@Injectable()
export class CoordinationService {
  constructor(
    @InjectRepository(ClusterEntity) private readonly clusters: Repository<ClusterEntity>,
    @InjectRepository(AccountScoreEntity) private readonly scores: Repository<AccountScoreEntity>,
    @InjectRepository(AlertEntity) private readonly alerts: Repository<AlertEntity>,
  ) {}

  /** Upserts cluster updates and their members' scores inside the caller's transaction. */
  async store(manager: EntityManager, updates: readonly ClusterUpdate[]): Promise<void> {
    if (updates.length === 0) return;
    const clusterRepo = manager.getRepository(ClusterEntity);
    const scoreRepo = manager.getRepository(AccountScoreEntity);
    for (const { cluster } of updates) {
      const top = cluster.evidence.terms[0];
      await clusterRepo.upsert(
        {
          id: cluster.id,
          status: cluster.status,
          size: cluster.size,
          score: cluster.score,
          accounts: cluster.accounts,
          terms: cluster.terms,
          topTerm: top?.term ?? null,
          amplificationShare: top?.amplificationShare ?? 0,
          firstActivity: new Date(cluster.firstActivity),
          lastActivity: new Date(cluster.lastActivity),
          flaggedAt: new Date(cluster.flaggedAt),
          evidence: { ...cluster.evidence, edgeList: cluster.edges ?? [] },
          members: cluster.members,
        },
        ['id'],
      );
      if (cluster.status !== 'active' || cluster.members.length === 0) continue;
      await scoreRepo.upsert(
        cluster.members.map((m) => ({
          accountId: m.accountId,
          handle: m.handle,
          score: m.score,
          bias: m.bias,
          attributions: m.attributions,
          observedPosts: m.observedPosts,
          asOf: new Date(m.asOf),
          clusterId: cluster.id,
        })),
        ['accountId'],
      );
    }
  }

  /** Clusters by latest activity, newest first; `cursor` is an offset from a previous page. */
  async page(limit: number, cursor: number, term?: string): Promise<ClusterPage> {
    const query = this.clusters
      .createQueryBuilder('c')
      .orderBy('c.last_activity', 'DESC')
      .addOrderBy('c.id', 'ASC')
      .offset(cursor)
      .limit(limit + 1);
    if (term !== undefined) query.where(':term = ANY(c.terms)', { term });
    const rows = await query.getMany();
    return {
      items: rows.slice(0, limit).map(toSummary),
      nextCursor: rows.length > limit ? cursor + limit : null,
    };
  }

  async get(id: string): Promise<Cluster> {
    const row = await this.clusters.findOne({ where: { id } });
    if (row === null) throw new NotFoundException(`cluster ${id} not found`);
    return toCluster(row);
  }

  async account(id: string): Promise<AccountScore> {
    const row = await this.scores.findOne({ where: { accountId: id } });
    if (row === null)
      throw new NotFoundException(`account ${id} has no bot-likeness score (never in a cluster)`);
    return toAccountScore(row);
  }

  /** The composite picture of a term: its velocity alert, the clusters pushing it and their share. */
  async termClusters(term: string): Promise<{ picture: TermPicture; clusters: ClusterSummary[] }> {
    const rows = await this.clusters
      .createQueryBuilder('c')
      .where(':term = ANY(c.terms)', { term })
      .orderBy('c.last_activity', 'DESC')
      .limit(50)
      .getMany();
    const clusters = rows.map(toSummary);
    const active = rows.filter((r) => r.status === 'active');
    const velocity = velocityFingerprint(term);
    const firingVelocity = await this.alerts.count({
      where: { fingerprint: velocity, status: 'firing' },
    });
    let share = 0;
    for (const r of active) {
      for (const t of r.evidence.terms)
        if (t.term === term && t.amplificationShare > share) share = t.amplificationShare;
    }
    return {
      picture: {
        term,
        velocityFingerprint: firingVelocity > 0 ? velocity : null,
        coordinationFingerprints: active.map((r) => fingerprint(coordinationLabels(r.id))),
        clusterIds: active.map((r) => r.id),
        amplificationShare: share,
      },
      clusters,
    };
  }
}

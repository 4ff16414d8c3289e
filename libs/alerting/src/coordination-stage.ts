import type { Cluster, Severity, TermPicture } from '@spreadwatch/contracts';
import type { PostObservation } from '@spreadwatch/contracts';
import {
  type ClusterUpdate,
  type CoordinationConfig,
  CoordinationDetector,
} from '@spreadwatch/coordination';

import { fingerprint } from './fingerprint';
import type { AlertDraft } from './types';
import { velocityLabels } from './velocity-alert-engine';

const NO_UPDATES: readonly ClusterUpdate[] = Object.freeze([]);
// Cap on accounts named in one alert; the full list is on the cluster (REST).
const MAX_ALERT_ACCOUNTS = 200;
// A coordination alert is critical when a sizeable group makes up at least half of a term's recent volume.
const CRITICAL_SIZE = 10;
const CRITICAL_SHARE = 0.5;

export interface CoordinationStageOptions {
  config?: Partial<CoordinationConfig>;
}

/** What the coordination stage produced at one step. */
export interface CoordinationStageOutput {
  clusters: readonly ClusterUpdate[];
  alerts: AlertDraft[];
}

/** Labels of a coordination alert; one alert episode per cluster. */
export function coordinationLabels(clusterId: string): Record<string, string> {
  return { alertname: 'CoordinatedAmplification', kind: 'coordination', cluster: clusterId };
}

/**
 * The coordination step of SpreadPipeline: feeds posts to the pure CoordinationDetector, turns cluster
 * changes into `coordination` alert drafts (firing on a new cluster, updated when it changes, resolved when it
 * disbands), and cross-references velocity alerts on the same term both ways (`evidence.relatedAlerts`,
 * `evidence.amplificationShare`) so an analyst sees one picture per term.
 */
export class CoordinationStage {
  readonly detector: CoordinationDetector;
  private readonly firing = new Map<string, AlertDraft>();
  // Alerts restored after a restart, resolved if their cluster is not found again in time.
  private readonly restored = new Map<string, number>();

  constructor(options: CoordinationStageOptions = {}) {
    this.detector = new CoordinationDetector(options.config);
  }

  observePost(post: PostObservation, ts: number): void {
    this.detector.observePost(post, ts);
  }

  /**
   * Advances event time; on an evaluation returns cluster updates and alert drafts. `velocity` lists the
   * velocity drafts of this step and `firingVelocity` those still firing: both get cross-referenced.
   */
  advance(
    now: number,
    velocity: AlertDraft[],
    firingVelocity: () => readonly AlertDraft[],
  ): CoordinationStageOutput {
    const updates = this.detector.advanceTo(now);
    if (updates.length === 0 && velocity.length === 0 && this.restored.size === 0) {
      return { clusters: NO_UPDATES, alerts: velocity };
    }
    const alerts: AlertDraft[] = [];
    const firingByTerm = new Map<string, AlertDraft>();
    if (updates.length > 0 || velocity.length > 0) {
      for (const v of firingVelocity()) if (v.term !== undefined) firingByTerm.set(v.term, v);
      for (const v of velocity)
        if (v.term !== undefined && v.status === 'firing') firingByTerm.set(v.term, v);
    }
    const touchedTerms = new Set<string>();
    for (const update of updates) {
      const draft = this.draft(update, firingByTerm);
      if (draft === null) continue;
      alerts.push(draft);
      for (const t of update.cluster.terms) touchedTerms.add(t);
    }
    this.resolveRestored(now, alerts);
    // Velocity drafts of this step carry the clusters pushing their term; a firing velocity alert whose term a
    // cluster just started (or stopped) pushing is re-emitted with the cross-reference.
    const emitted = new Set<string>();
    const out: AlertDraft[] = [];
    for (const v of velocity) {
      out.push(this.annotateVelocity(v));
      if (v.term !== undefined) emitted.add(v.term);
    }
    for (const term of touchedTerms) {
      const v = firingByTerm.get(term);
      if (v !== undefined && !emitted.has(term)) out.push(this.annotateVelocity(v));
    }
    for (const a of alerts) out.push(a);
    return { clusters: updates, alerts: out };
  }

  /** Re-arms firing coordination alerts after a restart (others are ignored). */
  restore(active: readonly AlertDraft[], now: number): void {
    for (const draft of active) {
      if (draft.kind !== 'coordination' || draft.status !== 'firing') continue;
      const id = draft.labels['cluster'];
      if (id === undefined) continue;
      this.firing.set(id, draft);
      this.restored.set(id, now);
    }
  }

  /** One picture of a term: its velocity alert, the clusters pushing it and their share of its volume. */
  termPicture(term: string, firingVelocity: readonly AlertDraft[]): TermPicture {
    const clusters = this.clustersPushing(term);
    const velocity = firingVelocity.find((v) => v.term === term);
    return {
      term,
      velocityFingerprint: velocity?.fingerprint ?? null,
      coordinationFingerprints: clusters.map((c) => fingerprint(coordinationLabels(c.id))),
      clusterIds: clusters.map((c) => c.id),
      amplificationShare: maxShare(clusters, term),
    };
  }

  private clustersPushing(term: string): Cluster[] {
    return this.detector.activeClusters().filter((c) => c.terms.includes(term));
  }

  private annotateVelocity(v: AlertDraft): AlertDraft {
    if (v.term === undefined) return v;
    const clusters = this.clustersPushing(v.term);
    if (clusters.length === 0) return v;
    return {
      ...v,
      evidence: {
        ...v.evidence,
        amplificationShare: maxShare(clusters, v.term),
        clusterIds: clusters.map((c) => c.id),
        relatedAlerts: clusters.map((c) => fingerprint(coordinationLabels(c.id))),
      },
    };
  }

  private draft(update: ClusterUpdate, firingByTerm: Map<string, AlertDraft>): AlertDraft | null {
    const cluster = update.cluster;
    const labels = coordinationLabels(cluster.id);
    const previous = this.firing.get(cluster.id);
    this.restored.delete(cluster.id);
    if (update.change === 'resolved') {
      if (previous === undefined) return null;
      this.firing.delete(cluster.id);
      return {
        ...previous,
        status: 'resolved',
        resolvedAt:
          cluster.lastActivity > previous.firedAt ? cluster.lastActivity : previous.firedAt,
        summary: `The group of ${cluster.size} accounts around ${cluster.terms[0] ?? 'no term'} stopped acting together.`,
      };
    }
    const topTerm = cluster.evidence.terms[0];
    const share = topTerm?.amplificationShare ?? 0;
    let severity: Severity =
      cluster.size >= CRITICAL_SIZE && share >= CRITICAL_SHARE ? 'critical' : 'warning';
    // Escalate only, as velocity alerts do.
    if (previous?.severity === 'critical') severity = 'critical';
    const related = cluster.terms
      .map((t) => firingByTerm.get(t)?.fingerprint)
      .filter((f): f is string => f !== undefined);
    const evidence = cluster.evidence;
    const draft: AlertDraft = {
      fingerprint: fingerprint(labels),
      kind: 'coordination',
      status: 'firing',
      severity,
      labels,
      ...(topTerm === undefined ? {} : { term: topTerm.term }),
      accounts: cluster.accounts.slice(0, MAX_ALERT_ACCOUNTS),
      score: cluster.score,
      firedAt: previous?.firedAt ?? cluster.flaggedAt,
      resolvedAt: null,
      summary: summarize(cluster),
      evidence: {
        statistic: 'coaction_edge_weight',
        threshold: evidence.edgeThreshold,
        uniqueAuthors: cluster.size,
        clusterId: cluster.id,
        clusterSize: cluster.size,
        amplificationShare: share,
        relatedAlerts: related,
        firstActivity: cluster.firstActivity,
        lastActivity: cluster.lastActivity,
        botLikeness: cluster.members.slice(0, 10).map((m) => ({ id: m.accountId, score: m.score })),
        ...evidence,
      },
    };
    this.firing.set(cluster.id, draft);
    return draft;
  }

  private resolveRestored(now: number, out: AlertDraft[]): void {
    const after = this.detector.config.resolveAfterMs;
    for (const [id, since] of this.restored) {
      if (now - since < after) continue;
      this.restored.delete(id);
      const draft = this.firing.get(id);
      this.firing.delete(id);
      if (draft === undefined) continue;
      out.push({
        ...draft,
        status: 'resolved',
        resolvedAt: new Date(now).toISOString(),
        summary: `${draft.summary.split(':')[0] ?? 'A coordinated group'}: not seen again after a restart; resolved.`,
      });
    }
  }
}

function maxShare(clusters: readonly Cluster[], term: string): number {
  let best = 0;
  for (const c of clusters) {
    for (const t of c.evidence.terms)
      if (t.term === term && t.amplificationShare > best) best = t.amplificationShare;
  }
  return best;
}

function summarize(cluster: Cluster): string {
  const e = cluster.evidence;
  const top = e.terms[0];
  const terms = cluster.terms.slice(0, 3).join(', ');
  const share =
    top === undefined
      ? ''
      : `; they made ${Math.round(top.amplificationShare * 100)}% of ${top.term}'s posts in the last ${e.windowMinutes} min`;
  return (
    `${cluster.size} accounts are acting together${terms.length > 0 ? ` on ${terms}` : ''}: ` +
    `${e.coactions} co-actions, ${Math.round(e.fastShare * 100)}% within 5 s${share}.`
  );
}

/** The velocity fingerprint of a term (for cross-references made outside the pipeline). */
export function velocityFingerprint(term: string): string {
  return fingerprint(velocityLabels(term));
}

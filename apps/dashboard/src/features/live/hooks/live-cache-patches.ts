import type {
  Alert,
  AlertActivity,
  AlertPage,
  TermPoint,
  TermSeries,
  TermSummary,
  TermUpdate,
} from '@spreadwatch/contracts';
import type { QueryClient } from '@tanstack/react-query';

import { queryKeys } from '../../../lib/query-keys';
import { applyActivity, type InboxData, mergeAlerts } from '../../alerts/api/inbox-store';

/** Alerts kept in the live list; older ones are a page fetch away. */
export const MAX_LIVE_ALERTS = 200;
/** Points in a term's sparkline: 30 one-minute buckets. */
export const SPARKLINE_POINTS = 30;
const MINUTE_MS = 60_000;

/**
 * Puts a pushed alert at the top of a page. An alert that changed (e.g. resolved) replaces its older copy;
 * a copy with an older or equal seq (a resume replaying what we have) is ignored.
 */
export const prependAlert = (page: AlertPage, alert: Alert, max = MAX_LIVE_ALERTS): AlertPage => {
  const existing = page.items.find((item) => item.id === alert.id);
  if (existing !== undefined && existing.seq >= alert.seq) return page;
  const items = [alert, ...page.items.filter((item) => item.id !== alert.id)]
    .sort((a, b) => b.seq - a.seq)
    .slice(0, max);
  return { ...page, items };
};

/** Newest seq in a page, or undefined when it is empty. */
export const latestSeq = (page: AlertPage | undefined): number | undefined =>
  page?.items.reduce<number | undefined>(
    (max, item) => (max === undefined || item.seq > max ? item.seq : max),
    undefined,
  );

const appendSparkline = (sparkline: number[], count: number, replaceLast: boolean): number[] => {
  const base = replaceLast ? sparkline.slice(0, -1) : sparkline;
  return [...base, count].slice(-SPARKLINE_POINTS);
};

// Scoring detail and related terms a pushed minute carries onto the board row (ADR 0005).
const DETAIL_KEYS = [
  'baselineLower',
  'baselineUpper',
  'acceleration',
  'firstTimeAuthors',
  'repostShare',
  'robustZ',
  'burstLevel',
  'detectors',
  'forecast',
  'related',
] as const satisfies readonly (keyof TermUpdate & keyof TermSummary)[];

type SummaryDetail = Pick<TermSummary, (typeof DETAIL_KEYS)[number]>;

/** The detail fields the update has; absent ones (older producers) keep the row's previous values. */
const detailOf = (update: TermUpdate): SummaryDetail => {
  const detail: Record<string, unknown> = {};
  for (const key of DETAIL_KEYS) if (update[key] !== undefined) detail[key] = update[key];
  return detail;
};

export const summaryFromUpdate = (
  update: TermUpdate,
  previous: TermSummary | undefined,
): TermSummary => {
  if (previous === undefined) {
    return {
      term: update.term,
      lastCount: update.count,
      rate: update.rate,
      baseline: update.baseline,
      velocity: update.velocity,
      score: update.score,
      updatedAt: update.t,
      sparkline: [update.count],
      ...detailOf(update),
    };
  }
  const updateMs = Date.parse(update.t);
  const previousMs = Date.parse(previous.updatedAt);
  // A late copy of an older minute must not overwrite the newer state.
  if (updateMs < previousMs) return previous;
  return {
    ...previous,
    lastCount: update.count,
    rate: update.rate,
    baseline: update.baseline,
    velocity: update.velocity,
    score: update.score,
    updatedAt: update.t,
    sparkline: appendSparkline(previous.sparkline, update.count, updateMs === previousMs),
    ...detailOf(update),
  };
};

/**
 * Merges one closed minute into the top-terms board: known terms move on, new terms may enter,
 * and the board is re-ranked by score and kept at `limit` rows.
 */
export const mergeTopTerms = (
  terms: TermSummary[],
  updates: readonly TermUpdate[],
  limit: number,
): TermSummary[] => {
  if (updates.length === 0) return terms;
  const byTerm = new Map(terms.map((summary) => [summary.term, summary]));
  for (const update of updates) {
    byTerm.set(update.term, summaryFromUpdate(update, byTerm.get(update.term)));
  }
  return [...byTerm.values()].sort((a, b) => b.score - a.score).slice(0, limit);
};

// Everything a series point has: counts, baseline band, burst level, detectors and forecast (issue #3).
const toPoint = (update: TermUpdate): TermPoint => {
  const { term: _term, velocity: _velocity, related: _related, ...point } = update;
  return point;
};

/**
 * Merges pushed minutes into one term's series: a minute already present is replaced, a newer one is
 * appended, and points older than `minutes` before the newest are dropped (event time, not wall time,
 * so replays behave like live).
 */
export const mergeSeries = (
  series: TermSeries,
  updates: readonly TermUpdate[],
  minutes: number,
): TermSeries => {
  const mine = updates.filter((update) => update.term === series.term);
  if (mine.length === 0) return series;
  const byTime = new Map(series.points.map((point) => [Date.parse(point.t), point]));
  for (const update of mine) {
    byTime.set(Date.parse(update.t), toPoint(update));
  }
  const sorted = [...byTime.entries()].sort(([a], [b]) => a - b);
  const newest = sorted.at(-1)?.[0] ?? 0;
  const oldestKept = newest - (minutes - 1) * MINUTE_MS;
  return {
    ...series,
    points: sorted.filter(([t]) => t >= oldestKept).map(([, point]) => point),
  };
};

/** Writes a pushed alert into every cached alert list. */
export const patchCacheWithAlert = (queryClient: QueryClient, alert: Alert): void => {
  patchCacheWithAlerts(queryClient, [alert]);
};

/** Writes a batch of pushed alerts into the feed pages and the inbox in one pass each. */
export const patchCacheWithAlerts = (queryClient: QueryClient, alerts: readonly Alert[]): void => {
  if (alerts.length === 0) return;
  for (const [queryKey, page] of queryClient.getQueriesData<AlertPage>({
    queryKey: ['alerts', 'list'],
  })) {
    if (page === undefined) continue;
    queryClient.setQueryData<AlertPage>(queryKey, {
      ...page,
      items: mergeAlerts(page.items, alerts, MAX_LIVE_ALERTS),
    });
  }
  queryClient.setQueryData<InboxData>(queryKeys.alerts.inbox, (inbox) =>
    inbox === undefined ? inbox : { ...inbox, alerts: mergeAlerts(inbox.alerts, alerts) },
  );
};

/** Writes a pushed minute into the cached top-terms boards and the series of the terms it covers. */
export const patchCacheWithTermUpdates = (
  queryClient: QueryClient,
  updates: readonly TermUpdate[],
): void => {
  if (updates.length === 0) return;
  for (const [queryKey, terms] of queryClient.getQueriesData<TermSummary[]>({
    queryKey: queryKeys.terms.topAll,
  })) {
    // Keys are ['terms', 'top', limit] (see query-keys.ts).
    const [, , limit] = queryKey;
    if (terms === undefined || typeof limit !== 'number') continue;
    queryClient.setQueryData<TermSummary[]>(queryKey, mergeTopTerms(terms, updates, limit));
  }
  for (const term of new Set(updates.map((update) => update.term))) {
    for (const [queryKey, series] of queryClient.getQueriesData<TermSeries>({
      queryKey: queryKeys.terms.seriesOf(term),
    })) {
      // Keys are ['terms', 'series', term, minutes].
      const [, , , minutes] = queryKey;
      if (series === undefined || typeof minutes !== 'number') continue;
      queryClient.setQueryData<TermSeries>(queryKey, mergeSeries(series, updates, minutes));
    }
  }
};

/** Reflects someone's acknowledge/assign/resolve (socket `alert:activity`) in every cached copy of the alert. */
export const patchCacheWithActivity = (queryClient: QueryClient, activity: AlertActivity): void => {
  const patch = (alerts: Alert[]): Alert[] =>
    alerts.map((alert) => (alert.id === activity.alertId ? applyActivity(alert, activity) : alert));
  for (const [queryKey, page] of queryClient.getQueriesData<AlertPage>({
    queryKey: ['alerts', 'list'],
  })) {
    if (page !== undefined)
      queryClient.setQueryData<AlertPage>(queryKey, { ...page, items: patch(page.items) });
  }
  queryClient.setQueryData<InboxData>(queryKeys.alerts.inbox, (inbox) =>
    inbox === undefined ? inbox : { ...inbox, alerts: patch(inbox.alerts) },
  );
};

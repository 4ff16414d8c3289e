import type { Alert, AlertActivity, LifecycleState } from '@spreadwatch/contracts';

/** The inbox's cached list: every loaded alert, newest seq first, plus the cursor for older ones. */
export interface InboxData {
  alerts: Alert[];
  /** Pass as `before` to load older alerts; null when everything is loaded. */
  nextCursor: number | null;
}

/** Hard cap on alerts held in the browser; older ones are dropped from the bottom. */
export const MAX_INBOX_ALERTS = 20_000;

/**
 * Merges a batch of pushed or fetched alerts into a list sorted by seq (newest first). The same alert id
 * keeps only its newest copy (highest seq); older or equal copies are ignored. O(n + k log k), so a
 * burst of thousands is merged once per flush rather than once per alert.
 */
export const mergeAlerts = (
  current: readonly Alert[],
  incoming: readonly Alert[],
  max = MAX_INBOX_ALERTS,
): Alert[] => {
  if (incoming.length === 0) return current as Alert[];
  const newest = new Map<string, Alert>();
  for (const alert of incoming) {
    const seen = newest.get(alert.id);
    if (seen === undefined || alert.seq > seen.seq) newest.set(alert.id, alert);
  }
  const replaced = new Set<string>();
  for (const alert of current) {
    const update = newest.get(alert.id);
    if (update !== undefined) {
      if (update.seq <= alert.seq) newest.delete(alert.id);
      else replaced.add(alert.id);
    }
  }
  if (newest.size === 0) return current as Alert[];
  const added = [...newest.values()].sort((a, b) => b.seq - a.seq);
  const merged: Alert[] = [];
  let i = 0;
  let j = 0;
  while ((i < current.length || j < added.length) && merged.length < max) {
    const left = current[i];
    const right = added[j];
    if (left !== undefined && replaced.has(left.id)) {
      i += 1;
      continue;
    }
    if (right === undefined || (left !== undefined && left.seq > right.seq)) {
      merged.push(left as Alert);
      i += 1;
    } else {
      merged.push(right);
      j += 1;
    }
  }
  return merged;
};

/** Human handling state (#6 `lifecycle`), else the detector's status. */
export const lifecycleOf = (alert: Alert): string => alert.lifecycle?.state ?? alert.status;

export const assigneeOf = (alert: Alert): string | undefined =>
  alert.lifecycle?.assignee ?? undefined;

/** The route/group an alert was delivered under (#6), else its kind. */
export const groupOf = (alert: Alert, groupBy: string): string => {
  if (groupBy === 'none') return '';
  if (groupBy === 'route') {
    const raw = alert as unknown as Record<string, unknown>;
    const route = raw['route'] ?? raw['receiver'] ?? alert.labels['receiver'];
    return typeof route === 'string' && route !== '' ? route : 'default';
  }
  if (groupBy === 'term') return alert.term ?? alert.labels['term'] ?? '(no term)';
  if (groupBy === 'severity') return alert.severity;
  if (groupBy === 'kind') return alert.kind;
  return alert.labels[groupBy] ?? '(none)';
};

export interface InboxFilters {
  /** '' all; 'open' not resolved; or a lifecycle state. */
  state: string;
  severity: string;
  kind: string;
  /** Case-insensitive substring of term, summary or labels. */
  q: string;
}

export const matchesFilters = (alert: Alert, filters: InboxFilters): boolean => {
  const state = lifecycleOf(alert);
  if (filters.state === 'open' && (state === 'resolved' || alert.status === 'resolved'))
    return false;
  if (filters.state !== '' && filters.state !== 'open' && state !== filters.state) return false;
  if (filters.severity !== '' && alert.severity !== filters.severity) return false;
  if (filters.kind !== '' && alert.kind !== filters.kind) return false;
  if (filters.q !== '') {
    const q = filters.q.toLowerCase();
    const haystack = `${alert.term ?? ''} ${alert.summary} ${Object.values(alert.labels).join(' ')}`;
    if (!haystack.toLowerCase().includes(q)) return false;
  }
  return true;
};

export type InboxRow =
  | { type: 'group'; key: string; label: string; count: number }
  | { type: 'alert'; key: string; alert: Alert };

/**
 * Filters and groups for the virtual list: one header row per group (in order of each group's newest
 * alert), then its alerts newest first. Ungrouped lists have no header rows.
 */
export const buildInboxRows = (
  alerts: readonly Alert[],
  filters: InboxFilters,
  groupBy: string,
): InboxRow[] => {
  const groups = new Map<string, Alert[]>();
  for (const alert of alerts) {
    if (!matchesFilters(alert, filters)) continue;
    const key = groupOf(alert, groupBy);
    const list = groups.get(key);
    if (list === undefined) groups.set(key, [alert]);
    else list.push(alert);
  }
  const rows: InboxRow[] = [];
  for (const [key, list] of groups) {
    if (groupBy !== 'none')
      rows.push({ type: 'group', key: `group:${key}`, label: key, count: list.length });
    for (const alert of list) rows.push({ type: 'alert', key: alert.id, alert });
  }
  return rows;
};

/** Puts a changed copy of an alert in place (a lifecycle change need not take a new seq). */
export const replaceAlert = (current: readonly Alert[], changed: Alert): Alert[] =>
  current.map((alert) => (alert.id === changed.id ? changed : alert));

const STATE_BY_ACTION: Partial<Record<AlertActivity['action'], LifecycleState>> = {
  acknowledged: 'acknowledged',
  assigned: 'assigned',
  resolved: 'resolved',
  'auto-resolved': 'resolved',
};

/** Applies someone's action (socket `alert:activity`) to the cached copy of its alert. */
export const applyActivity = (alert: Alert, activity: AlertActivity): Alert => {
  const state = STATE_BY_ACTION[activity.action];
  if (state === undefined) return alert;
  return {
    ...alert,
    lifecycle: {
      state,
      assignee: activity.assignee ?? alert.lifecycle?.assignee ?? null,
      updatedBy: activity.actor,
      updatedAt: activity.at,
    },
  };
};

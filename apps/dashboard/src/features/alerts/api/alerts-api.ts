import type { Alert, AlertActivity, AlertPage } from '@spreadwatch/contracts';
import { queryOptions } from '@tanstack/react-query';

import { apiClient, isApiError, isMissingEndpoint } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';
import type { InboxData } from './inbox-store';

export const ALERTS_LIMIT = 50;
/** The inbox loads this many at start (pages of 500, the API's maximum) and more on demand. */
export const INBOX_INITIAL = 2_000;
const INBOX_PAGE = 500;

export const ALERT_ACTIONS_UI = ['acknowledge', 'assign', 'resolve', 'notes'] as const;
export type AlertActionName = (typeof ALERT_ACTIONS_UI)[number];

const actionPath = (id: string, action: AlertActionName): string =>
  `/api/alerts/${encodeURIComponent(id)}/${action}`;

// A well-formed id no alert has: probing with it changes nothing.
const PROBE_ID = '00000000-0000-4000-8000-000000000000';

export const alertsApi = {
  list: (limit: number, before?: number, signal?: AbortSignal): Promise<AlertPage> => {
    const params = new URLSearchParams({ limit: String(limit) });
    if (before !== undefined) params.set('before', String(before));
    return apiClient.get<AlertPage>(`/api/alerts?${params.toString()}`, { signal });
  },
  /** Pages back from `before` until `count` alerts or the end. */
  loadMany: async (count: number, before?: number, signal?: AbortSignal): Promise<InboxData> => {
    const alerts: Alert[] = [];
    let cursor = before;
    for (;;) {
      const page = await alertsApi.list(
        Math.min(INBOX_PAGE, count - alerts.length),
        cursor,
        signal,
      );
      alerts.push(...page.items);
      cursor = page.nextCursor ?? undefined;
      if (page.nextCursor === null || alerts.length >= count) {
        return { alerts, nextCursor: page.nextCursor };
      }
    }
  },
  act: (id: string, action: AlertActionName, body: Record<string, string | undefined>) =>
    apiClient.post<Alert | undefined>(actionPath(id, action), body),
  activity: (id: string, signal?: AbortSignal) =>
    apiClient.get<AlertActivity[]>(`/api/alerts/${encodeURIComponent(id)}/activity`, { signal }),
  /**
   * Which lifecycle actions the server has (issue #6 may not have landed): a route that exists answers the
   * probe with 404 "not found" or 400 for the unknown id; a missing route answers "Cannot POST".
   */
  capabilities: async (): Promise<Record<AlertActionName, boolean>> => {
    const found: Partial<Record<AlertActionName, boolean>> = {};
    // One at a time: the embedded database serialises writers anyway.
    for (const action of ALERT_ACTIONS_UI) {
      try {
        await apiClient.post(actionPath(PROBE_ID, action), { note: 'probe', assignee: 'probe' });
        found[action] = true;
      } catch (error) {
        found[action] = !isMissingEndpoint(error) && isApiError(error) && error.status !== 0;
      }
    }
    return { acknowledge: false, assign: false, resolve: false, notes: false, ...found };
  },
};

export const alertsQuery = (limit: number = ALERTS_LIMIT) =>
  queryOptions({
    queryKey: queryKeys.alerts.list(limit),
    queryFn: ({ signal }) => alertsApi.list(limit, undefined, signal),
    // New alerts arrive over the socket; a refetch would only repeat them.
    staleTime: Infinity,
  });

export const inboxQuery = () =>
  queryOptions({
    queryKey: queryKeys.alerts.inbox,
    queryFn: ({ signal }) => alertsApi.loadMany(INBOX_INITIAL, undefined, signal),
    staleTime: Infinity,
  });

export const alertCapabilitiesQuery = () =>
  queryOptions({
    queryKey: queryKeys.alerts.capabilities,
    queryFn: () => alertsApi.capabilities(),
    staleTime: 5 * 60_000,
  });

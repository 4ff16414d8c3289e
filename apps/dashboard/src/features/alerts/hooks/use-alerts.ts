import type { Alert } from '@spreadwatch/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import type { ApiError } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';
import { patchCacheWithAlerts } from '../../live/hooks/live-cache-patches';
import {
  type AlertActionName,
  alertCapabilitiesQuery,
  alertsApi,
  alertsQuery,
  inboxQuery,
} from '../api/alerts-api';
import { type InboxData, mergeAlerts, replaceAlert } from '../api/inbox-store';

export const useAlerts = () => useQuery(alertsQuery());

export const useInbox = () => useQuery(inboxQuery());

export const useAlertCapabilities = () => useQuery(alertCapabilitiesQuery());

/** Loads the next older batch into the inbox. */
export const useLoadOlderAlerts = () => {
  const queryClient = useQueryClient();
  return useMutation<InboxData, ApiError, number>({
    mutationFn: (before) => alertsApi.loadMany(2_000, before),
    onSuccess: (older) => {
      queryClient.setQueryData<InboxData>(queryKeys.alerts.inbox, (inbox) =>
        inbox === undefined
          ? older
          : { alerts: mergeAlerts(inbox.alerts, older.alerts), nextCursor: older.nextCursor },
      );
    },
  });
};

export interface AlertActionVars {
  alert: Alert;
  action: AlertActionName;
  note?: string;
  assignee?: string;
}

/** Acknowledge, assign, resolve or annotate; the changed alert (if returned) goes straight into the cache. */
export const useAlertAction = () => {
  const queryClient = useQueryClient();
  return useMutation<Alert | undefined, ApiError, AlertActionVars>({
    mutationFn: ({ alert, action, note, assignee }) =>
      alertsApi.act(alert.id, action, {
        note: note === '' ? undefined : note,
        assignee,
      }),
    onSuccess: (changed, { alert }) => {
      if (changed !== undefined && typeof changed === 'object' && 'id' in changed) {
        patchCacheWithAlerts(queryClient, [changed]);
        queryClient.setQueryData<InboxData>(queryKeys.alerts.inbox, (inbox) =>
          inbox === undefined ? inbox : { ...inbox, alerts: replaceAlert(inbox.alerts, changed) },
        );
      } else {
        void queryClient.invalidateQueries({ queryKey: queryKeys.alerts.inbox });
      }
      void queryClient.invalidateQueries({ queryKey: ['alerts', 'activity', alert.id] });
    },
  });
};

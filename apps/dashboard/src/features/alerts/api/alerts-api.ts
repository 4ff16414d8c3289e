import type { AlertPage } from '@spreadwatch/contracts';
import { queryOptions } from '@tanstack/react-query';

import { apiClient } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';

export const ALERTS_LIMIT = 50;

export const alertsApi = {
  list: (limit: number, before?: number, signal?: AbortSignal): Promise<AlertPage> => {
    const params = new URLSearchParams({ limit: String(limit) });
    if (before !== undefined) params.set('before', String(before));
    return apiClient.get<AlertPage>(`/api/alerts?${params.toString()}`, { signal });
  },
};

export const alertsQuery = (limit: number = ALERTS_LIMIT) =>
  queryOptions({
    queryKey: queryKeys.alerts.list(limit),
    queryFn: ({ signal }) => alertsApi.list(limit, undefined, signal),
    // New alerts arrive over the socket; a refetch would only repeat them.
    staleTime: Infinity,
  });

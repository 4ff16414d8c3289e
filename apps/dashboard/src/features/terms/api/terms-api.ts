import type { TermSeries, TermSummary } from '@spreadwatch/contracts';
import { queryOptions } from '@tanstack/react-query';

import { apiClient } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';

export const TOP_TERMS_LIMIT = 20;
export const SERIES_MINUTES = 120;
// The socket pushes every closed minute; polling only reconciles after missed events.
const RECONCILE_MS = 60_000;

export const termsApi = {
  top: (limit: number, signal?: AbortSignal): Promise<TermSummary[]> =>
    apiClient.get<TermSummary[]>(`/api/terms/top?limit=${limit}`, { signal }),
  series: (term: string, minutes: number, signal?: AbortSignal): Promise<TermSeries> =>
    apiClient.get<TermSeries>(`/api/terms/${encodeURIComponent(term)}/series?minutes=${minutes}`, {
      signal,
    }),
};

export const topTermsQuery = (limit: number = TOP_TERMS_LIMIT) =>
  queryOptions({
    queryKey: queryKeys.terms.top(limit),
    queryFn: ({ signal }) => termsApi.top(limit, signal),
    refetchInterval: RECONCILE_MS,
  });

export const termSeriesQuery = (term: string, minutes: number = SERIES_MINUTES) =>
  queryOptions({
    queryKey: queryKeys.terms.series(term, minutes),
    queryFn: ({ signal }) => termsApi.series(term, minutes, signal),
    refetchInterval: RECONCILE_MS,
  });

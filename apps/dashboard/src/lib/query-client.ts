import { QueryCache, QueryClient } from '@tanstack/react-query';

import { type ApiError, isApiError } from './api-client';
import { queryKeys } from './query-keys';

const MAX_RETRIES = 2;

export const createQueryClient = (): QueryClient => {
  const queryClient: QueryClient = new QueryClient({
    queryCache: new QueryCache({
      onError: (error) => {
        // A 401 on any query re-checks the session; an expired one sends the user back to the login page.
        // (Re-checking rather than signing out at once rides out a stray 401 from a busy server.)
        if (isApiError(error) && error.status === 401) {
          void queryClient.invalidateQueries({ queryKey: queryKeys.auth.me });
        }
      },
    }),
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        // Client errors will not fix themselves; retry only network failures and 5xx.
        retry: (failureCount, error) =>
          failureCount < MAX_RETRIES &&
          !(isApiError(error) && error.status >= 400 && error.status < 500),
      },
      mutations: { retry: false },
    },
  });
  return queryClient;
};

declare module '@tanstack/react-query' {
  interface Register {
    defaultError: ApiError;
  }
}

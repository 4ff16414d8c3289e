import type { CurrentUser, LoginRequest } from '@spreadwatch/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import type { ApiError } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';
import { authApi } from '../api/auth-api';

export const useCurrentUser = () =>
  useQuery<CurrentUser | null, ApiError>({
    queryKey: queryKeys.auth.me,
    queryFn: ({ signal }) => authApi.me(signal),
    staleTime: Infinity,
  });

export const useLogin = () => {
  const queryClient = useQueryClient();
  return useMutation<CurrentUser, ApiError, LoginRequest>({
    mutationFn: authApi.login,
    onSuccess: (user) => {
      queryClient.setQueryData(queryKeys.auth.me, user);
    },
  });
};

export const useLogout = () => {
  const queryClient = useQueryClient();
  return useMutation<void, ApiError>({
    mutationFn: authApi.logout,
    onSettled: () => {
      // Drop every cached view of the session, then show the login page.
      queryClient.removeQueries({ queryKey: queryKeys.terms.all });
      queryClient.removeQueries({ queryKey: queryKeys.alerts.all });
      queryClient.setQueryData(queryKeys.auth.me, null);
    },
  });
};

import type { CurrentUser, LoginRequest } from '@spreadwatch/contracts';

import { apiClient, isApiError } from '../../../lib/api-client';

export const authApi = {
  login: (credentials: LoginRequest): Promise<CurrentUser> =>
    apiClient.post<CurrentUser>('/api/auth/login', credentials),
  logout: (): Promise<void> => apiClient.post<void>('/api/auth/logout'),
  /** The signed-in user, or null when there is no valid session. */
  me: async (signal?: AbortSignal): Promise<CurrentUser | null> => {
    try {
      return await apiClient.get<CurrentUser>('/api/auth/me', { signal });
    } catch (error) {
      if (isApiError(error) && error.status === 401) return null;
      throw error;
    }
  },
};

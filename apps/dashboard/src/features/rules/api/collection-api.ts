import { apiClient, isMissingEndpoint } from '../../../lib/api-client';

/** A REST collection (`GET/POST base`, `PUT/DELETE base/:id`) that may not exist on this server yet. */
export interface CollectionApi<T> {
  base: string;
  /** null when the server has no such endpoint. */
  list: (signal?: AbortSignal) => Promise<T[] | null>;
  create: (body: unknown) => Promise<T>;
  update: (id: string, body: unknown) => Promise<T>;
  remove: (id: string) => Promise<void>;
}

const listOf = <T>(body: unknown): T[] => {
  if (Array.isArray(body)) return body as T[];
  if (typeof body === 'object' && body !== null) {
    const items = (body as { items?: unknown }).items;
    if (Array.isArray(items)) return items as T[];
  }
  return [];
};

export const collectionApi = <T>(base: string): CollectionApi<T> => ({
  base,
  list: async (signal) => {
    try {
      return listOf<T>(await apiClient.get<unknown>(base, { signal }));
    } catch (error) {
      if (isMissingEndpoint(error)) return null;
      throw error;
    }
  },
  create: (body) => apiClient.post<T>(base, body),
  update: (id, body) => apiClient.put<T>(`${base}/${encodeURIComponent(id)}`, body),
  remove: (id) => apiClient.delete<void>(`${base}/${encodeURIComponent(id)}`),
});

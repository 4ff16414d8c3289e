import type { Matcher, SilenceInput, SilenceView } from '@spreadwatch/contracts';
import { queryOptions } from '@tanstack/react-query';

import { apiClient, isMissingEndpoint } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';

/** The silences list, or null when the server has no silences endpoint yet (issue #6). */
export type SilencesData = SilenceView[] | null;

export const silencesApi = {
  list: async (signal?: AbortSignal): Promise<SilencesData> => {
    try {
      return await apiClient.get<SilenceView[]>('/api/alerting/silences', { signal });
    } catch (error) {
      if (isMissingEndpoint(error)) return null;
      throw error;
    }
  },
  create: (input: SilenceInput) => apiClient.post<SilenceView>('/api/alerting/silences', input),
  expire: (id: string) =>
    apiClient.delete<SilenceView | undefined>(`/api/alerting/silences/${encodeURIComponent(id)}`),
};

export const silencesQuery = () =>
  queryOptions({
    queryKey: queryKeys.silences.all,
    queryFn: ({ signal }) => silencesApi.list(signal),
    refetchInterval: 60_000,
  });

/** Matchers that silence exactly this alert's condition: equality on each of its labels. */
export const matchersForLabels = (labels: Record<string, string>): Matcher[] =>
  Object.entries(labels)
    .filter(([name]) => /^[a-zA-Z_][a-zA-Z0-9_]*$/.test(name))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, value]) => ({ name, op: '=', value }));

export const formatMatcher = (m: Matcher): string => `${m.name}${m.op}"${m.value}"`;

/** Parses `name="value"` / `name=~"re"` pairs separated by commas or new lines; throws with the bad part. */
export const parseMatchers = (text: string): Matcher[] => {
  const parts = text
    .split(/[,\n]/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
  return parts.map((part) => {
    const match = /^([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*"?(.*?)"?$/.exec(part);
    if (match === null) throw new Error(`"${part}" is not a matcher like term="#leak"`);
    const [, name = '', op = '=', value = ''] = match;
    return { name, op: op as Matcher['op'], value };
  });
};

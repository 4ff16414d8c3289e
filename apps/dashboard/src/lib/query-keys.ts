/** Every TanStack Query key of the dashboard; hooks and the live socket patches read them from here. */
export const queryKeys = {
  auth: {
    me: ['auth', 'me'] as const,
  },
  terms: {
    all: ['terms'] as const,
    topAll: ['terms', 'top'] as const,
    top: (limit: number) => ['terms', 'top', limit] as const,
    seriesAll: ['terms', 'series'] as const,
    seriesOf: (term: string) => ['terms', 'series', term] as const,
    series: (term: string, minutes: number) => ['terms', 'series', term, minutes] as const,
  },
  alerts: {
    all: ['alerts'] as const,
    list: (limit: number) => ['alerts', 'list', limit] as const,
  },
};

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
    posts: (term: string, limit: number) => ['terms', 'posts', term, limit] as const,
    clusters: (term: string) => ['terms', 'clusters', term] as const,
  },
  alerts: {
    all: ['alerts'] as const,
    list: (limit: number) => ['alerts', 'list', limit] as const,
    /** The inbox's full list (many pages), patched live; see alerts-inbox-store.ts. */
    inbox: ['alerts', 'inbox'] as const,
    capabilities: ['alerts', 'capabilities'] as const,
  },
  clusters: {
    all: ['clusters'] as const,
    list: ['clusters', 'list'] as const,
    detail: (id: string) => ['clusters', 'detail', id] as const,
    account: (id: string) => ['clusters', 'account', id] as const,
  },
  silences: { all: ['silences'] as const },
  rules: {
    all: ['rules'] as const,
    watchlists: ['rules', 'watchlists'] as const,
    rules: ['rules', 'rules'] as const,
    routes: ['rules', 'routes'] as const,
  },
  sources: { all: ['sources'] as const },
  subscriptions: { all: ['subscriptions'] as const },
};

import type { TermPost } from '@spreadwatch/contracts';
import { queryOptions } from '@tanstack/react-query';

import { apiClient } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';

export const POSTS_LIMIT = 50;

export const postsApi = {
  recent: (term: string, limit: number, signal?: AbortSignal) =>
    apiClient.get<TermPost[]>(`/api/terms/${encodeURIComponent(term)}/posts?limit=${limit}`, {
      signal,
    }),
};

export const termPostsQuery = (term: string, limit = POSTS_LIMIT) =>
  queryOptions({
    queryKey: queryKeys.terms.posts(term, limit),
    queryFn: ({ signal }) => postsApi.recent(term, limit, signal),
    refetchInterval: 30_000,
  });

export interface AccountActivity {
  key: string;
  handle: string;
  posts: number;
  reposts: number;
}

/** Most active authors among the posts, by count. */
export const topAccounts = (posts: readonly TermPost[], limit = 10): AccountActivity[] => {
  const byAuthor = new Map<string, AccountActivity>();
  for (const post of posts) {
    const key = post.authorId ?? post.authorHandle;
    if (key === null) continue;
    const entry = byAuthor.get(key) ?? {
      key,
      handle: post.authorHandle ?? key,
      posts: 0,
      reposts: 0,
    };
    entry.posts += 1;
    if (post.kind === 'repost') entry.reposts += 1;
    byAuthor.set(key, entry);
  }
  return [...byAuthor.values()].sort((a, b) => b.posts - a.posts).slice(0, limit);
};

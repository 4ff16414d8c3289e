import type { TermPost } from '@spreadwatch/contracts';

import { formatShortDateTime } from '../../../lib/format';

/**
 * Posts as plain text. Links are shown as text on purpose (no <a>, no previews, no media): analysts must
 * not load leaked material by accident, and the app never fetches it.
 */
export const RecentPosts = ({ posts }: { posts: readonly TermPost[] }) =>
  posts.length === 0 ? (
    <p className="empty-state">No stored posts for this term.</p>
  ) : (
    <ol className="posts" data-testid="recent-posts">
      {posts.map((post) => (
        <li key={`${post.source}:${post.id}`} className="post">
          <p className="post__meta">
            <span className="mono">{post.authorHandle ?? post.authorId ?? 'unknown'}</span>
            <span className="muted">{post.kind}</span>
            <span className="muted">{post.source}</span>
            {post.lang === null ? null : <span className="muted">{post.lang}</span>}
            <time dateTime={post.ts} className="muted">
              {formatShortDateTime(post.ts)}
            </time>
          </p>
          {post.text === null ? null : <p className="post__text">{post.text}</p>}
          {post.urls.length === 0 ? null : (
            <ul className="post__urls" aria-label="Links (as text, not opened)">
              {post.urls.map((url) => (
                <li key={url}>
                  <code className="url-text">{url}</code>
                </li>
              ))}
            </ul>
          )}
        </li>
      ))}
    </ol>
  );

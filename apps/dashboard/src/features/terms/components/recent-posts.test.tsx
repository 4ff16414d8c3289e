import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';

import { RecentPosts } from './recent-posts';

describe(RecentPosts.name, () => {
  afterEach(cleanup);

  it('shows text and links as plain text, never as links or media', () => {
    const { container } = render(
      <RecentPosts
        posts={[
          {
            source: 'mastodon',
            id: '1',
            ts: '2024-03-01T12:00:00Z',
            kind: 'post',
            authorId: 'a1',
            authorHandle: 'leaker@x.social',
            text: 'full video here',
            urls: ['https://bait.example/v?ref=1'],
            lang: 'en',
          },
        ]}
      />,
    );

    expect(screen.getByText('full video here')).toBeTruthy();
    expect(screen.getByText('https://bait.example/v?ref=1').tagName).toBe('CODE');
    expect(container.querySelectorAll('a, img, video, iframe')).toHaveLength(0);
  });
});

import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';

import { makeAlert } from '../../../test/factories';
import { AlertFeed } from './alert-feed';

describe(AlertFeed.name, () => {
  afterEach(cleanup);

  it('shows an empty state with no list items', () => {
    render(<AlertFeed alerts={[]} />);

    expect(screen.getByTestId('alert-feed').textContent).toContain('No alerts yet');
    expect(screen.queryAllByRole('listitem')).toHaveLength(0);
  });

  it('renders each alert as a list item with severity, term, summary and time, in order', () => {
    render(
      <AlertFeed
        timeZone="UTC"
        alerts={[
          makeAlert({
            id: 'b',
            seq: 2,
            severity: 'critical',
            kind: 'coordination',
            term: '#mmsleak',
            summary: '14 accounts posted #mmsleak within 30 s',
            firedAt: '2024-03-01T12:05:09Z',
          }),
          makeAlert({
            id: 'a',
            seq: 1,
            severity: 'info',
            term: '#rumour',
            firedAt: '2024-03-01T11:59:00Z',
          }),
        ]}
      />,
    );

    const items = screen.getAllByRole('listitem');
    expect(items).toHaveLength(2);
    const first = within(items[0] as HTMLElement);
    expect(first.getByText('Critical')).toBeTruthy();
    expect(first.getByText('Coordination')).toBeTruthy();
    expect(first.getByText('#mmsleak')).toBeTruthy();
    expect(first.getByText('14 accounts posted #mmsleak within 30 s')).toBeTruthy();
    const time = items[0]?.querySelector('time');
    expect(time?.getAttribute('dateTime')).toBe('2024-03-01T12:05:09Z');
    expect(time?.textContent).toBe('12:05:09');
    expect(within(items[1] as HTMLElement).getByText('Info')).toBeTruthy();
  });

  it('formats the time in the given (or the user) time zone', () => {
    render(
      <AlertFeed
        timeZone="Asia/Kolkata"
        alerts={[makeAlert({ firedAt: '2024-03-01T12:05:09Z' })]}
      />,
    );

    expect(screen.getByRole('listitem').querySelector('time')?.textContent).toBe('17:35:09');
  });

  it('marks resolved alerts', () => {
    render(
      <AlertFeed
        alerts={[makeAlert({ status: 'resolved', resolvedAt: '2024-03-01T12:30:00Z' })]}
      />,
    );

    expect(within(screen.getByRole('listitem')).getByText('Resolved')).toBeTruthy();
  });

  it('shows post text as plain text, never as a link or media', () => {
    render(
      <AlertFeed
        alerts={[
          makeAlert({ summary: '<img src=x onerror=alert(1)> https://example.com/video.mp4' }),
        ]}
      />,
    );

    const item = screen.getByRole('listitem');
    expect(item.querySelector('img, a, video, iframe')).toBeNull();
    expect(item.textContent).toContain('<img src=x onerror=alert(1)>');
  });
});

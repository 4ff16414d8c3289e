import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { matchersForLabels, parseMatchers } from '../api/silences-api';
import { buildSilence, SilenceForm } from './silence-form';

const NOW = Date.parse('2024-03-01T12:00:00Z');

describe(parseMatchers.name, () => {
  it('reads one matcher per line or comma, with every operator', () => {
    expect(parseMatchers('term="#leak", severity!=info\nterm=~"#mms.*"')).toEqual([
      { name: 'term', op: '=', value: '#leak' },
      { name: 'severity', op: '!=', value: 'info' },
      { name: 'term', op: '=~', value: '#mms.*' },
    ]);
  });

  it('names the part it cannot read', () => {
    expect(() => parseMatchers('term')).toThrow('"term" is not a matcher');
  });

  it('builds equality matchers from an alert, sorted by label', () => {
    expect(matchersForLabels({ term: '#a', kind: 'velocity' })).toEqual([
      { name: 'kind', op: '=', value: 'velocity' },
      { name: 'term', op: '=', value: '#a' },
    ]);
  });
});

describe(buildSilence.name, () => {
  it('starts now and ends after the duration, in UTC', () => {
    expect(buildSilence('term="#a"', '4h', ' checking ', NOW)).toEqual({
      matchers: [{ name: 'term', op: '=', value: '#a' }],
      startsAt: '2024-03-01T12:00:00.000Z',
      endsAt: '2024-03-01T16:00:00.000Z',
      comment: 'checking',
      expireWhenResolved: false,
    });
  });

  it('can last until its alerts resolve', () => {
    expect(buildSilence('term="#a"', 'resolved', 'x', NOW)).toMatchObject({
      expireWhenResolved: true,
    });
    expect(buildSilence('term="#a"', 'resolved', 'x', NOW)).not.toHaveProperty('endsAt');
  });
});

describe(SilenceForm.name, () => {
  afterEach(cleanup);

  it('asks for a comment instead of submitting without one', () => {
    const onSubmit = vi.fn();
    render(
      <SilenceForm
        initialMatchers={[{ name: 'term', op: '=', value: '#a' }]}
        nowMs={() => NOW}
        onSubmit={onSubmit}
      />,
    );

    fireEvent.click(screen.getByRole('button', { name: 'Create silence' }));

    expect(onSubmit).not.toHaveBeenCalled();
    expect(screen.getByRole('alert').textContent).toContain('comment is required');
  });

  it('submits the prefilled matchers with the comment', () => {
    const onSubmit = vi.fn();
    render(
      <SilenceForm
        initialMatchers={[{ name: 'term', op: '=', value: '#a' }]}
        nowMs={() => NOW}
        onSubmit={onSubmit}
      />,
    );

    fireEvent.change(screen.getByLabelText('Comment'), { target: { value: 'known campaign' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create silence' }));

    expect(onSubmit).toHaveBeenCalledWith(expect.objectContaining({ comment: 'known campaign' }));
  });
});

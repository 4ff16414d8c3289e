import { describe, expect, it } from 'vitest';

import { applyFrozenOrder } from './frozen';
import { parseSettings, resolveTheme } from './settings';
import { parseLive, parseRange } from './time-range';
import { patchSearchParams } from './use-url-state';

describe(applyFrozenOrder.name, () => {
  const key = (x: { k: string }) => x.k;
  it.each([
    {
      name: 'keeps the frozen order',
      items: ['b', 'a', 'c'],
      order: ['a', 'b', 'c'],
      expected: ['a', 'b', 'c'],
    },
    {
      name: 'drops rows that left',
      items: ['c', 'a'],
      order: ['a', 'b', 'c'],
      expected: ['a', 'c'],
    },
    {
      name: 'appends newcomers',
      items: ['d', 'a', 'b'],
      order: ['a', 'b'],
      expected: ['a', 'b', 'd'],
    },
  ])('$name', ({ items, order, expected }) => {
    expect(
      applyFrozenOrder(
        items.map((k) => ({ k })),
        order,
        key,
      ).map(key),
    ).toEqual(expected);
  });
});

describe(parseSettings.name, () => {
  it.each([
    { raw: null, expected: { timeZone: '', theme: 'system' } },
    { raw: 'not json', expected: { timeZone: '', theme: 'system' } },
    {
      raw: '{"timeZone":"Asia/Kolkata","theme":"dark"}',
      expected: { timeZone: 'Asia/Kolkata', theme: 'dark' },
    },
    { raw: '{"timeZone":5,"theme":"neon"}', expected: { timeZone: '', theme: 'system' } },
  ])('reads $raw', ({ raw, expected }) => {
    expect(parseSettings(raw)).toEqual(expected);
  });

  it('resolves the system theme from the OS preference', () => {
    expect(resolveTheme('system', true)).toBe('dark');
    expect(resolveTheme('light', true)).toBe('light');
  });
});

describe(parseRange.name, () => {
  it.each([
    ['1h', 60],
    ['7d', 10_080],
    ['bogus', 120],
    [null, 120],
  ])('%s → %i minutes', (value, minutes) => {
    expect(parseRange(value).minutes).toBe(minutes);
  });

  it('is live unless live=0', () => {
    expect(parseLive(null)).toBe(true);
    expect(parseLive('0')).toBe(false);
  });
});

describe(patchSearchParams.name, () => {
  it('sets, replaces and removes keys without touching others', () => {
    const next = patchSearchParams(new URLSearchParams('term=%23a&range=1h&q=x'), {
      term: '#b',
      range: null,
      q: '',
      tab: 'accounts',
    });
    expect(next.toString()).toBe('term=%23b&tab=accounts');
  });
});

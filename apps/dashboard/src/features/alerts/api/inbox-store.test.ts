import { describe, expect, it } from 'vitest';

import { makeAlert } from '../../../test/factories';
import { applyActivity, buildInboxRows, matchesFilters, mergeAlerts } from './inbox-store';

const ids = (alerts: { id: string }[]) => alerts.map((a) => a.id);
const NO_FILTERS = { state: '', severity: '', kind: '', q: '' };

describe(mergeAlerts.name, () => {
  it.each([
    {
      name: 'adds new alerts in seq order',
      current: [makeAlert({ id: 'b', seq: 2 }), makeAlert({ id: 'a', seq: 1 })],
      incoming: [makeAlert({ id: 'd', seq: 4 }), makeAlert({ id: 'c', seq: 3 })],
      expected: ['d', 'c', 'b', 'a'],
    },
    {
      name: 'replaces a changed alert (newer seq) and moves it up',
      current: [makeAlert({ id: 'b', seq: 2 }), makeAlert({ id: 'a', seq: 1 })],
      incoming: [makeAlert({ id: 'a', seq: 3 })],
      expected: ['a', 'b'],
    },
    {
      name: 'ignores a replayed copy (same or older seq)',
      current: [makeAlert({ id: 'b', seq: 2 })],
      incoming: [makeAlert({ id: 'b', seq: 2 }), makeAlert({ id: 'b', seq: 1 })],
      expected: ['b'],
    },
    {
      name: 'keeps the newest copy within one batch',
      current: [],
      incoming: [makeAlert({ id: 'x', seq: 5 }), makeAlert({ id: 'x', seq: 7 })],
      expected: ['x'],
    },
  ])('$name', ({ current, incoming, expected }) => {
    expect(ids(mergeAlerts(current, incoming))).toEqual(expected);
  });

  it('caps the list, dropping the oldest', () => {
    const merged = mergeAlerts(
      [makeAlert({ id: 'a', seq: 1 })],
      [makeAlert({ id: 'b', seq: 2 })],
      1,
    );
    expect(ids(merged)).toEqual(['b']);
  });

  it('merges 10,000 pushed alerts into 10,000 held ones', () => {
    const held = Array.from({ length: 10_000 }, (_, i) =>
      makeAlert({ id: `h${i}`, seq: 20_000 - 2 * i }),
    );
    const pushed = Array.from({ length: 10_000 }, (_, i) =>
      makeAlert({ id: `p${i}`, seq: 20_001 - 2 * i }),
    );
    const merged = mergeAlerts(held, pushed);
    expect(merged).toHaveLength(20_000);
    expect(merged.every((a, i) => i === 0 || (merged[i - 1]?.seq ?? 0) > a.seq)).toBe(true);
  });
});

describe(buildInboxRows.name, () => {
  const alerts = [
    makeAlert({
      id: 'a',
      seq: 3,
      term: '#x',
      severity: 'critical',
      labels: { term: '#x', receiver: 'desk' },
    }),
    makeAlert({ id: 'b', seq: 2, term: '#y', labels: { term: '#y' } }),
    makeAlert({ id: 'c', seq: 1, term: '#x', status: 'resolved', labels: { term: '#x' } }),
  ];

  it('groups as routed, groups ordered by their newest alert', () => {
    const rows = buildInboxRows(alerts, NO_FILTERS, 'route');
    expect(rows.map((r) => (r.type === 'group' ? `[${r.label} ${r.count}]` : r.key))).toEqual([
      '[desk 1]',
      'a',
      '[default 2]',
      'b',
      'c',
    ]);
  });

  it('has no header rows without grouping', () => {
    expect(buildInboxRows(alerts, NO_FILTERS, 'none').map((r) => r.key)).toEqual(['a', 'b', 'c']);
  });

  it.each([
    { filters: { ...NO_FILTERS, state: 'open' }, expected: ['a', 'b'] },
    { filters: { ...NO_FILTERS, severity: 'critical' }, expected: ['a'] },
    { filters: { ...NO_FILTERS, q: '#Y' }, expected: ['b'] },
  ])('filters by $filters', ({ filters, expected }) => {
    expect(alerts.filter((a) => matchesFilters(a, filters)).map((a) => a.id)).toEqual(expected);
  });
});

describe(applyActivity.name, () => {
  it('moves the lifecycle on acknowledge and assign, and ignores notes', () => {
    const alert = makeAlert();
    const base = {
      id: 'x',
      alertId: alert.id,
      actor: 'ana',
      note: null,
      at: '2024-03-01T12:05:00Z',
    };
    const acked = applyActivity(alert, { ...base, action: 'acknowledged', assignee: null });
    expect(acked.lifecycle).toMatchObject({ state: 'acknowledged', updatedBy: 'ana' });
    const assigned = applyActivity(acked, { ...base, action: 'assigned', assignee: 'bo' });
    expect(assigned.lifecycle).toMatchObject({ state: 'assigned', assignee: 'bo' });
    expect(applyActivity(assigned, { ...base, action: 'note', assignee: null })).toBe(assigned);
  });
});

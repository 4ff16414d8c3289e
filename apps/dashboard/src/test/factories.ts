import type {
  Alert,
  AlertPage,
  TermPoint,
  TermSeries,
  TermSummary,
  TermUpdate,
} from '@spreadwatch/contracts';

export const makeAlert = (overrides: Partial<Alert> = {}): Alert => ({
  id: 'alert-1',
  fingerprint: 'fp-1',
  seq: 1,
  kind: 'velocity',
  status: 'firing',
  severity: 'warning',
  labels: { term: '#leak' },
  term: '#leak',
  score: 4.2,
  firedAt: '2024-03-01T12:00:00Z',
  resolvedAt: null,
  summary: '#leak is spreading 6x faster than its baseline',
  evidence: { windowCount: 120, baseline: 20 },
  ...overrides,
});

export const makePage = (items: Alert[], nextCursor: number | null = null): AlertPage => ({
  items,
  nextCursor,
});

export const makeSummary = (overrides: Partial<TermSummary> = {}): TermSummary => ({
  term: '#leak',
  lastCount: 10,
  rate: 9.5,
  baseline: 3,
  velocity: 1.2,
  score: 5,
  updatedAt: '2024-03-01T12:00:00Z',
  sparkline: [1, 2, 3],
  ...overrides,
});

export const makePoint = (t: string, count: number): TermPoint => ({
  t,
  count,
  uniqueAuthors: count,
  rate: count,
  baseline: 2,
  score: 1,
});

export const makeSeries = (term: string, points: TermPoint[]): TermSeries => ({
  term,
  bucket: '1m',
  points,
});

export const makeUpdate = (overrides: Partial<TermUpdate> = {}): TermUpdate => ({
  term: '#leak',
  t: '2024-03-01T12:01:00Z',
  count: 30,
  uniqueAuthors: 25,
  rate: 12,
  baseline: 3,
  score: 7,
  velocity: 2.5,
  ...overrides,
});

/** ISO time of minute `m` after 12:00 UTC on 2024-03-01. */
export const minute = (m: number): string => new Date(Date.UTC(2024, 2, 1, 12, m)).toISOString();

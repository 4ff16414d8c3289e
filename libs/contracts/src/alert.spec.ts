import { AlertSchema } from './alert';

describe('AlertSchema', () => {
  const alert = {
    id: '2b1f7c3e-0000-4000-8000-000000000001',
    fingerprint: 'a1b2c3d4e5f60718',
    seq: 7,
    kind: 'velocity',
    status: 'firing',
    severity: 'warning',
    labels: { alertname: 'TermVelocity', term: '#leaked' },
    term: '#leaked',
    score: 12.5,
    firedAt: '2024-03-01T12:05:00Z',
    resolvedAt: null,
    summary: '#leaked is spreading 9× faster than expected.',
    evidence: {
      windowCount: 90,
      baseline: 10,
      statistic: 'poisson_tail_log10',
      value: 12.5,
      threshold: 6,
    },
  };

  it('accepts the alert shape of DESIGN.md', () => {
    expect(AlertSchema.safeParse(alert).success).toBe(true);
  });

  it.each([
    ['seq', { seq: -1 }],
    ['kind', { kind: 'spam' }],
    ['status', { status: 'open' }],
    ['firedAt', { firedAt: 'yesterday' }],
    ['summary', { summary: '' }],
  ])('rejects a bad %s', (field, patch) => {
    const result = AlertSchema.safeParse({ ...alert, ...patch });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual([field]);
  });
});

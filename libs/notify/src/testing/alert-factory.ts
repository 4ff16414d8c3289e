import type { Alert } from '@spreadwatch/contracts';

export function makeAlert(over: Partial<Alert> = {}): Alert {
  return {
    id: 'a1',
    fingerprint: 'f1',
    seq: 1,
    kind: 'velocity',
    status: 'firing',
    severity: 'critical',
    labels: { alertname: 'TermVelocity', kind: 'velocity', term: '#janedoeleak' },
    term: '#janedoeleak',
    score: 22,
    firedAt: '2026-03-01T12:30:00.000Z',
    resolvedAt: null,
    summary: '#janedoeleak is spreading fast: 240 posts in 5 min from 40 accounts <script>',
    evidence: { topAccounts: [{ id: 'janedoe_fan', count: 3 }] },
    ...over,
  };
}

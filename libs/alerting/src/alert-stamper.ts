import type { Alert } from '@spreadwatch/contracts';

import type { AlertDraft } from './types';

/** An alert id stable for one firing episode of a fingerprint: the same for its firing, escalation and resolution. */
export function alertId(fingerprintHex: string, firedAt: string): string {
  return `${fingerprintHex}-${Date.parse(firedAt).toString(36)}`;
}

/**
 * Stamps drafts into full alerts with an in-memory, monotonic `seq` (the CLI's counterpart of the API's
 * Postgres sequence). Ids derive from fingerprint and `firedAt`, so a replay of the same file gives the same ids.
 */
export class AlertStamper {
  private seq: number;

  /** @param lastSeq the newest seq already issued; the first stamp gets lastSeq + 1. */
  constructor(lastSeq = 0) {
    this.seq = lastSeq;
  }

  stamp(draft: AlertDraft): Alert {
    this.seq++;
    const alert: Alert = {
      id: alertId(draft.fingerprint, draft.firedAt),
      fingerprint: draft.fingerprint,
      seq: this.seq,
      kind: draft.kind,
      status: draft.status,
      severity: draft.severity,
      labels: { ...draft.labels },
      score: draft.score,
      firedAt: draft.firedAt,
      resolvedAt: draft.resolvedAt,
      summary: draft.summary,
      evidence: draft.evidence,
    };
    if (draft.term !== undefined) alert.term = draft.term;
    if (draft.accounts !== undefined) alert.accounts = [...draft.accounts];
    return alert;
  }

  /** The newest seq issued. */
  lastSeq(): number {
    return this.seq;
  }
}

import type { AlertKind, AlertStatus, Evidence, Severity } from '@spreadwatch/contracts';

/**
 * An alert as the engine sees it: everything but the installation-wide `id` and `seq`, which the caller
 * (the API's store or the CLI's counter) stamps.
 */
export interface AlertDraft {
  fingerprint: string;
  kind: AlertKind;
  status: AlertStatus;
  severity: Severity;
  labels: Record<string, string>;
  term?: string;
  accounts?: string[];
  score: number;
  /** ISO event time at which the condition started. */
  firedAt: string;
  resolvedAt: string | null;
  summary: string;
  evidence: Evidence;
}

export interface VelocityRule {
  /** Score at or above which a term fires. */
  fireScore: number;
  /** Score below which a firing term starts to resolve (hysteresis: resolveScore < fireScore). */
  resolveScore: number;
  /** Minutes the score must stay below resolveScore before the alert resolves. */
  resolveAfterMinutes: number;
  /** Posts in the window needed to fire at all. */
  minWindowCount: number;
  /** Distinct authors in the window needed to fire at all. */
  minUniqueAuthors: number;
  /** Score at or above which the alert is critical rather than warning. */
  criticalScore: number;
  /** Window count must be at least this multiple of the expected count to fire (effect size beside significance). */
  minRatio: number;
  /**
   * Minutes after an alert resolves during which the same term fires again only with a score above that
   * episode's peak (0 turns this off).
   */
  refractoryMinutes: number;
}

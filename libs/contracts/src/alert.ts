import { z } from 'zod';

import { IsoInstant } from './common';

export const ALERT_KINDS = ['velocity', 'coordination', 'forecast'] as const;
export const AlertKind = z.enum(ALERT_KINDS);
export type AlertKind = z.infer<typeof AlertKind>;

export const AlertStatus = z.enum(['firing', 'resolved']);
export type AlertStatus = z.infer<typeof AlertStatus>;

export const SEVERITIES = ['info', 'warning', 'critical'] as const;
export const Severity = z.enum(SEVERITIES);
export type Severity = z.infer<typeof Severity>;

/** The numbers behind an alert. Detector-specific keys are allowed beside the common ones. */
export const EvidenceSchema = z
  .object({
    windowCount: z.number().optional(),
    windowMinutes: z.number().optional(),
    baseline: z.number().optional(),
    statistic: z.string().optional(),
    value: z.number().optional(),
    threshold: z.number().optional(),
    uniqueAuthors: z.number().optional(),
    topAccounts: z.array(z.object({ id: z.string(), count: z.number() })).optional(),
  })
  .catchall(z.unknown());
export type Evidence = z.infer<typeof EvidenceSchema>;

export const AlertSchema = z.object({
  id: z.string().min(1),
  /** Stable for the same condition: a hash of the sorted labels. */
  fingerprint: z.string().min(1),
  /** Monotonic per installation; clients resume from the last one they saw. */
  seq: z.number().int().nonnegative(),
  kind: AlertKind,
  status: AlertStatus,
  severity: Severity,
  labels: z.record(z.string(), z.string()),
  term: z.string().optional(),
  accounts: z.array(z.string()).optional(),
  score: z.number(),
  /** Event time at which the condition started. */
  firedAt: IsoInstant,
  resolvedAt: IsoInstant.nullable(),
  summary: z.string().min(1),
  evidence: EvidenceSchema,
  /** Human handling (issue #6): who acknowledged, assigned or resolved it; absent until someone acts. */
  lifecycle: z
    .object({
      state: z.enum(['firing', 'acknowledged', 'assigned', 'resolved']),
      assignee: z.string().nullable(),
      updatedBy: z.string().nullable(),
      updatedAt: IsoInstant.nullable(),
    })
    .optional(),
});
export type Alert = z.infer<typeof AlertSchema>;

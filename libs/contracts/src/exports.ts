import { z } from 'zod';

import { IsoInstant } from './common';

// `accounts` is kept as an alias of `account-features` (its first name) for existing clients.
export const EXPORT_DATASETS = [
  'term-series',
  'alerts',
  'posts',
  'clusters',
  'accounts',
  'account-features',
] as const;
export const EXPORT_FILE_FORMATS = ['csv', 'ndjson', 'parquet'] as const;
export const EXPORT_RESOLUTIONS = ['1m', '5m', '1h'] as const;

/** Body of `POST /api/exports`. The window is event time, [from, to), at most 400 days. */
export const ExportRequestSchema = z
  .object({
    dataset: z.enum(EXPORT_DATASETS),
    format: z.enum(EXPORT_FILE_FORMATS),
    from: IsoInstant,
    to: IsoInstant,
    /** Terms to include (hashtags with #); empty or absent means every term. */
    terms: z.array(z.string().trim().min(1).max(200)).max(1000).optional(),
    /** Bucket of the term-series dataset. */
    resolution: z.enum(EXPORT_RESOLUTIONS).default('1m'),
    /** Posts dataset: include text and links (protected terms masked, mentions pseudonymised). */
    includeText: z.boolean().default(false),
    /** A stable pseudonym key granted to the caller for a longitudinal study; absent means a fresh key. */
    pseudonymKeyId: z.uuid().optional(),
  })
  .strict()
  .refine((r) => Date.parse(r.from) < Date.parse(r.to), {
    message: 'must be after from',
    path: ['to'],
  })
  .refine((r) => Date.parse(r.to) - Date.parse(r.from) <= 400 * 86_400_000, {
    message: 'window must be at most 400 days',
    path: ['to'],
  });
export type ExportRequest = z.infer<typeof ExportRequestSchema>;

export type ExportStatus = 'queued' | 'running' | 'done' | 'failed' | 'expired';

export interface ExportFileView {
  name: string;
  role: 'data' | 'dictionary' | 'manifest';
  bytes: number;
  sha256: string | null;
  rows?: number;
  /** Relative download URL. */
  url: string;
}

/** An export job as `GET /api/exports/:id` returns it. */
export interface ExportJobView {
  id: string;
  dataset: string;
  format: string;
  status: ExportStatus;
  parameters: Record<string, unknown>;
  filters: Record<string, unknown>;
  rowsWritten: number;
  expectedRows: number | null;
  /** rowsWritten / expectedRows in [0, 1], or null when the total is unknown. */
  progress: number | null;
  files: ExportFileView[];
  error: string | null;
  requestedBy: string;
  createdAt: string;
  finishedAt: string | null;
  expiresAt: string | null;
}

/** Socket event `export:progress`, sent to the user who requested the export. */
export interface ExportProgressEvent {
  id: string;
  status: ExportStatus;
  rowsWritten: number;
  expectedRows: number | null;
  progress: number | null;
}

/** Body of `POST /api/exports/pseudonym-keys` (admin): a stable key for one researcher's study. */
export const PseudonymGrantRequestSchema = z
  .object({
    study: z.string().trim().min(3).max(200),
    /** Username of the researcher the key is granted to. */
    grantedTo: z.string().trim().min(1).max(200),
  })
  .strict();
export type PseudonymGrantRequest = z.infer<typeof PseudonymGrantRequestSchema>;

/** A stable pseudonym grant; the key itself never leaves the server. */
export interface PseudonymGrantView {
  id: string;
  study: string;
  grantedTo: string;
  grantedBy: string;
  /** Public id of the key, as printed in manifests. */
  keyId: string;
  createdAt: string;
  revokedAt: string | null;
}

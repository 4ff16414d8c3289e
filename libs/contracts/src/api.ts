import { z } from 'zod';

import type { Alert } from './alert';

/** One row of the live board: a term and how fast it is spreading now. */
export interface TermSummary {
  term: string;
  /** Posts in the last complete minute. */
  lastCount: number;
  /** Smoothed posts per minute. */
  rate: number;
  /** Expected posts per minute. */
  baseline: number;
  /** Change of the smoothed rate per minute. */
  velocity: number;
  /** Spread score (higher is more unusual); see docs/adr. */
  score: number;
  /** Start of the newest bucket, ISO. */
  updatedAt: string;
  /** Posts per minute over the last 30 minutes, oldest first. */
  sparkline: number[];
}

export interface TermPoint {
  /** Bucket start, ISO. */
  t: string;
  count: number;
  uniqueAuthors: number;
  rate: number;
  baseline: number;
  score: number;
}

export interface TermSeries {
  term: string;
  bucket: '1m';
  points: TermPoint[];
}

export interface Page<T> {
  items: T[];
  /** Pass as `before` to get the next (older) page; null when there is none. */
  nextCursor: number | null;
}

export type AlertPage = Page<Alert>;

export interface IngestReport {
  accepted: number;
  duplicates: number;
  rejected: number;
  errors: { line: number; error: string }[];
}

export const ROLES = ['admin', 'analyst', 'researcher', 'desk'] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

export const LoginRequest = z.object({
  username: z.string().min(1, 'is required'),
  password: z.string().min(1, 'is required'),
});
export type LoginRequest = z.infer<typeof LoginRequest>;

export interface CurrentUser {
  id: string;
  username: string;
  role: Role;
}

export interface ApiErrorBody {
  statusCode: number;
  error: string;
  message: string;
}

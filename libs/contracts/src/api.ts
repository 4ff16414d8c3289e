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
  /** Scoring detail of the newest minute (ADR 0005); always sent by this server, optional for older producers. */
  baselineLower?: number;
  baselineUpper?: number;
  acceleration?: number;
  firstTimeAuthors?: number;
  repostShare?: number;
  robustZ?: number;
  burstLevel?: number;
  detectors?: TermDetectors;
  forecast?: TermForecast | null;
  /** Watched terms this term co-occurred with over the window (related rising terms); empty if none. */
  related?: string[];
}

/** One detector's reading: its value (log10-evidence units) and its weighted share of the score. */
export interface DetectorReading {
  value: number;
  contribution: number;
}

/**
 * Per-detector readings keyed by detector name (`poisson`, `robustZ`, `cusum`, `burst`; ADR 0005). The
 * contributions add up to the raw spread score. Empty for minutes stored before scoring detail was kept.
 */
export type TermDetectors = Record<string, DetectorReading>;

/** Self-exciting reach forecast of a term's running episode (ADR 0005); sizes count posts above the baseline. */
export interface TermForecast {
  /** Episode start (minute), ISO. */
  onset: string;
  /** Current expected posts per minute: baseline plus self-excitation. */
  intensity: number;
  /** Estimated mean direct offspring per post. */
  branchingRatio: number;
  /** Branching ratio ≥ 1: grows until something external stops it. */
  supercritical: boolean;
  /** Excess posts observed since onset. */
  observed: number;
  /** Predicted final excess size, and its 90% interval. */
  finalSize: number;
  finalSizeLow: number;
  finalSizeHigh: number;
}

export interface TermPoint {
  /** Bucket start, ISO. */
  t: string;
  count: number;
  uniqueAuthors: number;
  rate: number;
  baseline: number;
  score: number;
  // Scoring detail (ADR 0005): always sent by this server, optional for older producers and fixtures.
  /** Lower and upper edge of the usual per-minute band (baseline ∓ 2 robust sd). */
  baselineLower?: number;
  baselineUpper?: number;
  /** Change of the velocity per minute. */
  acceleration?: number;
  /** Authors posting the term for the first time in this minute. */
  firstTimeAuthors?: number;
  /** Share of this minute's posts that are reposts, 0..1. */
  repostShare?: number;
  /** Robust z of the window count. */
  robustZ?: number;
  /** Kleinberg burst level: 0 = base rate, k ≈ 2^k × base. */
  burstLevel?: number;
  detectors?: TermDetectors;
  /** Reach forecast of the running episode; null when the term is not in one. */
  forecast?: TermForecast | null;
}

export interface TermSeries {
  term: string;
  bucket: '1m';
  points: TermPoint[];
}

/** A recent post of a term, as text only: links are plain strings, never fetched or previewed (issue #7). */
export interface TermPost {
  source: string;
  id: string;
  /** Event time, ISO. */
  ts: string;
  kind: string;
  authorId: string | null;
  authorHandle: string | null;
  text: string | null;
  urls: string[];
  lang: string | null;
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

import type { Observation } from '@spreadwatch/contracts';

export const EVENT_KINDS = ['cascade', 'news-spike', 'campaign'] as const;
export type PlantedEventKind = (typeof EVENT_KINDS)[number];

/** Ground truth for one planted event (one line of the labels file). */
export interface PlantedEvent {
  id: string;
  kind: PlantedEventKind;
  /** Terms as the scorer names them: hashtags lower-cased with `#`, e.g. `#fullvideolink`. */
  terms: string[];
  /** ISO instant the event starts. */
  onset: string;
  /** ISO instant of its highest per-minute volume. */
  peak: string;
  /** For campaigns: the author ids of the campaign accounts. */
  accounts?: string[];
  /** Expected peak multiple over the term's baseline, for recall by size. */
  peakFactor?: number;
  /** Posts carrying the term in the peak minute (background included). */
  peakCount?: number;
  /** Background posts per minute of the term assumed for `peakFactor` (0.1 for a new term). */
  baseline?: number;
}

export interface SimulationOptions {
  scenario: string;
  seed: number;
  /** ISO start of simulated time. */
  start: string;
  /** Simulated hours; undefined runs forever (live mode). */
  hours?: number;
  /** Multiplies the number of accounts and the background volume; 1 is the default world. */
  scale?: number;
}

export interface Simulation {
  /** Observations in event-time order. */
  observations: Iterable<Observation>;
  /** Planted events so far (complete once `observations` is exhausted). */
  labels(): PlantedEvent[];
}

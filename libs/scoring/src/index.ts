export * from './clock';
export * from './types';
export { extractTerms, normalizeHashtag, normalizeTerm, TermExtractor } from './terms';
export { logGamma, logPoissonUpperTail, poissonTailScore } from './poisson';
export { isoToMs } from './iso-time';
export { DEFAULT_SCORING_CONFIG, VelocityScorer } from './velocity-scorer';
export type { ScorerStats } from './velocity-scorer';

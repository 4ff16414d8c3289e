export * from './clock';
export * from './types';
export { extractTerms, normalizeHashtag, normalizeTerm, TermExtractor } from './terms';
export { logGamma, logPoissonUpperTail, poissonTailScore } from './poisson';
export { isoToMs } from './iso-time';
export { DEFAULT_SCORING_CONFIG, VelocityScorer } from './velocity-scorer';
export type { ScorerStats, TermMatcher } from './velocity-scorer';
export {
  BurstAutomaton,
  cusumStep,
  laplaceTailScore,
  normalTailScore,
  ScoreCalibration,
  SeasonalProfile,
  MULTIPLE_TEST_PENALTY,
  spreadScore,
} from './detectors';
export type { DetectorValues } from './detectors';
export { ReachForecaster } from './reach-forecast';
export { AhoCorasick } from './watchlist/aho-corasick';
export { createFoldedText, foldPattern, foldText } from './watchlist/text-fold';
export type { FoldedText } from './watchlist/text-fold';
export { WatchlistMatcher } from './watchlist/watchlist-matcher';
export { DEFAULT_WATCHLIST } from './watchlist/default-watchlist';
export type { Watchlist, WatchlistSettings, WatchTerm } from './watchlist/watchlist-types';

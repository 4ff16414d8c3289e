export * from './types';
export { CoordinationDetector } from './coordination-detector';
export { BOT_LIKENESS_WEIGHTS, handleEntropy, longestDigitRun, scoreAccount } from './bot-likeness';
export type { AccountProfile } from './bot-likeness';
export { findCommunities } from './cluster-finder';
export type { WeightedEdge } from './cluster-finder';
export { MINHASH_BANDS, MINHASH_ROWS, minhashSimilarity, textSignature } from './text-signature';
export type { TextSignature } from './text-signature';
export { normalizeUrl } from './url-normalizer';

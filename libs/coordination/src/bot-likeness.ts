import type { AccountScore, FeatureAttribution } from '@spreadwatch/contracts';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** Metadata and observed behaviour of one account, as the detector accumulates it. */
export interface AccountProfile {
  id: string;
  handle: string | null;
  /** Account creation, ms; NaN when unknown. */
  createdAtMs: number;
  followers: number | null;
  following: number | null;
  /** Lifetime post count the platform reports, latest seen. */
  lifetimePosts: number | null;
  /** Posts seen in the stream. */
  observed: number;
  reposts: number;
  /** Posts whose normalised text matched another account's recent post (exact or near-duplicate). */
  duplicates: number;
  firstSeenMs: number;
  lastSeenMs: number;
  /** Welford accumulators over inter-post gaps (ms). */
  gapCount: number;
  gapMean: number;
  gapM2: number;
  /** Posts per UTC hour of day (length 24). */
  hours: Uint16Array;
}

/** Fixed model weights (logit units); the rationale of each is in ADR 0006. */
export const BOT_LIKENESS_WEIGHTS = Object.freeze({
  bias: -4.5,
  accountAge: 2.5,
  postsPerDay: 1.5,
  cadenceRegularity: 1.0,
  followerRatio: 1.5,
  handleDigitRun: 1.5,
  handleEntropy: 0.5,
  repostRatio: 0.5,
  duplicateText: 2.0,
  hourSpread: 0.5,
});

// Observed ratios are shrunk toward 0 by n / (n + PRIOR_POSTS): three posts say little.
const PRIOR_POSTS = 4;

function clamp01(x: number): number {
  return x <= 0 ? 0 : x >= 1 ? 1 : x;
}

/** Longest run of ASCII digits in a handle. */
export function longestDigitRun(handle: string): number {
  let best = 0;
  let run = 0;
  for (let i = 0; i < handle.length; i++) {
    const c = handle.charCodeAt(i);
    run = c >= 48 && c <= 57 ? run + 1 : 0;
    if (run > best) best = run;
  }
  return best;
}

/** Shannon entropy of a handle's characters, bits per character. */
export function handleEntropy(handle: string): number {
  if (handle.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const ch of handle.toLowerCase()) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let h = 0;
  const n = handle.length;
  for (const c of counts.values()) h -= (c / n) * Math.log2(c / n);
  return h;
}

/** The handle without its domain part (`name@server` → `name`). */
function localHandle(handle: string): string {
  const bare = handle.startsWith('@') ? handle.slice(1) : handle;
  const at = bare.indexOf('@');
  return at < 0 ? bare : bare.slice(0, at);
}

/**
 * Scores an account's bot-likeness at event time `atMs` with a logistic model of fixed weights over metadata
 * features only. Every feature is reported with its value, its [0, 1] transform and its logit contribution.
 */
export function scoreAccount(profile: AccountProfile, atMs: number): AccountScore {
  const w = BOT_LIKENESS_WEIGHTS;
  const attributions: FeatureAttribution[] = [];
  const add = (feature: string, value: number | null, x: number, weight: number): void => {
    const xr = Math.round(clamp01(x) * 1000) / 1000;
    attributions.push({
      feature,
      value: value === null ? null : Math.round(value * 1000) / 1000,
      x: xr,
      weight,
      contribution: Math.round(weight * xr * 1000) / 1000,
    });
  };
  const confidence = profile.observed / (profile.observed + PRIOR_POSTS);

  // Age at posting: 0 days → 1, a year or more → 0, on a log scale.
  const ageDays = Number.isNaN(profile.createdAtMs)
    ? null
    : Math.max(0, (atMs - profile.createdAtMs) / DAY_MS);
  add(
    'accountAgeDays',
    ageDays,
    ageDays === null ? 0 : 1 - Math.log10(1 + ageDays) / Math.log10(366),
    w.accountAge,
  );

  // Posts per day over the account's life when the platform reports it, else as observed (≥ 1 h of data).
  let perDay: number | null = null;
  if (ageDays !== null && profile.lifetimePosts !== null)
    perDay = profile.lifetimePosts / Math.max(ageDays, 0.5);
  else if (profile.lastSeenMs - profile.firstSeenMs >= HOUR_MS)
    perDay = (profile.observed * DAY_MS) / (profile.lastSeenMs - profile.firstSeenMs);
  // 10 a day → 0, 300 a day → 1 (log scale).
  add(
    'postsPerDay',
    perDay,
    perDay === null ? 0 : Math.log10(Math.max(perDay, 1) / 10) / Math.log10(30),
    w.postsPerDay,
  );

  // Coefficient of variation of gaps: Poisson-like humans ≈ 1 or burstier; scripts < 1. Needs 3+ gaps.
  let cv: number | null = null;
  if (profile.gapCount >= 3 && profile.gapMean > 0) {
    cv = Math.sqrt(profile.gapM2 / (profile.gapCount - 1)) / profile.gapMean;
  }
  add(
    'gapCv',
    cv,
    cv === null ? 0 : (1 - cv) * (profile.gapCount / (profile.gapCount + PRIOR_POSTS)),
    w.cadenceRegularity,
  );

  // followers / following: 0.01 → 1, 1 or more → 0.
  let ratio: number | null = null;
  if (profile.followers !== null && profile.following !== null) {
    ratio = (profile.followers + 1) / (profile.following + 1);
  }
  add('followerRatio', ratio, ratio === null ? 0 : -Math.log10(ratio) / 2, w.followerRatio);

  const handle = profile.handle === null ? null : localHandle(profile.handle);
  const run = handle === null ? null : longestDigitRun(handle);
  // Runs of 1–2 digits are common in human handles; 5 or more are typical of generated ones.
  add('handleDigitRun', run, run === null ? 0 : (run - 2) / 3, w.handleDigitRun);
  const entropy = handle === null ? null : handleEntropy(handle);
  // Human handles of words sit around 3–3.3 bits/char; random strings reach 4+.
  add('handleEntropy', entropy, entropy === null ? 0 : entropy - 3.2, w.handleEntropy);

  const repostRatio = profile.observed === 0 ? null : profile.reposts / profile.observed;
  add('repostRatio', repostRatio, (repostRatio ?? 0) * confidence, w.repostRatio);
  const dupRatio = profile.observed === 0 ? null : profile.duplicates / profile.observed;
  add('duplicateTextRatio', dupRatio, (dupRatio ?? 0) * confidence, w.duplicateText);

  // Normalised entropy of the hour-of-day histogram; only meaningful after a day-like sample (24+ posts).
  let spread: number | null = null;
  if (profile.observed > 0) {
    let h = 0;
    for (let i = 0; i < 24; i++) {
      const c = profile.hours[i] ?? 0;
      if (c > 0) h -= (c / profile.observed) * Math.log2(c / profile.observed);
    }
    spread = h / Math.log2(24);
  }
  add('hourSpread', spread, (spread ?? 0) * Math.min(1, profile.observed / 24), w.hourSpread);

  let logit = w.bias;
  for (const a of attributions) logit += a.contribution;
  attributions.sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution));
  return {
    accountId: profile.id,
    handle: profile.handle,
    score: Math.round((1 / (1 + Math.exp(-logit))) * 1000) / 1000,
    bias: w.bias,
    attributions,
    observedPosts: profile.observed,
    asOf: new Date(atMs).toISOString(),
  };
}

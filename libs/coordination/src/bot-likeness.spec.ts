import { type AccountProfile, handleEntropy, longestDigitRun, scoreAccount } from './bot-likeness';

const DAY = 86_400_000;
const NOW = Date.parse('2024-03-01T12:00:00Z');

function profile(overrides: Partial<AccountProfile> = {}): AccountProfile {
  return {
    id: 'a',
    handle: 'quiet_river',
    createdAtMs: NOW - 2000 * DAY,
    followers: 300,
    following: 250,
    lifetimePosts: 4000,
    observed: 3,
    reposts: 1,
    duplicates: 0,
    firstSeenMs: NOW - 3 * 3_600_000,
    lastSeenMs: NOW,
    gapCount: 2,
    gapMean: 3_600_000,
    gapM2: 1e12,
    hours: new Uint16Array(24),
    ...overrides,
  };
}

describe(scoreAccount.name, () => {
  it.each([
    ['an established human-looking account', profile(), 0, 0.1],
    [
      'a days-old, digit-handled, copy-pasting account with no followers',
      profile({
        handle: 'zorakel48213',
        createdAtMs: NOW - 3 * DAY,
        followers: 4,
        following: 1800,
        lifetimePosts: 600,
        observed: 20,
        duplicates: 19,
        gapCount: 19,
        gapMean: 50_000,
        gapM2: 19 * 5_000 ** 2,
      }),
      0.9,
      1,
    ],
  ])('scores %s within [%d, %d]', (_name, p, lo, hi) => {
    const score = scoreAccount(p, NOW);
    expect(score.score).toBeGreaterThanOrEqual(lo);
    expect(score.score).toBeLessThanOrEqual(hi);
  });

  it('explains every score: the logit is the bias plus the attributions', () => {
    const score = scoreAccount(profile({ handle: 'bot12345', createdAtMs: NOW - DAY }), NOW);
    const logit = score.bias + score.attributions.reduce((s, a) => s + a.contribution, 0);
    expect(score.score).toBeCloseTo(1 / (1 + Math.exp(-logit)), 2);
    expect(score.attributions.map((a) => a.feature).sort()).toEqual(
      [
        'accountAgeDays',
        'duplicateTextRatio',
        'followerRatio',
        'gapCv',
        'handleDigitRun',
        'handleEntropy',
        'hourSpread',
        'postsPerDay',
        'repostRatio',
      ].sort(),
    );
    expect(score.attributions[0]?.feature).toBe('accountAgeDays');
  });

  it('treats missing metadata as neutral, never as bot-like', () => {
    const score = scoreAccount(
      profile({
        handle: null,
        createdAtMs: Number.NaN,
        followers: null,
        following: null,
        lifetimePosts: null,
      }),
      NOW,
    );
    expect(score.score).toBeLessThan(0.1);
    expect(score.attributions.find((a) => a.feature === 'accountAgeDays')?.value).toBeNull();
  });
});

describe(longestDigitRun.name, () => {
  it.each([
    ['quiet_river', 0],
    ['river42', 2],
    ['zorakel48213', 5],
    ['a1b22c333', 3],
  ])('%s → %d', (handle, expected) => {
    expect(longestDigitRun(handle)).toBe(expected);
  });
});

describe(handleEntropy.name, () => {
  it('is 0 for one repeated character and grows with variety', () => {
    expect(handleEntropy('aaaa')).toBe(0);
    expect(handleEntropy('abcd')).toBe(2);
  });
});

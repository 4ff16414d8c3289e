import { TrendFollower } from './trend-follower';

const MIN = 60_000;

describe(TrendFollower.name, () => {
  it('follows new terms up to the bound, refuses the rest, and skips configured ones', () => {
    const f = new TrendFollower({ maxFollowed: 2, ttlMs: 10 * MIN, exclude: ['leak'] });
    expect(f.update(['leak', 'a', 'b', 'c'], 0)).toEqual({
      added: ['a', 'b'],
      removed: [],
      refused: ['c'],
    });
    expect(f.list().map((t) => t.term)).toEqual(['a', 'b']);
  });

  it.each([
    [
      'still trending: refreshed, kept',
      ['a'],
      14 * MIN,
      { added: [], removed: ['b'], refused: [] },
      ['a'],
    ],
    [
      'gone from trends: dropped after the ttl',
      [],
      16 * MIN,
      { added: [], removed: ['a', 'b'], refused: [] },
      [],
    ],
    [
      'gone, but within the ttl: kept',
      [],
      9 * MIN,
      { added: [], removed: [], refused: [] },
      ['a', 'b'],
    ],
  ])('%s', (_, second, at, change, left) => {
    const f = new TrendFollower({ maxFollowed: 5, ttlMs: 10 * MIN });
    f.update(['a', 'b'], 0);
    if (at > 10 * MIN) f.update(['a'], 5 * MIN);
    expect(f.update(second, at)).toEqual(change);
    expect(f.list().map((t) => t.term)).toEqual(left);
  });

  it('frees room as terms lapse, and reports expiry times', () => {
    const f = new TrendFollower({ maxFollowed: 1, ttlMs: MIN });
    f.update(['a'], 0);
    expect(f.get('a')).toEqual({ term: 'a', since: 0, lastSeenAt: 0, expiresAt: MIN });
    expect(f.update(['b'], MIN)).toEqual({ added: ['b'], removed: ['a'], refused: [] });
    expect(f.expire(2 * MIN)).toEqual(['b']);
  });
});

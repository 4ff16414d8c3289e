import { SilenceSet, type SilenceSpec } from './silences';

const base: SilenceSpec = {
  id: 's1',
  matchers: [{ name: 'term', op: '=~', value: '#leak.*' }],
  startsAt: 1_000,
  endsAt: 10_000,
  createdBy: 'ana',
  comment: 'known campaign',
  expireWhenResolved: false,
};
const subject = (term: string) => ({ fingerprint: term, labels: { term } });

describe(SilenceSet.name, () => {
  it.each([
    ['before it starts', '#leaked', 500, false],
    ['while active, matching', '#leaked', 5_000, true],
    ['while active, not matching', '#news', 5_000, false],
    ['at its end (exclusive)', '#leaked', 10_000, false],
  ])('mutes %s: %s at %d → %s', (_, term, now, muted) => {
    const set = new SilenceSet();
    set.upsert(base);
    expect(set.mutes(subject(term), now)).toBe(muted);
  });

  it('reports each ended silence once', () => {
    const set = new SilenceSet();
    set.upsert(base);
    expect(set.expireDue(9_999)).toEqual([]);
    expect(set.expireDue(10_000).map((e) => [e.silence.id, e.reason, e.at])).toEqual([
      ['s1', 'ended', 10_000],
    ]);
    expect(set.expireDue(20_000)).toEqual([]);
  });

  it('expires an expire-when-resolved silence only when no matching alert still fires (#1057)', () => {
    const set = new SilenceSet();
    set.upsert({ ...base, endsAt: null, expireWhenResolved: true });
    const a = { term: '#leaked' };
    const b = { term: '#leakvideo' };
    expect(set.onResolved(a, [b], 2_000)).toEqual([]);
    expect(set.mutes(subject('#leakvideo'), 2_000)).toBe(true);
    expect(set.onResolved(b, [], 3_000).map((e) => e.reason)).toEqual(['resolved']);
    expect(set.mutes(subject('#leakvideo'), 3_001)).toBe(false);
  });

  it('lets a user expire a silence early, once', () => {
    const set = new SilenceSet();
    set.upsert(base);
    expect(set.expire('s1', 2_000)?.reason).toBe('expired-by-user');
    expect(set.expire('s1', 3_000)).toBeNull();
    expect(set.mutes(subject('#leaked'), 2_500)).toBe(false);
  });

  it('rejects an invalid regex matcher', () => {
    const set = new SilenceSet();
    expect(() =>
      set.upsert({ ...base, matchers: [{ name: 'term', op: '=~', value: '(' }] }),
    ).toThrow(RangeError);
  });
});

import { TimeFormatter } from './time-format';

describe(TimeFormatter.name, () => {
  it.each([
    ['epoch', 0],
    ['a leap day', Date.parse('2024-02-29T23:59:59.999Z')],
    ['a minute boundary', Date.parse('2024-03-01T12:00:00.000Z')],
    ['before 1970', Date.parse('1969-12-31T23:59:58.123Z')],
  ])('formats %s like Date#toISOString', (_, ms) => {
    const format = new TimeFormatter();
    for (const t of [ms, ms + 1, ms + 59_999, ms + 60_000, ms - 1]) {
      expect(format.iso(t)).toBe(new Date(t).toISOString());
    }
  });

  it('builds distinct, time-sorted numeric post ids', () => {
    const format = new TimeFormatter();
    const start = Date.parse('2024-03-01T00:00:00Z');
    const ids = [0, 0, 1, 999, 60_000, 3_600_000].map((d, i) => format.postId(start + d, i));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => /^\d+$/.test(id))).toBe(true);
    expect([...ids].sort()).toEqual(ids);
  });
});

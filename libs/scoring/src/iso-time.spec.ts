import { isoToMs } from './iso-time';
import { seededRandom } from './testing/stream-factory';

describe(isoToMs.name, () => {
  it.each([
    '2024-03-01T12:00:05Z',
    '2024-03-01T12:00:05.123Z',
    '2024-03-01T12:00:05.1Z',
    '2024-03-01T12:00:05.123456Z',
    '2024-02-29T23:59:59.999Z',
    '2024-03-01T12:00:05+05:30',
    '2024-03-01T00:10:00-08:00',
    '1969-12-31T23:59:59Z',
    '2000-02-28T10:00:00Z',
    '2100-12-31T10:00:00Z',
    '2015-02-26 21:42:53',
    '2024-03-01',
    'not a date',
    '2024-13-01T00:00:00Z',
    '2024-03-01T12:00:05.Z',
  ])('%s equals Date.parse', (iso) => {
    expect(isoToMs(iso)).toEqual(Date.parse(iso));
  });

  it('equals Date.parse on random instants from 1900 to 2200', () => {
    const random = seededRandom(3);
    for (let i = 0; i < 20_000; i++) {
      const ms = Math.floor(-2_208_988_800_000 + random() * 9_467_280_000_000);
      const iso = new Date(ms).toISOString();
      expect(isoToMs(iso)).toBe(ms);
    }
  });
});

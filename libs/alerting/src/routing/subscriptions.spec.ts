import { deliverAfterQuietHours } from './subscriptions';

const at = (iso: string) => Date.parse(iso);

describe(deliverAfterQuietHours.name, () => {
  it.each([
    ['no quiet hours', {}, '2026-03-01T23:30:00Z', '2026-03-01T23:30:00Z'],
    [
      'outside a wrapping window',
      { quietStart: '22:00', quietEnd: '07:00' },
      '2026-03-01T12:00:00Z',
      '2026-03-01T12:00:00Z',
    ],
    [
      'inside a wrapping window, before midnight',
      { quietStart: '22:00', quietEnd: '07:00' },
      '2026-03-01T23:30:00Z',
      '2026-03-02T07:00:00Z',
    ],
    [
      'inside a wrapping window, after midnight',
      { quietStart: '22:00', quietEnd: '07:00' },
      '2026-03-02T03:15:00Z',
      '2026-03-02T07:00:00Z',
    ],
    // 13:30 UTC is 22:30 in Tokyo (UTC+9): quiet until 07:00 Tokyo = 22:00 UTC.
    [
      'in another time zone',
      { quietStart: '22:00', quietEnd: '07:00', timezone: 'Asia/Tokyo' },
      '2026-03-01T13:30:00Z',
      '2026-03-01T22:00:00Z',
    ],
  ])('%s', (_, quiet, now, expected) => {
    expect(
      new Date(deliverAfterQuietHours({ timezone: 'UTC', ...quiet }, at(now))).toISOString(),
    ).toBe(new Date(at(expected)).toISOString());
  });
});

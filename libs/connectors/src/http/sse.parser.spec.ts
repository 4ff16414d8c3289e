import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { fixtureDir } from '../testing/test-kit';
import { parseSseText, SseParser } from './sse.parser';

const RECORDED = readFileSync(
  join(fixtureDir('mastodon'), 'mastodonpy__streaming_user.sse.txt'),
  'utf8',
);

describe(SseParser.name, () => {
  it.each([
    ['LF frames', 'event: a\ndata: 1\n\n', [{ event: 'a', data: '1', id: null }]],
    ['CRLF frames', 'event: a\r\ndata: 1\r\n\r\n', [{ event: 'a', data: '1', id: null }]],
    ['CR-only frames', 'event: a\rdata: 1\r\r', [{ event: 'a', data: '1', id: null }]],
    ['multi-line data', 'data: x\ndata: y\n\n', [{ event: 'message', data: 'x\ny', id: null }]],
    [
      'no space after colon',
      'event:delete\ndata:123\n\n',
      [{ event: 'delete', data: '123', id: null }],
    ],
    ['heartbeats only', ':)\n:thump\n\n', []],
    ['an id', 'id: 7\ndata: z\n\n', [{ event: 'message', data: 'z', id: '7' }]],
    ['an event with no data', 'event: x\n\n', []],
    [
      'unknown fields and retry',
      'retry: 10\nfoo: bar\ndata: q\n\n',
      [{ event: 'message', data: 'q', id: null }],
    ],
  ])('parses %s', (_, text, events) => {
    expect(parseSseText(text)).toEqual({ events, problems: [] });
  });

  it('parses the recorded Mastodon stream: the `:)` greeting is a heartbeat, then one update', () => {
    const { events, problems } = parseSseText(RECORDED);
    expect(problems).toEqual([]);
    expect(events.map((e) => e.event)).toEqual(['update']);
    expect(JSON.parse(events[0]?.data ?? '')).toMatchObject({ id: '117024248092393661' });
  });

  it('gives the same events however the bytes are cut, including between \\r and \\n', () => {
    const crlf = RECORDED.replace(/\n/g, '\r\n');
    const whole = parseSseText(crlf).events;
    for (const size of [1, 2, 3, 7, 64, 500]) {
      const p = new SseParser();
      const got = [];
      for (let i = 0; i < crlf.length; i += size) got.push(...p.push(crlf.slice(i, i + size)));
      expect(got).toEqual(whole);
    }
  });

  it('drops and reports an event cut by the end of the connection', () => {
    const { events, problems } = parseSseText('event: update\ndata: {"id":"1"');
    expect(events).toEqual([]);
    expect(problems).toEqual([
      { where: 'frame', message: 'connection ended inside an event (update); it was dropped' },
    ]);
  });

  it('drops and reports an oversized event, and keeps the next one', () => {
    const big = `data: ${'x'.repeat(100)}\n\n`;
    const { events, problems } = parseSseText(`${big}data: ok\n\n`, { maxEventChars: 50 });
    expect(events).toEqual([{ event: 'message', data: 'ok', id: null }]);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.message).toMatch(/larger than 50/);
  });
});

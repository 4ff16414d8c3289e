import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { parseObservation } from '@spreadwatch/contracts';
import fc from 'fast-check';

import { parseBlueskyTrends } from '../bluesky/bluesky-trends.parser';
import { parseSseText, SseParser } from '../http/sse.parser';
import { parseMastodonStreamEvent } from '../mastodon/mastodon-stream.parser';
import { parseMastodonTrends } from '../mastodon/mastodon.parser';
import { fixtureDir } from './test-kit';

const RECORDED = readFileSync(
  join(fixtureDir('mastodon'), 'mastodonpy__streaming_user.sse.txt'),
  'utf8',
);
const STATUS =
  RECORDED.split('\n')
    .find((l) => l.startsWith('data: '))
    ?.slice(6) ?? '';
const SYNTHETIC = join(__dirname, 'synthetic');
const TRENDS = JSON.parse(
  readFileSync(join(SYNTHETIC, 'bluesky__getTrends.synthetic.json'), 'utf8'),
) as { trends: unknown[] };

/** A well-formed SSE frame for a status update with id `n`. */
const goodFrame = (n: number): string =>
  `event: update\ndata: ${STATUS.replace('117024248092393661', String(117024248092393661n + BigInt(n)))}\n\n`;

// Malformed frames: every one is a complete frame (ends in a blank line) that must be reported, not mapped.
const badFrame = fc.oneof(
  fc.string({ maxLength: 40 }).map((s) => `event: update\ndata: {${s.replace(/[\r\n]/g, '')}\n\n`),
  fc.constant('event: update\ndata: {"id":"1"}\n\n'),
  fc.constant('event: status.update\ndata: null\n\n'),
  fc.constant('event: delete\ndata: two words\n\n'),
  fc.constant(`event: update\ndata: ${STATUS.slice(0, 300)}\n\n`),
);

describe('stream and trend parsers (property-based)', () => {
  it('SSE: random text never throws, and events come out the same however it is cut', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 300 }),
        fc.array(fc.nat({ max: 300 }), { maxLength: 6 }),
        (s, cuts) => {
          const whole = parseSseText(s);
          const p = new SseParser();
          const events = [];
          let at = 0;
          for (const c of [...cuts].sort((a, b) => a - b)) {
            events.push(...p.push(s.slice(at, Math.max(at, c))));
            at = Math.max(at, c);
          }
          events.push(...p.push(s.slice(at)));
          p.end();
          return JSON.stringify(events) === JSON.stringify(whole.events);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('Mastodon stream: bad frames among good ones are each reported, and every good one is kept', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.nat({ max: 1000 }).map((n) => ({ good: n })),
            badFrame.map((f) => ({ bad: f })),
          ),
          {
            maxLength: 12,
          },
        ),
        fc.constantFrom('\n', '\r\n'),
        fc.boolean(),
        (frames, eol, heartbeats) => {
          const text = frames
            .map((f) => ('good' in f ? goodFrame(f.good) : f.bad))
            .map((f) => (heartbeats ? `:thump\n${f}` : f))
            .join('')
            .replace(/\n/g, eol);
          const { events, problems } = parseSseText(text);
          if (problems.length > 0) return false;
          let posts = 0;
          let reported = 0;
          for (const ev of events) {
            const item = parseMastodonStreamEvent(ev, 'm');
            if (item.kind === 'post' && parseObservation(item.observation).ok) posts += 1;
            else if (item.kind === 'problem') reported += 1;
            else return false;
          }
          const good = frames.filter((f) => 'good' in f).length;
          return posts === good && reported === frames.length - good;
        },
      ),
      { numRuns: 200 },
    );
  });

  it('Mastodon stream: any event name and data never throws and never yields an invalid observation', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.constantFrom('update', 'status.update', 'delete', 'notification'), fc.string()),
        fc.oneof(
          fc.string(),
          fc.jsonValue().map((v) => JSON.stringify(v) ?? ''),
        ),
        (event, data) => {
          const item = parseMastodonStreamEvent({ event, data, id: null }, 'm');
          return item.kind === 'post' || item.kind === 'delete'
            ? parseObservation(item.observation).ok
            : true;
        },
      ),
      { numRuns: 500 },
    );
  });

  it('trending payloads: random JSON never throws; one mangled topic is reported and the others kept', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const b = parseBlueskyTrends(v);
        const m = parseMastodonTrends(v);
        return (
          Array.isArray(b.trends) && Array.isArray(m.tags) && b.trends.every((t) => t.term !== '')
        );
      }),
      { numRuns: 500 },
    );
    const clean = parseBlueskyTrends(TRENDS);
    fc.assert(
      fc.property(
        fc.nat({ max: TRENDS.trends.length - 1 }),
        fc.oneof(
          fc.constant(null),
          fc.integer(),
          fc.string(),
          fc.constant([]),
          fc.constant({ topic: '' }),
        ),
        (index, junk) => {
          const copy = structuredClone(TRENDS);
          copy.trends[index] = junk;
          const out = parseBlueskyTrends(copy);
          return (
            out.trends.length >= clean.trends.length - 1 &&
            out.problems.some((p) => p.where === `trends.${index}`)
          );
        },
      ),
      { numRuns: 100 },
    );
  });
});

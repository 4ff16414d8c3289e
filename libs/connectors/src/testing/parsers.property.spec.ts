import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { parseObservation } from '@spreadwatch/contracts';
import fc from 'fast-check';

import type { ParsedPage } from '../connector';
import { parseJetstreamLines, parseSearchPosts } from '../bluesky/bluesky.parser';
import { parseMastodonStatuses } from '../mastodon/mastodon.parser';
import { parseRedditListing } from '../reddit/reddit.parser';
import { parseRss } from '../rss/rss.parser';
import { htmlToText } from '../text/html-text';
import { parseTrendsRss } from '../trends/google-trends.parser';
import { parseXCounts, parseXSearch } from '../x/x.parser';
import { fixtureDir } from './test-kit';

const read = (source: string, file: string): unknown =>
  JSON.parse(readFileSync(join(fixtureDir(source), file), 'utf8'));

// Each JSON parser with a real page and the array inside it that holds the items.
const JSON_PARSERS: {
  name: string;
  parse: (body: unknown) => ParsedPage;
  page: () => unknown;
  items: (page: unknown) => unknown[];
}[] = [
  {
    name: 'mastodon statuses',
    parse: (b) => parseMastodonStatuses(b, 's'),
    page: () => read('mastodon', 'mastodonpy__timelines_public_anonymous.json'),
    items: (p) => p as unknown[],
  },
  {
    name: 'bluesky searchPosts',
    parse: (b) => parseSearchPosts(b, 's'),
    page: () => read('bluesky', 'bskyr__searchPosts_q_redistricting.json'),
    items: (p) => (p as { posts: unknown[] }).posts,
  },
  {
    name: 'reddit listing',
    parse: (b) => parseRedditListing(b, 's'),
    page: () => read('reddit', 'asyncpraw__r_all_new_before.json'),
    items: (p) => (p as { data: { children: unknown[] } }).data.children,
  },
  {
    name: 'x search',
    parse: (b) => parseXSearch(b, 's'),
    page: () => read('x_twitter', 'academictwitter__search_all_retweets_of_kfc.json'),
    items: (p) => (p as { data: unknown[] }).data,
  },
  {
    name: 'x counts',
    parse: (b) => parseXCounts(b, 's', 't', 'day', Date.parse('2030-01-01')),
    page: () => read('x_twitter', 'academictwitter__counts_all_commtwitter_day_p4.json'),
    items: (p) => (p as { data: unknown[] }).data,
  },
];

const allValid = (page: ParsedPage): boolean =>
  page.observations.every((o) => parseObservation(o).ok);

describe('connector parsers (property-based)', () => {
  describe.each(JSON_PARSERS)('$name', ({ parse, page, items }) => {
    it('never throws on random JSON and returns only contract-valid observations', () => {
      fc.assert(
        fc.property(fc.jsonValue(), (v) => {
          const out = parse(v);
          return allValid(out) && Array.isArray(out.problems);
        }),
        { numRuns: 300 },
      );
    });

    it('one mangled item is reported and every other item is kept', () => {
      const base = page();
      const clean = parse(base).observations.length;
      const n = items(base).length;
      fc.assert(
        fc.property(
          fc.nat({ max: n - 1 }),
          fc.oneof(
            fc.constant(null),
            fc.integer(),
            fc.string(),
            fc.constant([]),
            fc.dictionary(fc.string(), fc.jsonValue()),
          ),
          (index, junk) => {
            const copy = structuredClone(base);
            const list = items(copy);
            const before = parse(structuredClone(base));
            list[index] = junk;
            const out = parse(copy);
            // At most the mangled item is lost, and nothing else.
            return (
              allValid(out) &&
              out.observations.length >= before.observations.length - 1 &&
              out.observations.length <= clean
            );
          },
        ),
        { numRuns: 100 },
      );
    });

    it('mutated field values never crash the parser', () => {
      const base = page();
      fc.assert(
        fc.property(
          fc.nat({ max: items(base).length - 1 }),
          fc.string({ minLength: 1, maxLength: 12 }),
          fc.jsonValue(),
          (index, key, value) => {
            const copy = structuredClone(base);
            const item = items(copy)[index];
            if (typeof item === 'object' && item !== null && !Array.isArray(item)) {
              const obj = item as Record<string, unknown>;
              const keys = Object.keys(obj);
              obj[keys[key.length % Math.max(1, keys.length)] ?? key] = value;
            }
            return allValid(parse(copy));
          },
        ),
        { numRuns: 200 },
      );
    });
  });

  it('jetstream: random and truncated lines are reported per line, good lines kept', () => {
    const lines = readFileSync(join(fixtureDir('bluesky'), 'jetstream__golden_v1.jsonl'), 'utf8')
      .split('\n')
      .filter((l) => l !== '');
    const good = parseJetstreamLines(lines, 's').events.length;
    fc.assert(
      fc.property(
        fc.nat({ max: lines.length - 1 }),
        fc.nat({ max: 400 }),
        fc.string(),
        (i, cut, junk) => {
          const mangled = [...lines];
          mangled[i] = (mangled[i] ?? '').slice(0, cut) + junk;
          const out = parseJetstreamLines(mangled, 's');
          return (
            out.events.length + out.problems.length === lines.length &&
            out.events.length >= good - 1
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it('text parsers (HTML, RSS, trends) never throw anything but a clear Error', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 500 }), (s) => {
        htmlToText(s);
        for (const f of [() => parseRss(s, 's', 'https://x.example/f'), () => parseTrendsRss(s)]) {
          try {
            f();
          } catch (err) {
            if (!(err instanceof Error) || !/expected an RSS|HTML page/.test(err.message))
              return false;
          }
        }
        return true;
      }),
      { numRuns: 500 },
    );
    const feed = (body: string) => `<?xml version="1.0"?><rss><channel>${body}</channel></rss>`;
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.string(),
            fc.constantFrom(
              '<item>',
              '</item>',
              '<title>',
              '</title>',
              '<pubDate>Mon, 14 Sep 2026 08:50:00 -0700</pubDate>',
              '<![CDATA[',
              ']]>',
              '&amp;',
              '&#x110000;',
            ),
          ),
          { maxLength: 30 },
        ),
        (parts) => {
          const out = parseRss(feed(parts.join('')), 's', 'https://x.example/f');
          return allValid(out);
        },
      ),
      { numRuns: 300 },
    );
  });
});

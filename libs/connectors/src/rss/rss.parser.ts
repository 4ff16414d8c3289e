import type { PostObservation } from '@spreadwatch/contracts';
import { createHash } from 'node:crypto';

import type { ParsedPage } from '../connector';
import { mapItems } from '../text/finalize';
import { htmlToText } from '../text/html-text';
import { toIso } from '../text/json-guard';
import { type FeedItem, parseFeed } from '../text/xml-lite';

function pick(item: FeedItem, names: readonly string[]): string | undefined {
  for (const n of names) {
    const v = item.fields.get(n);
    if (v !== undefined && v !== '') return v;
  }
  return undefined;
}

/** One RSS item or Atom entry → post. Hashtags come from `#tags` in the text (none are structured). */
export function mapFeedItem(item: FeedItem, source: string, feedUrl: string): PostObservation {
  const link = item.links.find((l) => l.rel === 'alternate')?.href ?? pick(item, ['link']);
  const title = pick(item, ['title']) ?? '';
  const body = htmlToText(pick(item, ['description', 'summary', 'content', 'encoded']) ?? '');
  const when = pick(item, ['pubdate', 'published', 'updated', 'date']);
  const ts = toIso(when);
  if (ts === undefined)
    throw new Error(`pubDate: missing or not a date (${JSON.stringify(when ?? null)})`);
  const id =
    pick(item, ['guid', 'id']) ??
    link ??
    createHash('sha256').update(`${title}\n${ts}`).digest('hex').slice(0, 32);
  let host = 'feed';
  try {
    host = new URL(feedUrl).hostname;
  } catch {
    // keep the placeholder
  }
  const author = pick(item, ['creator', 'author', 'name']);
  return {
    type: 'post',
    source,
    id,
    ts,
    kind: 'post',
    author: { id: author ?? host, handle: author ?? null },
    text: [title, body].filter((t) => t.length > 0).join('\n'),
    urls: link === undefined ? [] : [link],
  };
}

/** A feed document → posts; malformed items are reported, the rest kept. Throws only for non-feeds. */
export function parseRss(xml: string, source: string, feedUrl: string): ParsedPage {
  const feed = parseFeed(xml);
  return mapItems(feed.items, 'item', (item) => mapFeedItem(item, source, feedUrl));
}

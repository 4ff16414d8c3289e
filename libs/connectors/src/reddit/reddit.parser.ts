import type { PostObservation } from '@spreadwatch/contracts';

import type { ParsedPage } from '../connector';
import { badPage, mapItems } from '../text/finalize';
import { decodeEntities } from '../text/html-text';
import { asArray, asCount, asObject, asString } from '../text/json-guard';

const GONE = new Set(['[deleted]', '[removed]']);

export interface RedditListingPage extends ParsedPage {
  /** Fullnames (`t3_…`) and creation times of every child, newest first as listed. */
  items: { name: string; createdMs: number }[];
  after: string | null;
}

/** One t3 (link/self post) → post. Event time is `created_utc` (float epoch seconds). */
export function mapRedditPost(child: unknown, source: string): PostObservation | null {
  const c = asObject(child);
  if (c === undefined) throw new Error('expected a listing child');
  if (asString(c['kind']) !== 't3') return null;
  const d = asObject(c['data']);
  if (d === undefined) throw new Error('data: missing');
  const name = asString(d['name']);
  if (name === undefined) throw new Error('name: missing');
  const created = d['created_utc'];
  if (typeof created !== 'number' || !Number.isFinite(created) || created < 0) {
    throw new Error(`created_utc: not an epoch number (${JSON.stringify(created)})`);
  }
  const author = asString(d['author']);
  // Deleted authors have no fullname; they still count as one (unknown) account.
  const authorId =
    asString(d['author_fullname']) ??
    (author !== undefined && !GONE.has(author) ? `u/${author}` : '[deleted]');
  const title = decodeEntities(asString(d['title']) ?? '');
  const selftext = asString(d['selftext']) ?? '';
  const body = GONE.has(selftext) ? '' : decodeEntities(selftext);
  const crossParent = asString(d['crosspost_parent']);
  const url = asString(d['url']);
  const isSelf = d['is_self'] === true;
  return {
    type: 'post',
    source,
    id: name,
    ts: new Date(Math.round(created * 1000)).toISOString(),
    kind: crossParent === undefined ? 'post' : 'repost',
    parentId: crossParent ?? null,
    author: { id: authorId, handle: author !== undefined && !GONE.has(author) ? author : null },
    text: [title, body].filter((t) => t.length > 0).join('\n'),
    // Reddit has no hashtags field; terms come from `#tags` written in the text.
    urls: !isSelf && url !== undefined && /^https?:\/\//.test(url) ? [url] : [],
    lang: null,
    metrics: {
      reposts: asCount(d['num_crossposts']) ?? null,
      likes: asCount(d['score']) ?? null,
      replies: asCount(d['num_comments']) ?? null,
    },
  };
}

/** A Listing → posts, fullnames with times (for our high-water mark) and `after`. Never throws. */
export function parseRedditListing(body: unknown, source: string): RedditListingPage {
  const data = asObject(asObject(body)?.['data']);
  const children = asArray(data?.['children']);
  if (asString(asObject(body)?.['kind']) !== 'Listing' || children === undefined) {
    return { ...badPage('expected a Listing with data.children'), items: [], after: null };
  }
  const items: RedditListingPage['items'] = [];
  for (const ch of children) {
    const d = asObject(asObject(ch)?.['data']);
    const name = asString(d?.['name']);
    const created = d?.['created_utc'];
    if (name !== undefined && typeof created === 'number' && Number.isFinite(created)) {
      items.push({ name, createdMs: Math.round(created * 1000) });
    }
  }
  const page = mapItems(children, 'data.children', (ch) => mapRedditPost(ch, source));
  return { ...page, items, after: asString(data?.['after']) ?? null };
}

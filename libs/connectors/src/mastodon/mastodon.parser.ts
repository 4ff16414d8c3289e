import type { PostKind, PostObservation } from '@spreadwatch/contracts';

import type { ParsedPage } from '../connector';
import { distinctTags } from '../text/hashtags';
import { htmlToText } from '../text/html-text';
import { asArray, asCount, asId, asObject, asString, type Json, toIso } from '../text/json-guard';
import { badPage, mapItems } from '../text/finalize';

/** A Mastodon status page plus the ids on it (for cursors), even of statuses that failed to map. */
export interface MastodonPage extends ParsedPage {
  ids: string[];
}

/**
 * Maps a timeline page (array of Status) to post observations. Event time is `created_at`; the cursor
 * uses `id`. A boost becomes a `repost` of the original, with the original's tags.
 */
export function parseMastodonStatuses(body: unknown, source: string): MastodonPage {
  const items = asArray(body);
  if (items === undefined) return { ...badPage('expected an array of statuses'), ids: [] };
  const ids: string[] = [];
  for (const item of items) {
    const id = asId(asObject(item)?.['id']);
    if (id !== undefined) ids.push(id);
  }
  const page = mapItems(items, 'statuses', (item) => mapStatus(item, source));
  return { ...page, ids };
}

/** One Status → post observation; throws with a field name when a required field is missing. */
export function mapStatus(item: unknown, source: string): PostObservation {
  const s = asObject(item);
  if (s === undefined) throw new Error('expected a status object');
  const id = asId(s['id']);
  if (id === undefined) throw new Error('id: missing');
  const ts = toIso(s['created_at']);
  if (ts === undefined)
    throw new Error(`created_at: not a timestamp (${JSON.stringify(s['created_at'])})`);
  const account = asObject(s['account']);
  const authorId = asId(account?.['id']);
  if (account === undefined || authorId === undefined) throw new Error('account.id: missing');

  const reblog = asObject(s['reblog']);
  // A boost's wrapper has empty content and zero counts; text and tags come from the original.
  const content = reblog ?? s;
  let kind: PostKind = 'post';
  let parentId: string | null = null;
  const quoted = asObject(asObject(s['quote'])?.['quoted_status']);
  if (reblog !== undefined) {
    kind = 'repost';
    parentId = asId(reblog['id']) ?? null;
  } else if (asId(s['in_reply_to_id']) !== undefined) {
    kind = 'reply';
    parentId = asId(s['in_reply_to_id']) ?? null;
  } else if (quoted !== undefined && asId(quoted['id']) !== undefined) {
    kind = 'quote';
    parentId = asId(quoted['id']) ?? null;
  }
  const html = asString(content['content']) ?? '';
  const spoiler = asString(content['spoiler_text']) ?? '';
  const text = [spoiler, htmlToText(html)].filter((t) => t.length > 0).join('\n');
  const tags = (asArray(content['tags']) ?? [])
    .map((t) => asString(asObject(t)?.['name']))
    .filter((t): t is string => t !== undefined);

  const post: PostObservation = {
    type: 'post',
    source,
    id,
    ts,
    kind,
    parentId,
    author: mapAccount(account, authorId),
    text,
    hashtags: distinctTags(tags),
    urls: linkTexts(html),
    lang: asString(s['language']) ?? null,
    metrics: {
      reposts: asCount(s['reblogs_count']) ?? null,
      likes: asCount(s['favourites_count']) ?? null,
      replies: asCount(s['replies_count']) ?? null,
    },
  };
  return post;
}

function mapAccount(account: Json, id: string): PostObservation['author'] {
  return {
    id,
    handle: asString(account['acct']) ?? asString(account['username']) ?? null,
    createdAt: toIso(account['created_at']) ?? null,
    followers: asCount(account['followers_count']) ?? null,
    following: asCount(account['following_count']) ?? null,
    posts: asCount(account['statuses_count']) ?? null,
  };
}

/** Hrefs of plain links in the content (not mentions or hashtags), kept as text and never fetched. */
function linkTexts(html: string): string[] {
  const out: string[] = [];
  for (const m of html.matchAll(/<a\s([^>]*)>/gi)) {
    const attrs = m[1] ?? '';
    if (/class\s*=\s*"[^"]*\b(mention|hashtag)\b/i.test(attrs)) continue;
    const href = /href\s*=\s*"([^"]*)"/i.exec(attrs)?.[1];
    if (href !== undefined && /^https?:\/\//i.test(href) && !out.includes(href)) out.push(href);
  }
  return out;
}

/** Trending tags (`GET /api/v1/trends/tags`): their names, normalised. Never throws. */
export function parseMastodonTrends(body: unknown): {
  tags: string[];
  problems: ParsedPage['problems'];
} {
  const items = asArray(body);
  if (items === undefined)
    return { tags: [], problems: [{ where: 'page', message: 'expected an array of tags' }] };
  const names = items
    .map((t) => asString(asObject(t)?.['name']))
    .filter((t): t is string => t !== undefined);
  return { tags: distinctTags(names), problems: [] };
}

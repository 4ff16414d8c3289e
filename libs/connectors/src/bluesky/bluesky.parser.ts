import type { Observation, PostKind, PostObservation } from '@spreadwatch/contracts';

import type { PageProblem, ParsedPage } from '../connector';
import { badPage, mapItems } from '../text/finalize';
import { distinctTags } from '../text/hashtags';
import { asArray, asCount, asObject, asString, type Json, toIso } from '../text/json-guard';

const TAG_FEATURE = 'app.bsky.richtext.facet#tag';
const LINK_FEATURE = 'app.bsky.richtext.facet#link';

/** Slices `text` by UTF-8 byte offsets (facet indexes are bytes, not UTF-16 units). */
export function sliceUtf8(text: string, byteStart: number, byteEnd: number): string {
  const bytes = Buffer.from(text, 'utf8');
  if (byteStart < 0 || byteEnd > bytes.length || byteStart >= byteEnd) return '';
  return bytes.subarray(byteStart, byteEnd).toString('utf8');
}

/** Hashtags and links of a post record: `#tag` facets (by feature, else by byte range), then `tags[]`. */
export function recordTagsAndLinks(record: Json): { hashtags: string[]; urls: string[] } {
  const text = asString(record['text']) ?? '';
  const tags: string[] = [];
  const urls: string[] = [];
  for (const facet of asArray(record['facets']) ?? []) {
    const f = asObject(facet);
    const index = asObject(f?.['index']);
    for (const feature of asArray(f?.['features']) ?? []) {
      const feat = asObject(feature);
      const type = asString(feat?.['$type']);
      if (type === TAG_FEATURE) {
        const tag = asString(feat?.['tag']);
        if (tag !== undefined) tags.push(tag);
        else {
          const start = asCount(index?.['byteStart']);
          const end = asCount(index?.['byteEnd']);
          if (start !== undefined && end !== undefined) tags.push(sliceUtf8(text, start, end));
        }
      } else if (type === LINK_FEATURE) {
        const uri = asString(feat?.['uri']);
        if (uri !== undefined && !urls.includes(uri)) urls.push(uri);
      }
    }
  }
  for (const t of asArray(record['tags']) ?? []) {
    const tag = asString(t);
    if (tag !== undefined) tags.push(tag);
  }
  return { hashtags: distinctTags(tags), urls };
}

/** Reply parent, or the quoted post of a record/recordWithMedia embed. */
export function recordRelation(record: Json): { kind: PostKind; parentId: string | null } {
  const parent = asString(asObject(asObject(record['reply'])?.['parent'])?.['uri']);
  if (parent !== undefined) return { kind: 'reply', parentId: parent };
  const embed = asObject(record['embed']);
  const type = asString(embed?.['$type']);
  if (type === 'app.bsky.embed.record') {
    const uri = asString(asObject(embed?.['record'])?.['uri']);
    if (uri !== undefined) return { kind: 'quote', parentId: uri };
  }
  if (type === 'app.bsky.embed.recordWithMedia') {
    const uri = asString(asObject(asObject(embed?.['record'])?.['record'])?.['uri']);
    if (uri !== undefined) return { kind: 'quote', parentId: uri };
  }
  return { kind: 'post', parentId: null };
}

/** One PostView (searchPosts, getQuotes) → post. Event time is `indexedAt` (client `createdAt` is untrusted). */
export function mapPostView(item: unknown, source: string): PostObservation {
  const p = asObject(item);
  if (p === undefined) throw new Error('expected a post object');
  const uri = asString(p['uri']);
  if (uri === undefined || !uri.startsWith('at://'))
    throw new Error('uri: missing or not an at:// URI');
  const record = asObject(p['record']);
  if (record === undefined) throw new Error('record: missing');
  const ts = toIso(p['indexedAt']) ?? toIso(record['createdAt']);
  if (ts === undefined) throw new Error('indexedAt: not a timestamp');
  const author = asObject(p['author']);
  const did = asString(author?.['did']);
  if (author === undefined || did === undefined) throw new Error('author.did: missing');
  const { hashtags, urls } = recordTagsAndLinks(record);
  const rel = recordRelation(record);
  return {
    type: 'post',
    source,
    id: uri,
    ts,
    kind: rel.kind,
    parentId: rel.parentId,
    author: {
      id: did,
      handle: asString(author['handle']) ?? null,
      createdAt: toIso(author['createdAt']) ?? null,
      followers: asCount(author['followersCount']) ?? null,
      following: asCount(author['followsCount']) ?? null,
      posts: asCount(author['postsCount']) ?? null,
    },
    text: asString(record['text']) ?? null,
    hashtags,
    urls,
    lang: asString(asArray(record['langs'])?.[0]) ?? null,
    metrics: {
      reposts: asCount(p['repostCount']) ?? null,
      likes: asCount(p['likeCount']) ?? null,
      replies: asCount(p['replyCount']) ?? null,
    },
  };
}

export interface BlueskySearchPage extends ParsedPage {
  cursor: string | null;
  /** Newest `indexedAt` on the page (ISO), for the high-water mark. */
  newest: string | null;
}

/** `app.bsky.feed.searchPosts` output → posts, the next cursor and the newest indexedAt. Never throws. */
export function parseSearchPosts(body: unknown, source: string): BlueskySearchPage {
  const o = asObject(body);
  const posts = asArray(o?.['posts']);
  if (o === undefined || posts === undefined)
    return { ...badPage('expected {posts: PostView[]}'), cursor: null, newest: null };
  const page = mapItems(posts, 'posts', (p) => mapPostView(p, source));
  let newest: string | null = null;
  for (const obs of page.observations)
    if (obs.type === 'post' && (newest === null || obs.ts > newest)) newest = obs.ts;
  return { ...page, cursor: asString(o['cursor']) ?? null, newest };
}

/** One decoded Jetstream line. */
export interface JetstreamEvent {
  observation: Observation | null;
  timeUs: number | null;
  /** (did, collection, rkey, rev): the same commit seen again after a rewind has the same key. */
  dedupeKey: string | null;
  /** For a repost: the subject post's URI. */
  subject: string | null;
}

const POST = 'app.bsky.feed.post';
const REPOST = 'app.bsky.feed.repost';

/**
 * One Jetstream v1 line → a post, repost or delete observation (null for likes, follows, identity and the
 * rest). Event time is `time_us` (arrival at the relay). Throws with a field name on a malformed line.
 */
export function parseJetstreamLine(line: string, source: string): JetstreamEvent {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (err) {
    throw new Error(`invalid JSON: ${(err as Error).message}`);
  }
  const e = asObject(value);
  if (e === undefined) throw new Error('expected an event object');
  const timeUs =
    typeof e['time_us'] === 'number' && Number.isSafeInteger(e['time_us']) ? e['time_us'] : null;
  const did = asString(e['did']);
  const commit = asObject(e['commit']);
  if (asString(e['kind']) !== 'commit' || commit === undefined) {
    return { observation: null, timeUs, dedupeKey: null, subject: null };
  }
  if (did === undefined) throw new Error('did: missing');
  if (timeUs === null) throw new Error('time_us: missing');
  const collection = asString(commit['collection']);
  const rkey = asString(commit['rkey']);
  const op = asString(commit['operation']);
  if (rkey === undefined) throw new Error('commit.rkey: missing');
  const dedupeKey = `${did}|${collection ?? ''}|${rkey}|${asString(commit['rev']) ?? ''}`;
  if (collection !== POST && collection !== REPOST)
    return { observation: null, timeUs, dedupeKey, subject: null };
  const uri = `at://${did}/${collection}/${rkey}`;
  if (op === 'delete') {
    return { observation: { type: 'delete', source, id: uri }, timeUs, dedupeKey, subject: null };
  }
  if (op !== 'create' && op !== 'update')
    throw new Error(`commit.operation: unknown ${JSON.stringify(op)}`);
  const record = asObject(commit['record']);
  if (record === undefined) throw new Error('commit.record: missing');
  const ts = new Date(Math.floor(timeUs / 1000)).toISOString();
  if (collection === REPOST) {
    const subject = asString(asObject(record['subject'])?.['uri']);
    if (subject === undefined) throw new Error('commit.record.subject.uri: missing');
    return {
      observation: {
        type: 'post',
        source,
        id: uri,
        ts,
        kind: 'repost',
        parentId: subject,
        author: { id: did },
        hashtags: [],
      },
      timeUs,
      dedupeKey,
      subject,
    };
  }
  const { hashtags, urls } = recordTagsAndLinks(record);
  const rel = recordRelation(record);
  return {
    observation: {
      type: 'post',
      source,
      id: uri,
      ts,
      kind: rel.kind,
      parentId: rel.parentId,
      author: { id: did },
      text: asString(record['text']) ?? null,
      hashtags,
      urls,
      lang: asString(asArray(record['langs'])?.[0]) ?? null,
    },
    timeUs,
    dedupeKey,
    subject: null,
  };
}

/** Parses many lines, keeping good ones and reporting bad ones by line number. */
export function parseJetstreamLines(
  lines: readonly string[],
  source: string,
): { events: JetstreamEvent[]; problems: PageProblem[] } {
  const events: JetstreamEvent[] = [];
  const problems: PageProblem[] = [];
  lines.forEach((line, i) => {
    try {
      events.push(parseJetstreamLine(line, source));
    } catch (err) {
      problems.push({ where: `line.${i}`, message: (err as Error).message });
    }
  });
  return { events, problems };
}

import { decodeEntities } from './html-text';

/** One `<item>` (RSS) or `<entry>` (Atom): first text of each child by local name, plus Atom link hrefs. */
export interface FeedItem {
  fields: Map<string, string>;
  /** `<link href="…" rel="…">` (Atom); RSS `<link>` text is in fields. */
  links: { href: string; rel: string }[];
}

export interface ParsedFeed {
  format: 'rss' | 'atom' | 'unknown';
  items: FeedItem[];
}

/**
 * A deliberately small feed reader: finds `item`/`entry` elements and their direct text children by local
 * name, so namespace prefixes and changing namespace URIs (Google Trends' `ht:`) don't matter. DTDs and
 * custom entities are never expanded (no XXE); CDATA is taken verbatim. Throws on input that is not XML.
 */
export function parseFeed(xml: string): ParsedFeed {
  const head = xml.slice(0, 2_000);
  if (
    !/^\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*(<!DOCTYPE[^>]*>\s*)?<(rss|feed|rdf:RDF|[a-z]+:rss)\b/i.test(
      head,
    )
  ) {
    if (/^\s*<(!doctype\s+html|html)\b/i.test(head))
      throw new Error('expected an RSS/Atom feed but got an HTML page');
    throw new Error('expected an RSS or Atom feed (<rss> or <feed> root)');
  }
  const format = /<(?:[a-z]+:)?feed\b/i.test(head) && !/<rss\b/i.test(head) ? 'atom' : 'rss';
  const tag = format === 'atom' ? 'entry' : 'item';
  const items: FeedItem[] = [];
  const re = new RegExp(`<((?:[a-zA-Z][\\w.-]*:)?${tag})(\\s[^>]*)?>([\\s\\S]*?)</\\1\\s*>`, 'g');
  for (const m of xml.matchAll(re)) items.push(readItem(m[3] ?? ''));
  return { format, items };
}

function readItem(body: string): FeedItem {
  const fields = new Map<string, string>();
  const links: FeedItem['links'] = [];
  const child = /<((?:[a-zA-Z][\w.-]*:)?([a-zA-Z][\w.-]*))(\s[^>]*?)?(\/>|>([\s\S]*?)<\/\1\s*>)/g;
  for (const m of body.matchAll(child)) {
    const local = (m[2] ?? '').toLowerCase();
    const attrs = m[3] ?? '';
    if (local === 'link') {
      const href =
        /\bhref\s*=\s*"([^"]*)"/i.exec(attrs)?.[1] ?? /\bhref\s*=\s*'([^']*)'/i.exec(attrs)?.[1];
      if (href !== undefined) {
        const rel = /\brel\s*=\s*"([^"]*)"/i.exec(attrs)?.[1] ?? 'alternate';
        links.push({ href: decodeEntities(href), rel });
      }
    }
    const inner = m[5];
    if (inner === undefined) continue;
    if (!fields.has(local)) fields.set(local, textOf(inner));
    // A nested element (e.g. ht:news_item) also exposes its own children by local name, first one wins.
    if (/<[a-zA-Z]/.test(inner.replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, ''))) {
      for (const [k, v] of readItem(inner).fields) if (!fields.has(k)) fields.set(k, v);
    }
  }
  return { fields, links };
}

/** Text content: CDATA sections verbatim, everything else entity-decoded. */
export function textOf(inner: string): string {
  let out = '';
  let i = 0;
  while (i < inner.length) {
    const start = inner.indexOf('<![CDATA[', i);
    if (start === -1) {
      out += decodeEntities(inner.slice(i));
      break;
    }
    out += decodeEntities(inner.slice(i, start));
    const end = inner.indexOf(']]>', start + 9);
    if (end === -1) {
      out += inner.slice(start + 9);
      break;
    }
    out += inner.slice(start + 9, end);
    i = end + 3;
  }
  return out.trim();
}

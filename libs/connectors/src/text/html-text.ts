const NAMED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  hellip: '…',
  mdash: '—',
  ndash: '–',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
  copy: '©',
  reg: '®',
};

/** Decodes HTML/XML character references (`&amp;`, `&#39;`, `&#x1F600;`); unknown names stay as they are. */
export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z][a-z0-9]*);/gi, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code =
        ref[1] === 'x' || ref[1] === 'X' ? Number.parseInt(ref.slice(2), 16) : Number(ref.slice(1));
      return Number.isInteger(code) &&
        code > 0 &&
        code <= 0x10ffff &&
        !(code >= 0xd800 && code <= 0xdfff)
        ? String.fromCodePoint(code)
        : whole;
    }
    return NAMED[ref.toLowerCase()] ?? whole;
  });
}

// Tags after which text continues on a new line.
const BLOCK = new Set([
  'p',
  'div',
  'br',
  'li',
  'blockquote',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'tr',
  'pre',
]);
// Elements whose content is never text.
const SKIP = new Set(['script', 'style', 'template', 'head']);

/**
 * Sanitised post HTML (Mastodon `content`, RSS descriptions) to plain text: a small tokenizer, not a regex
 * strip, so `<` inside attributes and comments don't leak. Links stay as their visible text; nothing is fetched.
 */
export function htmlToText(html: string): string {
  const out: string[] = [];
  let i = 0;
  let skipDepth = 0;
  const n = html.length;
  while (i < n) {
    const lt = html.indexOf('<', i);
    const end = lt === -1 ? n : lt;
    if (end > i && skipDepth === 0) out.push(decodeEntities(html.slice(i, end)));
    if (lt === -1) break;
    if (html.startsWith('<!--', lt)) {
      const close = html.indexOf('-->', lt + 4);
      i = close === -1 ? n : close + 3;
      continue;
    }
    const tagEnd = findTagEnd(html, lt + 1);
    if (tagEnd === -1) {
      // A lone `<` that starts no tag is text.
      if (skipDepth === 0) out.push('<');
      i = lt + 1;
      continue;
    }
    const raw = html.slice(lt + 1, tagEnd);
    const m = /^(\/?)\s*([a-zA-Z][a-zA-Z0-9-]*)/.exec(raw);
    if (m === null) {
      if (skipDepth === 0) out.push(decodeEntities(html.slice(lt, tagEnd + 1)));
      i = tagEnd + 1;
      continue;
    }
    const closing = m[1] === '/';
    const name = (m[2] ?? '').toLowerCase();
    if (SKIP.has(name))
      skipDepth = Math.max(0, skipDepth + (closing ? -1 : raw.endsWith('/') ? 0 : 1));
    else if (skipDepth === 0 && BLOCK.has(name) && (closing || name === 'br')) out.push('\n');
    i = tagEnd + 1;
  }
  return out
    .join('')
    .replace(/[ \t\u00a0]+/g, ' ')
    .replace(/ ?\n ?/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Index of the `>` closing a tag opened before `from`, skipping quoted attribute values; -1 if none. */
function findTagEnd(html: string, from: number): number {
  if (!/[a-zA-Z/!?]/.test(html[from] ?? '')) return -1;
  let quote: string | null = null;
  for (let j = from; j < html.length; j += 1) {
    const c = html[j];
    if (quote !== null) {
      if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '>') return j;
  }
  return -1;
}

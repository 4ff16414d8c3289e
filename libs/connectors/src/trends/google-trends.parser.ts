import type { PageProblem } from '../connector';
import { normalizeCountTerm } from '../text/hashtags';
import { parseFeed } from '../text/xml-lite';

export interface TrendItem {
  term: string;
  /** Lower bound of searches, from `ht:approx_traffic`. */
  traffic: number;
  /** `pubDate` as ISO, if parseable. */
  published: string | null;
}

// Localised unit words seen in the feed ("1천+", "2万+"), and K/M/B suffixes.
const UNITS: Record<string, number> = {
  k: 1e3,
  m: 1e6,
  b: 1e9,
  천: 1e3,
  만: 1e4,
  万: 1e4,
  億: 1e8,
  억: 1e8,
  亿: 1e8,
  lakh: 1e5,
  crore: 1e7,
};

/** `"50000+"`, `"2K+"`, `"1,000+"`, `"1천+"` → a number; null when it is not a traffic figure. */
export function parseApproxTraffic(raw: string): number | null {
  const s = raw.normalize('NFKC').trim().toLowerCase().replace(/\+$/, '').trim();
  const m =
    /^(\d{1,3}(?:[,.\s'\u00a0]\d{3})+|\d+(?:[.,]\d+)?)\s*([a-z\u3131-\uD7A3\u4E00-\u9FFF]*)$/u.exec(
      s,
    );
  if (m === null) return null;
  const digits = m[1] ?? '';
  const unit = m[2] ?? '';
  let value: number;
  if (/^\d{1,3}(?:[,.\s'\u00a0]\d{3})+$/.test(digits))
    value = Number(digits.replace(/[,.\s'\u00a0]/g, ''));
  else value = Number(digits.replace(',', '.'));
  if (unit !== '') {
    const mult = UNITS[unit];
    if (mult === undefined) return null;
    value *= mult;
  }
  return Number.isFinite(value) ? Math.round(value) : null;
}

/** The trending RSS → items with term, traffic and pubDate; bad items become problems. Throws only for non-feeds. */
export function parseTrendsRss(xml: string): { items: TrendItem[]; problems: PageProblem[] } {
  const feed = parseFeed(xml);
  const items: TrendItem[] = [];
  const problems: PageProblem[] = [];
  feed.items.forEach((item, i) => {
    const title = item.fields.get('title');
    const rawTraffic = item.fields.get('approx_traffic');
    if (title === undefined || title === '') {
      problems.push({ where: `item.${i}`, message: 'title: missing' });
      return;
    }
    const traffic = rawTraffic === undefined ? null : parseApproxTraffic(rawTraffic);
    if (traffic === null) {
      problems.push({
        where: `item.${i}`,
        message: `approx_traffic: not a traffic figure (${JSON.stringify(rawTraffic ?? null)})`,
      });
      return;
    }
    const pub = item.fields.get('pubdate');
    const t = pub === undefined ? NaN : Date.parse(pub);
    items.push({
      term: normalizeCountTerm(title),
      traffic,
      published: Number.isFinite(t) ? new Date(t).toISOString() : null,
    });
  });
  return { items, problems };
}

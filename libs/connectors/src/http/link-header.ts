/** RFC 8288 `Link` header → map of rel → URL (first link per rel wins). */
export function parseLinkHeader(value: string | null): Map<string, string> {
  const out = new Map<string, string>();
  if (value === null) return out;
  // Links are `<url>; param=value; rel="a b"`, comma-separated; commas inside <> never split a link.
  const re = /<([^>]*)>([^<]*)/g;
  for (const m of value.matchAll(re)) {
    const url = m[1] ?? '';
    const params = m[2] ?? '';
    const rel = /(?:^|;)\s*rel\s*=\s*(?:"([^"]*)"|([^\s;,]+))/i.exec(params);
    const rels = (rel?.[1] ?? rel?.[2] ?? '').split(/\s+/).filter((r) => r.length > 0);
    for (const r of rels) if (!out.has(r.toLowerCase())) out.set(r.toLowerCase(), url);
  }
  return out;
}

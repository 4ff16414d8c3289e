// Tracking parameters and fragments vary per share of one link; they are dropped before comparing.
const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

/**
 * Normalises a URL as text (never fetched): lower-cased scheme and host, `www.` and default ports dropped,
 * query string and fragment dropped, trailing slash trimmed. Returns '' for empty input.
 */
export function normalizeUrl(raw: string): string {
  let url = raw.trim();
  if (url.length === 0) return '';
  const cut = url.search(/[?#]/);
  if (cut >= 0) url = url.slice(0, cut);
  url = url.replace(SCHEME, '');
  const slash = url.indexOf('/');
  let host = (slash < 0 ? url : url.slice(0, slash)).toLowerCase();
  let path = slash < 0 ? '' : url.slice(slash);
  if (host.startsWith('www.')) host = host.slice(4);
  if (host.endsWith(':80') || host.endsWith(':443')) host = host.slice(0, host.lastIndexOf(':'));
  while (path.endsWith('/')) path = path.slice(0, -1);
  return host + path;
}

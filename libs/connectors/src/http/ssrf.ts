import { isIP } from 'node:net';

import { ConnectorError } from './errors';

/** Resolves a host name to its addresses (injected in tests; `dns.promises.lookup` in production). */
export type HostResolver = (host: string) => Promise<string[]>;

export interface UrlPolicy {
  /** Allows http:// and private, loopback and link-local targets (tests, self-hosted instances). */
  allowPrivateNetwork: boolean;
}

function ipv4ToInt(ip: string): number {
  return ip.split('.').reduce((acc, part) => acc * 256 + Number(part), 0);
}

// [network, prefix length] of IPv4 ranges a public API never lives in.
const PRIVATE_V4: readonly (readonly [string, number])[] = [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
];

function inV4Range(ip: string, net: string, bits: number): boolean {
  // Compare the top `bits` bits; division keeps the arithmetic unsigned (bitwise ops are signed 32-bit).
  const size = 2 ** (32 - bits);
  return Math.floor(ipv4ToInt(ip) / size) === Math.floor(ipv4ToInt(net) / size);
}

/** True for loopback, private, link-local, CGNAT, documentation, multicast and reserved addresses. */
export function isPrivateAddress(ip: string): boolean {
  const family = isIP(ip);
  if (family === 4) return PRIVATE_V4.some(([net, bits]) => inV4Range(ip, net, bits));
  if (family !== 6) return true;
  const lower = ip.toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (mapped?.[1] !== undefined) return isPrivateAddress(mapped[1]);
  if (lower === '::' || lower === '::1') return true;
  const first = Number.parseInt(lower.split(':')[0] || '0', 16);
  // fc00::/7 unique local, fe80::/10 link-local, ff00::/8 multicast.
  return (first & 0xfe00) === 0xfc00 || (first & 0xffc0) === 0xfe80 || (first & 0xff00) === 0xff00;
}

/** Checks the URL's shape without DNS: https only and no IP-literal private targets, unless allowed. */
export function checkUrlShape(raw: string, policy: UrlPolicy): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConnectorError('unsafe-url', `not a valid URL: ${JSON.stringify(raw)}`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new ConnectorError('unsafe-url', `${url.origin}: credentials in URLs are not allowed`);
  }
  if (policy.allowPrivateNetwork) {
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      throw new ConnectorError('unsafe-url', `${raw}: only http(s) URLs are allowed`);
    }
    return url;
  }
  if (url.protocol !== 'https:') {
    throw new ConnectorError(
      'unsafe-url',
      `${url.origin}: only https URLs are allowed (set allowPrivateNetwork for local servers)`,
    );
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host.endsWith('.localhost')) {
    throw new ConnectorError(
      'unsafe-url',
      `${url.origin}: loopback targets need allowPrivateNetwork`,
    );
  }
  if (isIP(host) !== 0 && isPrivateAddress(host)) {
    throw new ConnectorError(
      'unsafe-url',
      `${url.origin}: private, loopback or link-local targets need allowPrivateNetwork`,
    );
  }
  return url;
}

/**
 * Full check: shape, then every address the host resolves to. Results are cached per host by the caller.
 * (fetch resolves again, so a DNS-rebinding host could still race this; the shape check always holds.)
 */
export async function checkUrl(
  raw: string,
  policy: UrlPolicy,
  resolve: HostResolver,
): Promise<URL> {
  const url = checkUrlShape(raw, policy);
  if (policy.allowPrivateNetwork) return url;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) !== 0) return url;
  let addresses: string[];
  try {
    addresses = await resolve(host);
  } catch (err) {
    throw new ConnectorError('network', `cannot resolve ${host}: ${(err as Error).message}`);
  }
  const bad = addresses.find((a) => isPrivateAddress(a));
  if (bad !== undefined) {
    throw new ConnectorError(
      'unsafe-url',
      `${url.origin} resolves to ${bad}, a private or loopback address (set allowPrivateNetwork to allow)`,
    );
  }
  return url;
}

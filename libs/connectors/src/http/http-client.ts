import { lookup } from 'node:dns/promises';

import type { ConnectorRuntime } from '../connector';
import { CircuitBreaker, type CircuitState } from './circuit-breaker';
import { ConnectorError, toConnectorError } from './errors';
import { HostLimiter } from './host-limiter';
import { parseRateLimit, rateLimitWaitMs, type RateLimitInfo } from './rate-limit';
import { checkUrl, type HostResolver } from './ssrf';

export interface HttpClientOptions {
  runtime: ConnectorRuntime;
  /** Per attempt, headers and body included (ms). */
  timeoutMs?: number;
  /** Retries after the first attempt for 429, 5xx, timeouts and network errors. */
  maxRetries?: number;
  /** First backoff step (ms); doubles per retry, with jitter. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** A 429 asking us to wait longer than this fails the poll with `retryAt` instead of sleeping (ms). */
  maxRateLimitWaitMs?: number;
  failureThreshold?: number;
  cooldownMs?: number;
  allowPrivateNetwork?: boolean;
  userAgent?: string;
  /** Shared across connectors so per-host concurrency holds installation-wide. */
  limiter?: HostLimiter;
  resolver?: HostResolver;
  fetch?: typeof fetch;
}

export interface HttpRequest {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  /** `json` checks the content type and parses; `text` returns the body as is. */
  expect: 'json' | 'text';
  signal?: AbortSignal;
}

export interface HttpResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON (`unknown`) or text. */
  body: unknown;
  text: string;
  rateLimit: RateLimitInfo | null;
}

const DEFAULTS = {
  timeoutMs: 15_000,
  maxRetries: 4,
  baseDelayMs: 1_000,
  maxDelayMs: 60_000,
  maxRateLimitWaitMs: 60_000,
  failureThreshold: 5,
  cooldownMs: 60_000,
};

const RESOLVE_CACHE_MS = 5 * 60_000;

const defaultResolver: HostResolver = async (host) =>
  (await lookup(host, { all: true })).map((a) => a.address);

/**
 * The one HTTP path every connector uses: SSRF-checked URLs, no redirects, per-host concurrency, a timeout
 * per attempt, 429/5xx retries with exponential backoff and jitter (honouring every rate-limit dialect),
 * a circuit breaker, and bodies checked to be what was expected (HTML error pages are reported as such).
 */
export class HttpClient {
  readonly breaker: CircuitBreaker;
  private readonly o: Required<
    Omit<HttpClientOptions, 'fetch' | 'limiter' | 'resolver' | 'userAgent'>
  >;
  private readonly limiter: HostLimiter;
  private readonly resolver: HostResolver;
  private readonly fetchFn: typeof fetch;
  private readonly userAgent: string;
  private readonly checked = new Map<string, number>();
  private blockedUntil = 0;
  private lastRateLimit: RateLimitInfo | null = null;

  constructor(options: HttpClientOptions) {
    this.o = {
      ...DEFAULTS,
      allowPrivateNetwork: false,
      ...stripUndefined(options),
    } as typeof this.o;
    this.breaker = new CircuitBreaker(
      { failureThreshold: this.o.failureThreshold, cooldownMs: this.o.cooldownMs },
      () => options.runtime.now(),
    );
    this.limiter = options.limiter ?? new HostLimiter(2);
    this.resolver = options.resolver ?? defaultResolver;
    this.fetchFn = options.fetch ?? fetch;
    this.userAgent = options.userAgent ?? 'spreadwatch/0.1 (+metadata-only monitor)';
  }

  circuitState(): CircuitState {
    return this.breaker.state();
  }

  rateLimit(): RateLimitInfo | null {
    return this.lastRateLimit;
  }

  async request(req: HttpRequest): Promise<HttpResponse> {
    const url = await this.check(req.url);
    if (!this.breaker.tryAcquire()) {
      throw new ConnectorError(
        'circuit-open',
        `circuit open for ${url.host} after repeated failures`,
        {
          retryAt: this.breaker.reopensAt() ?? undefined,
          url: req.url,
        },
      );
    }
    try {
      const res = await this.withRetries(req, url);
      this.breaker.success();
      return res;
    } catch (err) {
      const e = toConnectorError(err, req.url);
      // Only failures that say something about the host's health count towards opening the circuit.
      if (['http', 'timeout', 'network', 'bad-body', 'rate-limited'].includes(e.code))
        this.breaker.failure();
      else this.breaker.release();
      throw e;
    }
  }

  private async check(raw: string): Promise<URL> {
    const policy = { allowPrivateNetwork: this.o.allowPrivateNetwork };
    const host = safeHost(raw);
    const until = host === null ? undefined : this.checked.get(host);
    if (until !== undefined && until > this.o.runtime.now()) return new URL(raw);
    const url = await checkUrl(raw, policy, this.resolver);
    this.checked.set(url.host, this.o.runtime.now() + RESOLVE_CACHE_MS);
    return url;
  }

  private async withRetries(req: HttpRequest, url: URL): Promise<HttpResponse> {
    const rt = this.o.runtime;
    let lastError: ConnectorError | undefined;
    for (let attempt = 0; attempt <= this.o.maxRetries; attempt += 1) {
      // A window the platform said is exhausted: wait it out (if short) before spending a request.
      const blockedFor = this.blockedUntil - rt.now();
      if (blockedFor > 0) {
        if (blockedFor > this.o.maxRateLimitWaitMs) {
          throw new ConnectorError(
            'rate-limited',
            `rate limit exhausted for ${url.host} until ${new Date(this.blockedUntil).toISOString()}`,
            {
              retryAt: this.blockedUntil,
              url: req.url,
            },
          );
        }
        await rt.sleep(blockedFor, req.signal);
      }
      try {
        const res = await this.limiter.run(url.host, () => this.once(req, url));
        return res;
      } catch (err) {
        const e = toConnectorError(err, req.url);
        if (!isRetryable(e) || attempt === this.o.maxRetries) throw e;
        lastError = e;
        const backoff = this.backoffMs(attempt);
        let wait = backoff;
        if (e.code === 'rate-limited' && e.retryAt !== undefined) {
          const rlWait = e.retryAt - rt.now();
          if (rlWait > this.o.maxRateLimitWaitMs) throw e;
          // Honour the platform's reset; a little jitter so many pollers don't fire together.
          wait = Math.max(rlWait, 0) + Math.floor(rt.random() * this.o.baseDelayMs * 0.1);
        }
        await rt.sleep(wait, req.signal);
      }
    }
    throw lastError ?? new ConnectorError('network', `request to ${url.host} failed`);
  }

  /** Exponential backoff with "equal jitter": half fixed, half random, capped. */
  backoffMs(attempt: number): number {
    const exp = Math.min(this.o.maxDelayMs, this.o.baseDelayMs * 2 ** attempt);
    return Math.round(exp / 2 + (exp / 2) * this.o.runtime.random());
  }

  private async once(req: HttpRequest, url: URL): Promise<HttpResponse> {
    const rt = this.o.runtime;
    const timeout = AbortSignal.timeout(this.o.timeoutMs);
    const signal = req.signal === undefined ? timeout : AbortSignal.any([timeout, req.signal]);
    let res: Response;
    let text: string;
    try {
      res = await this.fetchFn(url, {
        method: req.method ?? 'GET',
        headers: {
          'user-agent': this.userAgent,
          accept: req.expect === 'json' ? 'application/json' : '*/*',
          ...req.headers,
        },
        body: req.body,
        redirect: 'manual',
        signal,
      });
      text = await res.text();
    } catch (err) {
      if (timeout.aborted) {
        throw new ConnectorError(
          'timeout',
          `${url.host}${url.pathname}: no complete response within ${this.o.timeoutMs} ms`,
          { url: req.url },
        );
      }
      throw toConnectorError(err, req.url);
    }
    const rateLimit = parseRateLimit(res.headers, rt.now());
    if (rateLimit !== null) {
      this.lastRateLimit = rateLimit;
      if (rateLimit.remaining !== null && rateLimit.remaining <= 0) {
        this.blockedUntil = Math.max(
          this.blockedUntil,
          rateLimit.retryAt ?? rateLimit.resetAt ?? 0,
        );
      }
    }
    const where = `${req.method ?? 'GET'} ${url.host}${url.pathname}`;
    if (res.status === 429) {
      const wait = rateLimitWaitMs(rateLimit, rt.now());
      const retryAt = rt.now() + (wait > 0 ? wait : this.backoffMs(0));
      this.blockedUntil = Math.max(this.blockedUntil, retryAt);
      throw new ConnectorError(
        'rate-limited',
        `${where}: 429 Too Many Requests; retry at ${new Date(retryAt).toISOString()}`,
        {
          status: 429,
          retryAt,
          url: req.url,
        },
      );
    }
    if (res.status >= 300 && res.status < 400) {
      throw new ConnectorError(
        'http',
        `${where}: redirect ${res.status} not followed (to ${res.headers.get('location') ?? '?'})`,
        { status: res.status, url: req.url },
      );
    }
    if (res.status >= 400) {
      throw statusError(where, res.status, res.headers.get('content-type'), text, req.url);
    }
    if (req.expect === 'text')
      return { status: res.status, headers: res.headers, body: text, text, rateLimit };
    return {
      status: res.status,
      headers: res.headers,
      body: parseJsonBody(where, res.headers.get('content-type'), text, req.url),
      text,
      rateLimit,
    };
  }
}

function isRetryable(e: ConnectorError): boolean {
  return (
    e.code === 'rate-limited' ||
    e.code === 'timeout' ||
    e.code === 'network' ||
    (e.code === 'http' && (e.status === undefined || e.status >= 500 || e.status === 408))
  );
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function safeHost(raw: string): string | null {
  try {
    return new URL(raw).host;
  } catch {
    return null;
  }
}

function looksLikeHtml(contentType: string | null, text: string): boolean {
  if (contentType !== null && /html/i.test(contentType)) return true;
  return /^\s*</.test(text);
}

function htmlTitle(text: string): string {
  const m = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(text);
  return (m?.[1] ?? '').replace(/\s+/g, ' ').trim().slice(0, 120);
}

/** JSON body or a clear `bad-body` error (HTML page, truncated or invalid JSON). */
export function parseJsonBody(
  where: string,
  contentType: string | null,
  text: string,
  url?: string,
): unknown {
  if (looksLikeHtml(contentType, text)) {
    const title = htmlTitle(text);
    throw new ConnectorError(
      'bad-body',
      `${where}: expected JSON but got an HTML page${title === '' ? '' : ` ("${title}")`}`,
      url === undefined ? {} : { url },
    );
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new ConnectorError(
      'bad-body',
      `${where}: invalid JSON (${text.length} bytes; ${(err as Error).message})`,
      url === undefined ? {} : { url },
    );
  }
}

function statusError(
  where: string,
  status: number,
  contentType: string | null,
  text: string,
  url: string,
): ConnectorError {
  let detail = '';
  if (looksLikeHtml(contentType, text)) {
    const title = htmlTitle(text);
    detail = `HTML error page${title === '' ? '' : ` "${title}"`}`;
  } else {
    try {
      const body = JSON.parse(text) as Record<string, unknown>;
      const parts = [
        body['error'],
        body['message'],
        body['title'],
        body['detail'],
        body['reason'],
      ].filter((v): v is string => typeof v === 'string');
      detail = [...new Set(parts)].join(': ');
    } catch {
      detail = text.slice(0, 120);
    }
  }
  const msg = `${where}: ${status}${detail === '' ? '' : ` ${detail}`}`;
  const code =
    status === 401
      ? 'needs-auth'
      : status === 403
        ? 'forbidden'
        : status === 404
          ? 'not-found'
          : 'http';
  return new ConnectorError(code, msg, { status, url });
}

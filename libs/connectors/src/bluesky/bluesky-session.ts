import type { ConnectorRuntime } from '../connector';
import { ConnectorError } from '../http/errors';
import type { HttpClient } from '../http/http-client';
import { asObject, asString } from '../text/json-guard';

// Access JWTs live about 2 h; refresh a little early. Used when the token's `exp` cannot be read.
const FALLBACK_TTL_MS = 100 * 60_000;
const EARLY_MS = 5 * 60_000;

/**
 * An app-password session, created once and then refreshed, because createSession is limited to about
 * 30 per 5 min and 300 per day per account.
 */
export class BlueskySession {
  private access: string | null = null;
  private refreshJwt: string | null = null;
  private expiresAt = 0;
  /** createSession calls made (health, tests). */
  logins = 0;
  refreshes = 0;

  constructor(
    private readonly o: {
      serviceUrl: string;
      identifier: string;
      password: string;
      http: HttpClient;
      runtime: ConnectorRuntime;
    },
  ) {}

  /** A valid access token, logging in or refreshing as needed. */
  async token(signal?: AbortSignal): Promise<string> {
    if (this.access !== null && this.o.runtime.now() < this.expiresAt) return this.access;
    if (this.refreshJwt !== null) {
      try {
        await this.refresh(signal);
        if (this.access !== null) return this.access;
      } catch (err) {
        if (!(err instanceof ConnectorError) || !['needs-auth', 'http'].includes(err.code))
          throw err;
        // The refresh token expired or was revoked: log in again below.
      }
    }
    await this.login(signal);
    if (this.access === null)
      throw new ConnectorError('needs-auth', 'Bluesky createSession returned no accessJwt');
    return this.access;
  }

  /** Forgets the access token so the next call refreshes (after an ExpiredToken answer). */
  invalidate(): void {
    this.expiresAt = 0;
  }

  private async login(signal?: AbortSignal): Promise<void> {
    this.logins += 1;
    const res = await this.o.http.request({
      url: `${this.base()}/xrpc/com.atproto.server.createSession`,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ identifier: this.o.identifier, password: this.o.password }),
      expect: 'json',
      signal,
    });
    this.accept(res.body);
  }

  private async refresh(signal?: AbortSignal): Promise<void> {
    this.refreshes += 1;
    const res = await this.o.http.request({
      url: `${this.base()}/xrpc/com.atproto.server.refreshSession`,
      method: 'POST',
      headers: { authorization: `Bearer ${this.refreshJwt ?? ''}` },
      expect: 'json',
      signal,
    });
    this.accept(res.body);
  }

  private accept(body: unknown): void {
    const o = asObject(body);
    const access = asString(o?.['accessJwt']);
    const refresh = asString(o?.['refreshJwt']);
    if (access === undefined)
      throw new ConnectorError('needs-auth', 'Bluesky session response has no accessJwt');
    this.access = access;
    this.refreshJwt = refresh ?? this.refreshJwt;
    const exp = jwtExpiry(access);
    const now = this.o.runtime.now();
    this.expiresAt = exp === null ? now + FALLBACK_TTL_MS : Math.max(now, exp - EARLY_MS);
  }

  private base(): string {
    return this.o.serviceUrl.replace(/\/+$/, '');
  }
}

/** `exp` of a JWT in epoch ms, without verifying it (we only schedule a refresh). */
export function jwtExpiry(jwt: string): number | null {
  const payload = jwt.split('.')[1];
  if (payload === undefined) return null;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as {
      exp?: unknown;
    };
    return typeof claims.exp === 'number' ? claims.exp * 1000 : null;
  } catch {
    return null;
  }
}

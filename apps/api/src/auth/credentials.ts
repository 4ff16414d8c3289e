import type { IncomingHttpHeaders } from 'node:http';

import type { CurrentUser } from '@spreadwatch/contracts';
import { parse as parseCookie } from 'cookie';

import { SESSION_COOKIE, type AuthService } from './auth.service';

/**
 * Resolves the caller from a session cookie, `Authorization: Bearer <api key>` or `X-API-Key`.
 * Shared by the HTTP guard and the socket handshake so both accept exactly the same credentials.
 */
export async function authenticate(
  auth: AuthService,
  headers: IncomingHttpHeaders,
  handshakeToken?: unknown,
): Promise<CurrentUser | null> {
  const cookieHeader = headers.cookie;
  if (cookieHeader !== undefined) {
    const token = parseCookie(cookieHeader)[SESSION_COOKIE];
    if (token !== undefined && token.length > 0) {
      const user = await auth.userForSession(token);
      if (user !== null) return user;
    }
  }
  const bearer = headers.authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
  const headerKey = headers['x-api-key'];
  const key =
    bearer ??
    (typeof headerKey === 'string' ? headerKey : undefined) ??
    (typeof handshakeToken === 'string' ? handshakeToken : undefined);
  return key === undefined ? null : auth.userForApiKey(key);
}

/** Why a request failed, as the scheduler and health report need to know it. */
export type ConnectorErrorCode =
  | 'rate-limited'
  | 'http'
  | 'needs-auth'
  | 'forbidden'
  | 'not-found'
  | 'timeout'
  | 'network'
  | 'bad-body'
  | 'circuit-open'
  | 'unsafe-url';

/** A failed fetch with a clear message; `retryAt` (epoch ms) says when trying again makes sense. */
export class ConnectorError extends Error {
  constructor(
    readonly code: ConnectorErrorCode,
    message: string,
    readonly details: { status?: number; retryAt?: number; url?: string } = {},
  ) {
    super(message);
    this.name = 'ConnectorError';
  }

  get status(): number | undefined {
    return this.details.status;
  }

  get retryAt(): number | undefined {
    return this.details.retryAt;
  }
}

/** Wraps anything thrown into a ConnectorError (network failures arrive as TypeError from fetch). */
export function toConnectorError(err: unknown, url?: string): ConnectorError {
  if (err instanceof ConnectorError) return err;
  const message = err instanceof Error ? err.message : String(err);
  const cause = err instanceof Error && err.cause instanceof Error ? `: ${err.cause.message}` : '';
  return new ConnectorError('network', `${message}${cause}`, url === undefined ? {} : { url });
}

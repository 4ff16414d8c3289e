import type { ApiErrorBody } from '@spreadwatch/contracts';

/** The one error every API call throws: HTTP status (0 when the server was unreachable) and a readable message. */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export const isApiError = (error: unknown): error is ApiError => error instanceof ApiError;

export interface RequestOptions {
  signal?: AbortSignal;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

// Nest validation errors carry `message: string[]`; the contract promises a string, so accept both.
const messageFromBody = (body: unknown): string | undefined => {
  if (!isRecord(body)) return undefined;
  const message: unknown = (body as Partial<Record<keyof ApiErrorBody, unknown>>).message;
  if (typeof message === 'string' && message.length > 0) return message;
  if (Array.isArray(message) && message.every((m) => typeof m === 'string')) {
    return message.join('; ');
  }
  return undefined;
};

const readBody = async (response: Response): Promise<unknown> => {
  const text = await response.text();
  if (text.length === 0) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
};

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

async function request<T>(
  method: Method,
  path: string,
  body: unknown,
  options: RequestOptions,
): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';

  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(
      0,
      'Cannot reach the Spreadwatch server. Check your connection and try again.',
    );
  }

  const payload = await readBody(response);
  if (!response.ok) {
    const message =
      messageFromBody(payload) ??
      `Request failed: ${response.status} ${response.statusText}`.trim();
    throw new ApiError(response.status, message);
  }
  // The server owns the shape (see @spreadwatch/contracts); responses are trusted as typed.
  return payload as T;
}

/** Same-origin JSON client: the session rides on the httpOnly cookie. */
export const apiClient = {
  get: <T>(path: string, options: RequestOptions = {}): Promise<T> =>
    request<T>('GET', path, undefined, options),
  post: <T>(path: string, body?: unknown, options: RequestOptions = {}): Promise<T> =>
    request<T>('POST', path, body, options),
  put: <T>(path: string, body?: unknown, options: RequestOptions = {}): Promise<T> =>
    request<T>('PUT', path, body, options),
  patch: <T>(path: string, body?: unknown, options: RequestOptions = {}): Promise<T> =>
    request<T>('PATCH', path, body, options),
  delete: <T>(path: string, options: RequestOptions = {}): Promise<T> =>
    request<T>('DELETE', path, undefined, options),
};

/**
 * True when the server has no such route (Nest answers `Cannot GET /api/…`), as opposed to a 404 for a
 * missing record. Pages use it to hide features whose back end has not shipped yet.
 */
export const isMissingEndpoint = (error: unknown): boolean =>
  isApiError(error) &&
  error.status === 404 &&
  /^Cannot (GET|POST|PUT|PATCH|DELETE) /.test(error.message);

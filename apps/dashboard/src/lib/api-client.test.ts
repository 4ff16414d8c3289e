import { afterEach, describe, expect, it, vi } from 'vitest';

import { ApiError, apiClient } from './api-client';

const jsonResponse = (status: number, body: unknown): Response =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });

const stubFetch = (impl: (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>) => {
  const fetchMock = vi.fn(impl);
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
};

const caught = async (promise: Promise<unknown>): Promise<unknown> => {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
};

describe('apiClient', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('returns the parsed body of a successful GET and sends the session cookie', async () => {
    const fetchMock = stubFetch(() => Promise.resolve(jsonResponse(200, [{ term: '#a' }])));

    await expect(apiClient.get('/api/terms/top?limit=20')).resolves.toEqual([{ term: '#a' }]);

    const [url, init] = fetchMock.mock.calls[0] ?? [];
    expect(url).toBe('/api/terms/top?limit=20');
    expect(init?.method).toBe('GET');
    expect(init?.credentials).toBe('same-origin');
  });

  it('posts JSON', async () => {
    const fetchMock = stubFetch(() => Promise.resolve(jsonResponse(200, { id: '1' })));

    await apiClient.post('/api/auth/login', { username: 'admin', password: 'pw' });

    const init = fetchMock.mock.calls[0]?.[1];
    expect(init?.method).toBe('POST');
    expect(init?.body).toBe('{"username":"admin","password":"pw"}');
    expect(new Headers(init?.headers).get('Content-Type')).toBe('application/json');
  });

  it('resolves undefined for 204 No Content', async () => {
    stubFetch(() => Promise.resolve(new Response(null, { status: 204 })));

    await expect(apiClient.post('/api/auth/logout')).resolves.toBeUndefined();
  });

  it.each([
    {
      name: 'the server message of an ApiErrorBody',
      response: () =>
        jsonResponse(401, {
          statusCode: 401,
          error: 'Unauthorized',
          message: 'Invalid credentials',
        }),
      status: 401,
      message: 'Invalid credentials',
    },
    {
      name: 'joined validation messages',
      response: () =>
        jsonResponse(400, {
          statusCode: 400,
          error: 'Bad Request',
          message: ['username is required', 'password is required'],
        }),
      status: 400,
      message: 'username is required; password is required',
    },
    {
      name: 'the status when the body is not JSON',
      response: () =>
        new Response('<html>bad gateway</html>', { status: 502, statusText: 'Bad Gateway' }),
      status: 502,
      message: 'Request failed: 502 Bad Gateway',
    },
  ])('throws ApiError with $name', async ({ response, status, message }) => {
    stubFetch(() => Promise.resolve(response()));

    const error = await caught(apiClient.get('/api/auth/me'));

    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status, message });
  });

  it('throws ApiError with status 0 when the server cannot be reached', async () => {
    stubFetch(() => Promise.reject(new TypeError('Failed to fetch')));

    const error = await caught(apiClient.get('/api/alerts?limit=50'));

    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 0 });
  });

  it('lets an abort through unchanged so TanStack Query can cancel', async () => {
    stubFetch(() => Promise.reject(new DOMException('aborted', 'AbortError')));

    const error = await caught(apiClient.get('/api/alerts?limit=50'));

    expect(error).not.toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ name: 'AbortError' });
  });
});

import { DataSource } from 'typeorm';

import { ADMIN_PASSWORD, resetDatabase, startTestApp, type TestApp } from './test-app';

describe('authentication', () => {
  let t: TestApp;

  beforeAll(async () => {
    await resetDatabase();
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('serves health without authentication', async () => {
    const res = await fetch(`${t.url}/api/health`);
    expect(res.status).toBe(200);
    await expect(res.json()).resolves.toEqual({ status: 'ok', db: 'up' });
  });

  it.each([
    ['GET', '/api/terms/top'],
    ['GET', '/api/alerts'],
    ['GET', '/api/auth/me'],
    ['POST', '/api/ingest'],
  ])('refuses %s %s without credentials', async (method, path) => {
    const res = await fetch(`${t.url}${path}`, { method });
    expect(res.status).toBe(401);
    const body = (await res.json()) as { message: string };
    expect(body.message).toMatch(/sign in/i);
  });

  it.each([
    [{ username: 'admin' }, /password/],
    [{ password: 'x' }, /username/],
    ['not json at all', /json/i],
  ])('rejects a malformed login %j with a 400 that names the problem', async (body, message) => {
    const res = await fetch(`${t.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    expect(res.status).toBe(400);
    const json = (await res.json()) as { message: string };
    expect(json.message).toMatch(message);
    expect(JSON.stringify(json)).not.toMatch(/at .*\.(ts|js):\d+/);
  });

  it('rejects a wrong password with 401', async () => {
    const res = await fetch(`${t.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'wrong-password' }),
    });
    expect(res.status).toBe(401);
  });

  it('logs in with an httpOnly SameSite cookie, and logout ends the session', async () => {
    const res = await fetch(`${t.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
    });
    expect(res.status).toBe(200);
    await expect(res.json()).resolves.toMatchObject({ username: 'admin', role: 'admin' });
    const setCookie = res.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/^sw_session=/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    const cookie = setCookie.split(';')[0] ?? '';

    const me = await fetch(`${t.url}/api/auth/me`, { headers: { cookie } });
    expect(me.status).toBe(200);

    const out = await fetch(`${t.url}/api/auth/logout`, { method: 'POST', headers: { cookie } });
    expect(out.status).toBe(204);
    const after = await fetch(`${t.url}/api/auth/me`, { headers: { cookie } });
    expect(after.status).toBe(401);
  });

  it('issues API keys that work as Bearer or X-API-Key and are stored hashed', async () => {
    const cookie = await t.login();
    const res = await fetch(`${t.url}/api/auth/api-keys`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'ingest bot' }),
    });
    expect(res.status).toBe(201);
    const { key } = (await res.json()) as { key: string };
    expect(key).toMatch(/^sw_/);

    const variants: Record<string, string>[] = [
      { authorization: `Bearer ${key}` },
      { 'x-api-key': key },
    ];
    for (const headers of variants) {
      const me = await fetch(`${t.url}/api/auth/me`, { headers });
      expect(me.status).toBe(200);
    }
    const bad = await fetch(`${t.url}/api/auth/me`, {
      headers: { authorization: 'Bearer sw_nope' },
    });
    expect(bad.status).toBe(401);

    const stored: { key_hash: string }[] = await t.app
      .get(DataSource)
      .query('SELECT key_hash FROM api_keys');
    expect(stored.map((r) => r.key_hash)).not.toContain(key);
  });

  it('sends security headers and no framework banner', async () => {
    const res = await fetch(`${t.url}/api/health`);
    expect(res.headers.get('x-powered-by')).toBeNull();
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
  });
});

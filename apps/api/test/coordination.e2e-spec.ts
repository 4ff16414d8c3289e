import type { AccountScore, AlertPage, Cluster, ClusterPage } from '@spreadwatch/contracts';

import { resetDatabase, spikeNdjson, startTestApp, type TestApp } from './test-app';

describe('coordination: clusters, accounts and the composite term picture', () => {
  let t: TestApp;
  let cookie: string;

  beforeAll(async () => {
    await resetDatabase();
    t = await startTestApp();
    cookie = await t.login();
    const res = await fetch(`${t.url}/api/ingest`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/x-ndjson' },
      body: spikeNdjson({ idPrefix: 'c' }),
    });
    expect(res.status).toBeLessThan(300);
  });
  afterAll(async () => {
    await t.close();
  });

  const get = async <T>(path: string): Promise<{ status: number; body: T }> => {
    const res = await fetch(`${t.url}${path}`, { headers: { cookie } });
    return { status: res.status, body: (await res.json()) as T };
  };

  it('stores the cluster of synchronised accounts and serves it paged, by id and by term', async () => {
    const page = await get<ClusterPage>('/api/clusters?limit=100');
    expect(page.status).toBe(200);
    const cluster = page.body.items.find((c) => c.terms.includes('#fullvideolink'));
    expect(cluster).toBeDefined();
    expect(cluster!.accounts.every((a) => a.startsWith('bot'))).toBe(true);

    const one = await get<Cluster>(`/api/clusters/${encodeURIComponent(cluster!.id)}`);
    expect(one.body.evidence.gapHistogram.length).toBe(6);
    expect(one.body.members[0]?.attributions.length).toBeGreaterThan(0);

    const byTerm = await get<ClusterPage>(
      `/api/clusters?term=${encodeURIComponent('#fullvideolink')}`,
    );
    expect(byTerm.body.items.map((c) => c.id)).toContain(cluster!.id);
    const none = await get<ClusterPage>(`/api/clusters?term=${encodeURIComponent('#nothing')}`);
    expect(none.body.items).toEqual([]);

    const picture = await get<{
      picture: { clusterIds: string[]; velocityFingerprint: string | null };
    }>(`/api/terms/${encodeURIComponent('#fullvideolink')}/clusters`);
    expect(picture.body.picture.clusterIds).toContain(cluster!.id);
    expect(picture.body.picture.velocityFingerprint).not.toBeNull();
  });

  it('raises a coordination alert naming the accounts, cross-referenced with the velocity alert', async () => {
    const page = await get<AlertPage>('/api/alerts?limit=100');
    const coordination = page.body.items.find(
      (a) => a.kind === 'coordination' && a.term === '#fullvideolink',
    );
    expect(coordination).toBeDefined();
    expect(coordination?.accounts?.length).toBeGreaterThanOrEqual(4);
    const velocity = page.body.items.find(
      (a) => a.kind === 'velocity' && a.term === '#fullvideolink',
    );
    expect(velocity).toBeDefined();
  });

  it('serves an account score with attributions, and 404/400 for unknown or bad ids', async () => {
    const score = await get<AccountScore>('/api/accounts/bot1');
    expect(score.status).toBe(200);
    expect(score.body.attributions.map((a) => a.feature)).toContain('accountAgeDays');
    expect((await get('/api/accounts/nobody')).status).toBe(404);
    expect((await get('/api/clusters/nope')).status).toBe(404);
    expect((await get('/api/clusters?limit=0')).status).toBe(400);
  });
});

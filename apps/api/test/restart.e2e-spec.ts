import type { AlertPage } from '@spreadwatch/contracts';

import { resetDatabase, spikeNdjson, startTestApp } from './test-app';

describe('restart', () => {
  beforeAll(async () => {
    await resetDatabase();
  });

  it('keeps alerts, seqs and scorer state across a restart of the app', async () => {
    const first = await startTestApp();
    const cookie = await first.login();
    await fetch(`${first.url}/api/ingest`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/x-ndjson' },
      body: spikeNdjson(),
    });
    const before = (await (
      await fetch(`${first.url}/api/alerts`, { headers: { cookie } })
    ).json()) as AlertPage;
    await first.close();

    const second = await startTestApp();
    try {
      const cookie2 = await second.login();
      const after = (await (
        await fetch(`${second.url}/api/alerts`, { headers: { cookie: cookie2 } })
      ).json()) as AlertPage;
      expect(after.items).toEqual(before.items);
      // The same spike again is the same firing condition: no second alert after the restart.
      await fetch(`${second.url}/api/ingest`, {
        method: 'POST',
        headers: { cookie: cookie2, 'content-type': 'application/x-ndjson' },
        body: spikeNdjson({ idPrefix: 'again' }),
      });
      const again = (await (
        await fetch(`${second.url}/api/alerts`, { headers: { cookie: cookie2 } })
      ).json()) as AlertPage;
      expect(
        again.items.filter(
          (a) => a.term === '#fullvideolink' && a.kind === 'velocity' && a.status === 'firing',
        ),
      ).toHaveLength(1);
    } finally {
      await second.close();
    }
  });
});

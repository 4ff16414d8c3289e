import { ProtectedTermMasker } from '../mask';
import type { NotificationMessage } from '../notifier';
import { makeAlert } from '../testing/alert-factory';
import { type HttpSink, startHttpSink } from '../testing/http-sink';
import { SignedWebhookNotifier, verifySignature } from './signed-webhook.notifier';
import { SlackWebhookNotifier } from './slack-webhook.notifier';

const message: NotificationMessage = {
  id: 'n-9',
  kind: 'alerts',
  createdAt: '2026-03-01T12:31:00.000Z',
  receiver: 'hook',
  groupLabels: { term: '#janedoeleak' },
  firing: [makeAlert()],
  resolved: [
    makeAlert({
      id: 'a2',
      status: 'resolved',
      severity: 'warning',
      term: '#other',
      summary: '#other calmed',
    }),
  ],
};

describe('webhook notifiers', () => {
  let sink: HttpSink;
  const masker = new ProtectedTermMasker(['janedoe']);
  beforeAll(async () => {
    sink = await startHttpSink();
  });
  afterAll(() => sink.close());
  beforeEach(() => {
    sink.requests.length = 0;
    sink.status = 200;
  });

  it('posts Slack-compatible JSON with masked terms', async () => {
    await expect(new SlackWebhookNotifier(sink.url, masker).notify(message)).resolves.toMatchObject(
      { ok: true },
    );
    const body = JSON.parse(sink.requests[0]?.body ?? '{}') as { text: string; blocks: unknown[] };
    expect(body.text).toContain('1 firing, 1 resolved');
    expect(body.blocks.length).toBeGreaterThan(1);
    expect(sink.requests[0]?.body.toLowerCase()).not.toContain('janedoe');
    expect(sink.requests[0]?.headers['idempotency-key']).toBe('n-9');
  });

  it('signs the generic JSON body with HMAC-SHA256 over timestamp and body', async () => {
    const secret = 'a-long-shared-secret';
    const n = new SignedWebhookNotifier(sink.url, secret, masker, () => 1_772_000_000_000);
    await expect(n.notify(message)).resolves.toMatchObject({ ok: true });
    const req = sink.requests[0];
    const ts = String(req?.headers['x-spreadwatch-timestamp']);
    const sig = String(req?.headers['x-spreadwatch-signature']);
    expect(verifySignature(secret, ts, req?.body ?? '', sig)).toBe(true);
    expect(verifySignature('wrong-secret-wrong', ts, req?.body ?? '', sig)).toBe(false);
    expect(JSON.parse(req?.body ?? '{}')).toMatchObject({
      version: '1',
      id: 'n-9',
      status: 'firing',
    });
  });

  it.each([
    [503, true],
    [429, true],
    [400, false],
    [404, false],
  ])('maps HTTP %d to retryable=%s', async (status, retryable) => {
    sink.status = status;
    await expect(new SlackWebhookNotifier(sink.url, masker).notify(message)).resolves.toEqual({
      ok: false,
      retryable,
      error: `HTTP ${status}`,
    });
  });
});

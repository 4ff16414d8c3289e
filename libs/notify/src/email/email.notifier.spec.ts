import { ProtectedTermMasker } from '../mask';
import type { NotificationMessage } from '../notifier';
import { makeAlert } from '../testing/alert-factory';
import { startSmtpSink, type SmtpSink } from '../testing/smtp-sink';
import { EmailNotifier } from './email.notifier';
import { renderEmail } from './email-templates';

const message: NotificationMessage = {
  id: 'n-123',
  kind: 'alerts',
  createdAt: '2026-03-01T12:31:00.000Z',
  receiver: 'desks',
  firing: [makeAlert()],
  resolved: [],
  desk: 'Night desk',
};

describe(EmailNotifier.name, () => {
  let smtp: SmtpSink;
  let notifier: EmailNotifier;

  beforeAll(async () => {
    smtp = await startSmtpSink();
    notifier = new EmailNotifier(
      {
        transport: smtp.url,
        from: 'alerts@spreadwatch.test',
        masker: new ProtectedTermMasker(['JaneDoe']),
      },
      () => ({ to: 'desk@news.test', unsubscribeUrl: 'https://sw.test/api/unsubscribe?token=abc' }),
    );
  });
  afterAll(async () => {
    notifier.close();
    await smtp.close();
  });

  it('delivers HTML and text with RFC 8058 one-click unsubscribe and the notification id as Message-ID', async () => {
    await expect(notifier.notify(message)).resolves.toMatchObject({ ok: true });
    const mail = smtp.mails.at(-1);
    expect(mail?.to).toEqual(['desk@news.test']);
    expect(mail?.header('message-id')).toBe('<n-123@spreadwatch.local>');
    expect(mail?.header('list-unsubscribe')).toBe('<https://sw.test/api/unsubscribe?token=abc>');
    expect(mail?.header('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    expect(mail?.raw).toContain('text/plain');
    expect(mail?.raw).toContain('text/html');
    expect(mail?.raw).toContain('Night desk');
  });

  it('masks protected terms everywhere, subject included, and escapes HTML', async () => {
    smtp.mails.length = 0;
    await notifier.notify(message);
    const raw = smtp.mails[0]?.raw ?? '';
    expect(raw.toLowerCase()).not.toContain('janedoe');
    expect(renderEmail(message).html).not.toContain('<script>');
    expect(renderEmail(message).html).toContain('&lt;script&gt;');
  });

  it('reports a temporary SMTP refusal as retryable', async () => {
    smtp.failing = true;
    try {
      await expect(notifier.notify({ ...message, id: 'n-124' })).resolves.toMatchObject({
        ok: false,
        retryable: true,
      });
    } finally {
      smtp.failing = false;
    }
  });

  it('reports a server that is down as retryable', async () => {
    const down = new EmailNotifier(
      { transport: 'smtp://127.0.0.1:1', from: 'a@b.test', masker: new ProtectedTermMasker([]) },
      () => ({ to: 'desk@news.test' }),
    );
    await expect(down.notify(message)).resolves.toMatchObject({ ok: false, retryable: true });
    down.close();
  });
});

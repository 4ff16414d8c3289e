import { createTransport, type Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';

import type { ProtectedTermMasker } from '../mask';
import type { NotificationMessage, Notifier, NotifyResult } from '../notifier';
import { renderEmail } from './email-templates';

export interface EmailNotifierOptions {
  /** `smtp://user:pass@host:port` or nodemailer SMTP options. */
  transport: string | SMTPTransport.Options;
  from: string;
  masker: ProtectedTermMasker;
  /** Domain used in Message-IDs (`<id@domain>`). */
  messageIdDomain?: string;
}

/** Per-mail addressing: who, and the one-click unsubscribe URL for them. */
export interface EmailAddressing {
  to: string;
  unsubscribeUrl?: string;
}

/**
 * Desk email through SMTP. The Message-ID derives from the notification id, so if a retry does send twice
 * (the SMTP server accepted but we crashed before recording it) receivers can drop the duplicate. One-click
 * unsubscribe per RFC 8058: `List-Unsubscribe` with an https URL plus `List-Unsubscribe-Post`.
 */
export class EmailNotifier implements Notifier {
  readonly channel = 'email';
  private readonly transporter: Transporter<SMTPTransport.SentMessageInfo>;

  constructor(
    private readonly options: EmailNotifierOptions,
    private readonly addressing: (m: NotificationMessage) => EmailAddressing = fromMessage,
  ) {
    // Bounded timeouts: nodemailer's defaults (minutes) would hold a delivery slot through an outage.
    const timeouts = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 };
    this.transporter = createTransport(
      typeof options.transport === 'string'
        ? { url: options.transport, ...timeouts }
        : { ...timeouts, ...options.transport },
    );
  }

  async notify(message: NotificationMessage): Promise<NotifyResult> {
    const masked: NotificationMessage = {
      ...message,
      firing: message.firing.map((a) => this.options.masker.alert(a)),
      resolved: message.resolved.map((a) => this.options.masker.alert(a)),
    };
    let addressing: EmailAddressing;
    try {
      addressing = this.addressing(message);
    } catch (err) {
      return { ok: false, retryable: false, error: (err as Error).message };
    }
    const { to, unsubscribeUrl } = addressing;
    const rendered = renderEmail(masked, {
      ...(unsubscribeUrl === undefined ? {} : { unsubscribeUrl }),
      ...(message.dashboardUrl === undefined ? {} : { dashboardUrl: message.dashboardUrl }),
    });
    const subject = this.options.masker.text(rendered.subject);
    try {
      const info = await this.transporter.sendMail({
        from: this.options.from,
        to,
        subject,
        text: this.options.masker.text(rendered.text),
        html: this.options.masker.text(rendered.html),
        messageId: `<${message.id}@${this.options.messageIdDomain ?? 'spreadwatch.local'}>`,
        headers: {
          'X-Spreadwatch-Notification': message.id,
          ...(unsubscribeUrl === undefined
            ? {}
            : {
                'List-Unsubscribe': `<${unsubscribeUrl}>`,
                'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
              }),
        },
      });
      return { ok: true, info: info.response };
    } catch (err) {
      return { ok: false, retryable: smtpRetryable(err), error: (err as Error).message };
    }
  }

  close(): void {
    this.transporter.close();
  }
}

/** Permanent SMTP rejections (5xx) are not retried; connection trouble and 4xx are. */
function smtpRetryable(err: unknown): boolean {
  const code = (err as { responseCode?: unknown }).responseCode;
  return typeof code === 'number' ? code < 500 || code >= 600 : true;
}

/** Default addressing: the message's own `to` and `unsubscribeUrl`. */
function fromMessage(m: NotificationMessage): EmailAddressing {
  if (m.to === undefined) throw new Error(`notification ${m.id} has no recipient`);
  return m.unsubscribeUrl === undefined
    ? { to: m.to }
    : { to: m.to, unsubscribeUrl: m.unsubscribeUrl };
}

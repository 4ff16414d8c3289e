export {
  retryableStatus,
  type NotificationMessage,
  type Notifier,
  type NotifyResult,
} from './notifier';
export { maskTerm, ProtectedTermMasker } from './mask';
export { renderEmail, type RenderedEmail, type TemplateLinks } from './email/email-templates';
export {
  EmailNotifier,
  type EmailAddressing,
  type EmailNotifierOptions,
} from './email/email.notifier';
export { postJson, slackPayload, SlackWebhookNotifier } from './webhook/slack-webhook.notifier';
export {
  SIGNATURE_HEADER,
  signPayload,
  SignedWebhookNotifier,
  TIMESTAMP_HEADER,
  verifySignature,
  webhookPayload,
} from './webhook/signed-webhook.notifier';
export { backoffDelayMs } from './backoff';

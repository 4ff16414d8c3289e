import type { Alert, SubscriptionInput } from '@spreadwatch/contracts';

const MINUTE_MS = 60_000;

/** Whether a desk subscription wants this alert: severity, then watchlist and term filters (empty = all). */
export function subscriptionWants(sub: SubscriptionInput, alert: Alert): boolean {
  if (!sub.severities.includes(alert.severity)) return false;
  if (alert.status === 'resolved' && !sub.sendResolved) return false;
  if (sub.watchlists.length > 0 && !sub.watchlists.includes(alert.labels['watchlist'] ?? ''))
    return false;
  if (sub.terms.length > 0 && (alert.term === undefined || !sub.terms.includes(alert.term)))
    return false;
  return true;
}

/** Minutes since local midnight in `timeZone` at `ms`. */
export function localMinutes(ms: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(ms));
  const hour = Number(parts.find((p) => p.type === 'hour')?.value ?? 0);
  const minute = Number(parts.find((p) => p.type === 'minute')?.value ?? 0);
  return hour * 60 + minute;
}

function hhmm(text: string): number {
  const [h, m] = text.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

/**
 * When a mail may go out for this subscription: `now` outside quiet hours, otherwise the end of the quiet
 * period (local time, in the subscription's zone; the window may wrap midnight, e.g. 22:00–07:00).
 */
export function deliverAfterQuietHours(
  sub: Pick<SubscriptionInput, 'quietStart' | 'quietEnd' | 'timezone'>,
  now: number,
): number {
  if (sub.quietStart === undefined || sub.quietEnd === undefined) return now;
  const start = hhmm(sub.quietStart);
  const end = hhmm(sub.quietEnd);
  if (start === end) return now;
  const local = localMinutes(now, sub.timezone);
  const inQuiet = start < end ? local >= start && local < end : local >= start || local < end;
  if (!inQuiet) return now;
  const wait = (end - local + 1440) % 1440;
  // Align to the minute boundary the quiet period ends at.
  return Math.floor(now / MINUTE_MS) * MINUTE_MS + wait * MINUTE_MS;
}

/** The next digest boundary strictly after `lastDigestAt` (or now when none has gone out). */
export function nextDigestAt(
  lastDigestAt: number | null,
  digestMinutes: number,
  now: number,
): number {
  if (lastDigestAt === null) return now;
  return lastDigestAt + digestMinutes * MINUTE_MS;
}

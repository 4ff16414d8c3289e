const timeFormat = new Map<string, Intl.DateTimeFormat>();

const formatter = (options: Intl.DateTimeFormatOptions, timeZone?: string): Intl.DateTimeFormat => {
  const key = `${JSON.stringify(options)}|${timeZone ?? ''}`;
  let found = timeFormat.get(key);
  if (found === undefined) {
    // `undefined` locale and time zone: the user's own.
    found = new Intl.DateTimeFormat(undefined, { ...options, timeZone });
    timeFormat.set(key, found);
  }
  return found;
};

/** Wall-clock time, e.g. 14:03:12, in the user's time zone unless one is given. */
export const formatTime = (iso: string, timeZone?: string): string =>
  formatter(
    { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false },
    timeZone,
  ).format(new Date(iso));

/** Hour and minute, for chart axes. */
export const formatMinute = (iso: string, timeZone?: string): string =>
  formatter({ hour: '2-digit', minute: '2-digit', hour12: false }, timeZone).format(new Date(iso));

/** Full date and time with the zone name, for tooltips and titles. */
export const formatDateTime = (iso: string, timeZone?: string): string =>
  formatter({ dateStyle: 'medium', timeStyle: 'long' }, timeZone).format(new Date(iso));

export const userTimeZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone;

export const formatNumber = (value: number, fractionDigits = 1): string =>
  value.toLocaleString(undefined, {
    minimumFractionDigits: fractionDigits,
    maximumFractionDigits: fractionDigits,
  });

/** Signed change, e.g. +2.4 or −1.0 (a real minus sign reads better than a hyphen). */
export const formatSigned = (value: number, fractionDigits = 1): string => {
  const rounded = Number(value.toFixed(fractionDigits));
  const text = formatNumber(Math.abs(rounded), fractionDigits);
  if (rounded > 0) return `+${text}`;
  if (rounded < 0) return `\u2212${text}`;
  return text;
};

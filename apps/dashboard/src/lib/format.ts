const timeFormat = new Map<string, Intl.DateTimeFormat>();

// The zone chosen in Settings (undefined: the browser's). Module state so that presentational components
// such as the term chart, which format without a zone argument, follow the setting too.
let displayTimeZone: string | undefined;

/** Sets the zone every formatter uses when none is passed; undefined or '' means the browser's own. */
export const setDisplayTimeZone = (timeZone: string | undefined): void => {
  displayTimeZone = timeZone === '' ? undefined : timeZone;
};

const formatter = (options: Intl.DateTimeFormatOptions, timeZone?: string): Intl.DateTimeFormat => {
  const zone = timeZone ?? displayTimeZone;
  const key = `${JSON.stringify(options)}|${zone ?? ''}`;
  let found = timeFormat.get(key);
  if (found === undefined) {
    // `undefined` locale and time zone: the user's own.
    found = new Intl.DateTimeFormat(undefined, { ...options, timeZone: zone });
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

/** Short date and time, e.g. 1 Mar, 14:03, for tables. */
export const formatShortDateTime = (iso: string, timeZone?: string): string =>
  formatter(
    { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false },
    timeZone,
  ).format(new Date(iso));

/** The zone times are shown in: the Settings choice, else the browser's. */
export const userTimeZone = (): string =>
  displayTimeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;

/** True when `timeZone` is an IANA zone this browser knows. */
export const isValidTimeZone = (timeZone: string): boolean => {
  try {
    new Intl.DateTimeFormat(undefined, { timeZone });
    return true;
  } catch {
    return false;
  }
};

/** Relative age, e.g. "3 min ago", from two instants (ms). */
export const formatAge = (thenMs: number, nowMs: number): string => {
  const seconds = Math.max(0, Math.round((nowMs - thenMs) / 1000));
  if (seconds < 60) return `${seconds} s ago`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.round(hours / 24)} d ago`;
};

export const formatPercent = (share: number, fractionDigits = 0): string =>
  `${formatNumber(share * 100, fractionDigits)}%`;

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

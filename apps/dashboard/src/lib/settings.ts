/** Per-browser display settings; stored in localStorage, times themselves are always UTC on the wire. */
export type ThemeChoice = 'system' | 'light' | 'dark';

export interface DisplaySettings {
  /** IANA zone; '' follows the browser. */
  timeZone: string;
  theme: ThemeChoice;
}

export const SETTINGS_STORAGE_KEY = 'spreadwatch.settings';
export const DEFAULT_SETTINGS: DisplaySettings = { timeZone: '', theme: 'system' };

const THEMES: readonly ThemeChoice[] = ['system', 'light', 'dark'];

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Reads stored settings; anything unreadable or unknown falls back to the default, field by field. */
export const parseSettings = (raw: string | null): DisplaySettings => {
  if (raw === null) return DEFAULT_SETTINGS;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return DEFAULT_SETTINGS;
  }
  if (!isRecord(value)) return DEFAULT_SETTINGS;
  const { timeZone, theme } = value;
  return {
    timeZone: typeof timeZone === 'string' ? timeZone : DEFAULT_SETTINGS.timeZone,
    theme: THEMES.find((t) => t === theme) ?? DEFAULT_SETTINGS.theme,
  };
};

export const loadSettings = (
  storage: Storage | undefined = globalThis.localStorage,
): DisplaySettings => {
  try {
    return parseSettings(storage?.getItem(SETTINGS_STORAGE_KEY) ?? null);
  } catch {
    // Storage can throw when disabled (private mode, policies).
    return DEFAULT_SETTINGS;
  }
};

export const saveSettings = (
  settings: DisplaySettings,
  storage: Storage | undefined = globalThis.localStorage,
): void => {
  try {
    storage?.setItem(SETTINGS_STORAGE_KEY, JSON.stringify(settings));
  } catch {
    // Not persisted; the choice still applies to this tab.
  }
};

/** The theme actually applied, given the OS preference. */
export const resolveTheme = (choice: ThemeChoice, prefersDark: boolean): 'light' | 'dark' =>
  choice === 'system' ? (prefersDark ? 'dark' : 'light') : choice;

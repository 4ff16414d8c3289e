import { createContext, type ReactNode, useContext, useEffect, useMemo, useState } from 'react';

import { setDisplayTimeZone } from './format';
import { type DisplaySettings, loadSettings, resolveTheme, saveSettings } from './settings';

interface SettingsValue {
  settings: DisplaySettings;
  update: (patch: Partial<DisplaySettings>) => void;
}

const SettingsContext = createContext<SettingsValue | null>(null);

const DARK_QUERY = '(prefers-color-scheme: dark)';

const prefersDark = (): boolean =>
  typeof window.matchMedia === 'function' && window.matchMedia(DARK_QUERY).matches;

/** Applies the theme (CSS variables keyed on `data-theme`) and the display zone for every formatter. */
const apply = (settings: DisplaySettings): void => {
  setDisplayTimeZone(settings.timeZone);
  const theme = resolveTheme(settings.theme, prefersDark());
  document.documentElement.dataset['theme'] = theme;
  document.documentElement.style.colorScheme = theme;
};

export const SettingsProvider = ({ children }: { children: ReactNode }) => {
  const [settings, setSettings] = useState<DisplaySettings>(() => {
    const loaded = loadSettings();
    // Before the first render, so the first paint already has the right zone and colours.
    apply(loaded);
    return loaded;
  });

  useEffect(() => {
    apply(settings);
    saveSettings(settings);
    if (settings.theme !== 'system' || typeof window.matchMedia !== 'function') return undefined;
    const media = window.matchMedia(DARK_QUERY);
    const onChange = () => apply(settings);
    media.addEventListener('change', onChange);
    return () => media.removeEventListener('change', onChange);
  }, [settings]);

  const value = useMemo<SettingsValue>(
    () => ({ settings, update: (patch) => setSettings((s) => ({ ...s, ...patch })) }),
    [settings],
  );
  return <SettingsContext.Provider value={value}>{children}</SettingsContext.Provider>;
};

export const useSettings = (): SettingsValue => {
  const value = useContext(SettingsContext);
  if (value === null) throw new Error('useSettings needs a SettingsProvider');
  return value;
};

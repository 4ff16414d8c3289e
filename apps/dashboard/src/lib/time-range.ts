/** Relative time ranges (Grafana-style "last N"), kept in the URL as `range`; `live=0` pauses updates. */
export interface RangePreset {
  key: string;
  label: string;
  minutes: number;
}

export const RANGE_PRESETS: readonly RangePreset[] = [
  { key: '15m', label: 'Last 15 minutes', minutes: 15 },
  { key: '1h', label: 'Last hour', minutes: 60 },
  { key: '2h', label: 'Last 2 hours', minutes: 120 },
  { key: '6h', label: 'Last 6 hours', minutes: 360 },
  { key: '24h', label: 'Last 24 hours', minutes: 1_440 },
  { key: '7d', label: 'Last 7 days', minutes: 10_080 },
];

export const DEFAULT_RANGE_KEY = '2h';

const byKey = new Map(RANGE_PRESETS.map((preset) => [preset.key, preset]));

/** The preset named in the URL, or the default for anything unknown (a hand-edited link still opens). */
export const parseRange = (value: string | null | undefined): RangePreset =>
  byKey.get(value ?? '') ?? (byKey.get(DEFAULT_RANGE_KEY) as RangePreset);

/** Live unless the URL says `live=0`. */
export const parseLive = (value: string | null | undefined): boolean => value !== '0';

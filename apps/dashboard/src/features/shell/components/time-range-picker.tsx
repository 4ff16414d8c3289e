import { useId } from 'react';

import { parseLive, parseRange, RANGE_PRESETS } from '../../../lib/time-range';
import { useUrlState } from '../../../lib/use-url-state';

/** The time range (`range`) and live mode (`live`) of the current view, both kept in the URL. */
export const useTimeRange = () => {
  const [params, update] = useUrlState();
  const range = parseRange(params.get('range'));
  const live = parseLive(params.get('live'));
  return {
    range,
    live,
    setRange: (key: string) => update({ range: key }),
    setLive: (on: boolean) => update({ live: on ? null : '0' }),
  };
};

/** Grafana-style picker: a relative range and a live/paused toggle. */
export const TimeRangePicker = () => {
  const id = useId();
  const { range, live, setRange, setLive } = useTimeRange();
  return (
    <div className="time-range" role="group" aria-label="Time range">
      <label htmlFor={`${id}-range`} className="visually-hidden">
        Time range
      </label>
      <select
        id={`${id}-range`}
        className="select"
        value={range.key}
        onChange={(event) => setRange(event.target.value)}
      >
        {RANGE_PRESETS.map((preset) => (
          <option key={preset.key} value={preset.key}>
            {preset.label}
          </option>
        ))}
      </select>
      <button
        type="button"
        className={`button live-toggle${live ? ' is-live' : ''}`}
        aria-pressed={live}
        onClick={() => setLive(!live)}
        title={live ? 'Pause live updates' : 'Resume live updates'}
      >
        {live ? 'Live' : 'Paused'}
      </button>
    </div>
  );
};

import type { TermPoint } from '@spreadwatch/contracts';
import { useMemo } from 'react';
import {
  Area,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ReferenceArea,
  ReferenceDot,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';

import { formatDateTime, formatMinute, formatNumber } from '../../../lib/format';
import {
  alertMarkers,
  burstSpans,
  type ChartAlert,
  chartRows,
  describeDetail,
} from './term-chart-model';

export interface TermChartProps {
  term: string;
  points: readonly TermPoint[];
  /** Alerts on this term; those that fired inside the charted minutes are marked. */
  alerts?: readonly ChartAlert[];
  height?: number;
}

const NO_ALERTS: readonly ChartAlert[] = [];

const describe = (term: string, points: readonly TermPoint[]): string => {
  const last = points.at(-1);
  if (last === undefined) return `No data yet for ${term}.`;
  const detail = describeDetail(points);
  return `Posts per minute for ${term} over the last ${points.length} minutes. Latest minute: ${last.count} posts against a baseline of ${formatNumber(last.baseline)}.${detail === '' ? '' : ` ${detail}`}`;
};

const formatValue = (value: unknown): string => {
  if (typeof value === 'number') return formatNumber(value);
  if (Array.isArray(value) && value.length === 2) {
    const [low, high] = value as unknown[];
    if (typeof low === 'number' && typeof high === 'number') {
      return `${formatNumber(low)} – ${formatNumber(high)}`;
    }
  }
  return String(value);
};

/**
 * Per-minute posts of one term against its usual band (baseline ∓ 2 robust sd), with burst periods shaded,
 * fired alerts marked, and the reach forecast drawn as a cone past the newest minute. Presentational: the
 * caller fetches. `data-points` and `data-last-*` describe the scored minutes only (not the forecast) and let
 * browser tests see the chart move.
 */
export const TermChart = ({ term, points, alerts = NO_ALERTS, height = 300 }: TermChartProps) => {
  const last = points.at(-1);
  const rows = useMemo(() => chartRows(points), [points]);
  const bursts = useMemo(() => burstSpans(points), [points]);
  const markers = useMemo(() => alertMarkers(points, alerts), [points, alerts]);
  const hasBand = rows.some((r) => r.band !== undefined);
  const hasForecast = rows.some((r) => r.forecast !== undefined);
  return (
    <figure
      className="term-chart"
      data-testid="term-chart"
      data-term={term}
      data-points={points.length}
      data-last-t={last?.t ?? ''}
      data-last-value={last?.count ?? ''}
      data-bursts={bursts.length}
      data-forecast={hasForecast ? 'true' : 'false'}
    >
      <figcaption className="visually-hidden">{describe(term, points)}</figcaption>
      {points.length === 0 ? (
        <p className="empty-state">No data yet for this term.</p>
      ) : (
        <ResponsiveContainer width="100%" height={height}>
          <ComposedChart data={rows} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
            <CartesianGrid stroke="var(--chart-grid)" strokeDasharray="3 3" vertical={false} />
            <XAxis
              dataKey="t"
              tickFormatter={(t: string) => formatMinute(t)}
              minTickGap={32}
              stroke="var(--chart-axis)"
              tick={{ fill: 'var(--color-text-muted)', fontSize: 12 }}
            />
            <YAxis
              allowDecimals={false}
              width={48}
              stroke="var(--chart-axis)"
              tick={{ fill: 'var(--color-text-muted)', fontSize: 12 }}
              label={{
                value: 'posts / min',
                angle: -90,
                position: 'insideLeft',
                fill: 'var(--color-text-muted)',
                fontSize: 12,
              }}
            />
            <Tooltip
              labelFormatter={(t) => (typeof t === 'string' ? formatDateTime(t) : '')}
              formatter={(value) => formatValue(value)}
              contentStyle={{
                background: 'var(--color-surface)',
                border: '1px solid var(--color-border)',
                borderRadius: 6,
                color: 'var(--color-text)',
              }}
            />
            <Legend wrapperStyle={{ fontSize: 13, color: 'var(--color-text)' }} />
            {bursts.map((span) => (
              <ReferenceArea
                key={span.from}
                x1={span.from}
                x2={span.to}
                fill="var(--chart-burst-fill)"
                fillOpacity={Math.min(1, 0.5 + span.level / 6)}
                stroke="none"
                ifOverflow="extendDomain"
              />
            ))}
            {hasBand ? (
              <Area
                type="monotone"
                dataKey="band"
                name="Usual range"
                stroke="none"
                fill="var(--chart-band-fill)"
                isAnimationActive={false}
                connectNulls={false}
              />
            ) : null}
            <Line
              type="monotone"
              dataKey="baseline"
              name="Baseline"
              stroke="var(--chart-baseline)"
              strokeDasharray="4 3"
              strokeWidth={1.5}
              dot={false}
              isAnimationActive={false}
            />
            {hasForecast ? (
              <Area
                type="monotone"
                dataKey="forecastBand"
                name="Forecast 90%"
                stroke="none"
                fill="var(--chart-forecast-fill)"
                isAnimationActive={false}
              />
            ) : null}
            {hasForecast ? (
              <Line
                type="monotone"
                dataKey="forecast"
                name="Forecast"
                stroke="var(--chart-forecast)"
                strokeDasharray="6 4"
                strokeWidth={1.5}
                dot={false}
                isAnimationActive={false}
              />
            ) : null}
            <Line
              type="monotone"
              dataKey="rate"
              name="Smoothed rate"
              stroke="var(--chart-rate)"
              strokeWidth={1.5}
              dot={false}
              isAnimationActive={false}
            />
            <Line
              type="linear"
              dataKey="count"
              name="Posts in minute"
              stroke="var(--chart-count)"
              strokeWidth={2}
              dot={false}
              activeDot={{ r: 4 }}
              isAnimationActive={false}
            />
            {markers.map((marker) => (
              <ReferenceDot
                key={marker.t}
                x={marker.t}
                y={marker.count}
                r={5}
                fill="var(--chart-alert)"
                stroke="var(--color-surface)"
                strokeWidth={2}
                ifOverflow="extendDomain"
              />
            ))}
          </ComposedChart>
        </ResponsiveContainer>
      )}
    </figure>
  );
};

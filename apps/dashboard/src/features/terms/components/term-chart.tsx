import type { TermPoint } from '@spreadwatch/contracts';
import {
  Area,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';

import { formatDateTime, formatMinute, formatNumber } from '../../../lib/format';

export interface TermChartProps {
  term: string;
  points: readonly TermPoint[];
  height?: number;
}

const describe = (term: string, points: readonly TermPoint[]): string => {
  const last = points.at(-1);
  if (last === undefined) return `No data yet for ${term}.`;
  return `Posts per minute for ${term} over the last ${points.length} minutes. Latest minute: ${last.count} posts against a baseline of ${formatNumber(last.baseline)}.`;
};

/**
 * Per-minute posts of one term against its expected baseline. Presentational: the caller fetches.
 * `data-points` and `data-last-*` let browser tests see the chart move.
 */
export const TermChart = ({ term, points, height = 300 }: TermChartProps) => {
  const last = points.at(-1);
  return (
    <figure
      className="term-chart"
      data-testid="term-chart"
      data-term={term}
      data-points={points.length}
      data-last-t={last?.t ?? ''}
      data-last-value={last?.count ?? ''}
    >
      <figcaption className="visually-hidden">{describe(term, points)}</figcaption>
      {points.length === 0 ? (
        <p className="empty-state">No data yet for this term.</p>
      ) : (
        <ResponsiveContainer width="100%" height={height}>
          <ComposedChart data={[...points]} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
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
              formatter={(value) =>
                typeof value === 'number' ? formatNumber(value) : String(value)
              }
              contentStyle={{
                background: 'var(--color-surface)',
                border: '1px solid var(--color-border)',
                borderRadius: 6,
                color: 'var(--color-text)',
              }}
            />
            <Legend wrapperStyle={{ fontSize: 13, color: 'var(--color-text)' }} />
            <Area
              type="monotone"
              dataKey="baseline"
              name="Baseline"
              stroke="var(--chart-baseline)"
              fill="var(--chart-baseline-fill)"
              strokeDasharray="4 3"
              isAnimationActive={false}
            />
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
          </ComposedChart>
        </ResponsiveContainer>
      )}
    </figure>
  );
};

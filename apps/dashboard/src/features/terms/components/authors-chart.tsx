import type { TermPoint } from '@spreadwatch/contracts';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';

import { formatDateTime, formatMinute } from '../../../lib/format';

type AuthorPoint = TermPoint & { firstTimeAuthors?: number };

/** Unique (and, when scored, first-time) authors per minute. Presentational. */
export const AuthorsChart = ({
  points,
  height = 180,
}: {
  points: readonly AuthorPoint[];
  height?: number;
}) => {
  const hasFirstTime = points.some((p) => typeof p.firstTimeAuthors === 'number');
  const total = points.reduce((sum, p) => sum + p.uniqueAuthors, 0);
  return (
    <figure className="authors-chart" data-testid="authors-chart">
      <figcaption className="visually-hidden">
        Unique authors per minute; {total} author-minutes over {points.length} minutes.
      </figcaption>
      <ResponsiveContainer width="100%" height={height}>
        <BarChart data={[...points]} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
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
            width={40}
            stroke="var(--chart-axis)"
            tick={{ fill: 'var(--color-text-muted)', fontSize: 12 }}
          />
          <Tooltip
            labelFormatter={(t) => (typeof t === 'string' ? formatDateTime(t) : '')}
            contentStyle={{
              background: 'var(--color-surface)',
              border: '1px solid var(--color-border)',
              color: 'var(--color-text)',
            }}
          />
          <Legend wrapperStyle={{ fontSize: 13 }} />
          <Bar
            dataKey="uniqueAuthors"
            name="Unique authors"
            fill="var(--chart-rate)"
            isAnimationActive={false}
          />
          {hasFirstTime ? (
            <Bar
              dataKey="firstTimeAuthors"
              name="First-time authors"
              fill="var(--chart-count)"
              isAnimationActive={false}
            />
          ) : null}
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
};

import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

export interface GapBin {
  label: string;
  count: number;
}

/** How far apart the group's co-actions were: mass in the first bins is machine-like timing. */
export const TimeGapHistogram = ({
  bins,
  height = 200,
}: {
  bins: readonly GapBin[];
  height?: number;
}) => (
  <figure className="gap-histogram" data-testid="gap-histogram">
    <figcaption className="visually-hidden">
      Time gaps between co-actions: {bins.map((b) => `${b.label}: ${b.count}`).join(', ')}.
    </figcaption>
    <ResponsiveContainer width="100%" height={height}>
      <BarChart data={[...bins]} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
        <CartesianGrid stroke="var(--chart-grid)" strokeDasharray="3 3" vertical={false} />
        <XAxis
          dataKey="label"
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
          contentStyle={{
            background: 'var(--color-surface)',
            border: '1px solid var(--color-border)',
            color: 'var(--color-text)',
          }}
        />
        <Bar
          dataKey="count"
          name="Co-actions"
          fill="var(--chart-count)"
          isAnimationActive={false}
        />
      </BarChart>
    </ResponsiveContainer>
  </figure>
);

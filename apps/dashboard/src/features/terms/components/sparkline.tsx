import { Line, LineChart, YAxis } from 'recharts';

export interface SparklineProps {
  values: readonly number[];
  label: string;
  width?: number;
  height?: number;
}

interface SparkPoint {
  i: number;
  v: number;
}

/** A tiny trend line; the numbers sit in the table beside it, so it is described, not read out. */
export const Sparkline = ({ values, label, width = 120, height = 28 }: SparklineProps) => {
  const data: SparkPoint[] = values.map((v, i) => ({ i, v }));
  return (
    <div className="sparkline" role="img" aria-label={label}>
      {/* Not a keyboard stop: every table row has one, and the row's numbers already say it. */}
      <LineChart
        width={width}
        height={height}
        data={data}
        margin={{ top: 2, right: 2, bottom: 2, left: 2 }}
        accessibilityLayer={false}
      >
        <YAxis hide domain={[0, 'dataMax']} />
        <Line
          type="monotone"
          dataKey="v"
          stroke="var(--chart-count)"
          strokeWidth={1.5}
          dot={false}
          isAnimationActive={false}
        />
      </LineChart>
    </div>
  );
};

import type { TermPoint } from '@spreadwatch/contracts';
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';

import { TermChart } from './term-chart';

const T0 = Date.parse('2026-03-01T12:00:00Z');

const points: TermPoint[] = [0, 1, 2].map((m) => ({
  t: new Date(T0 + m * 60_000).toISOString(),
  count: m === 2 ? 40 : 2,
  uniqueAuthors: 2,
  rate: 2,
  baseline: 2,
  score: m === 2 ? 9 : 0,
  baselineLower: 0.5,
  baselineUpper: 4,
  burstLevel: m === 2 ? 2 : 0,
  forecast:
    m === 2
      ? {
          onset: new Date(T0 + 2 * 60_000).toISOString(),
          intensity: 30,
          branchingRatio: 0.7,
          supercritical: false,
          observed: 38,
          finalSize: 120,
          finalSizeLow: 90,
          finalSizeHigh: 200,
        }
      : null,
}));

describe(TermChart.name, () => {
  afterEach(cleanup);

  it('describes the scored minutes only (the forecast cone is not data) for browser tests', () => {
    render(<TermChart term="#leak" points={points} />);
    const figure = screen.getByTestId('term-chart');
    expect(figure.getAttribute('data-points')).toBe('3');
    expect(figure.getAttribute('data-last-value')).toBe('40');
    expect(figure.getAttribute('data-last-t')).toBe(points[2]?.t);
    expect(figure.getAttribute('data-bursts')).toBe('1');
    expect(figure.getAttribute('data-forecast')).toBe('true');
    expect(figure.textContent).toMatch(/1 burst period\. Forecast: about 120 excess posts/);
  });

  it('says so when there is no data', () => {
    render(<TermChart term="#quiet" points={[]} />);
    expect(screen.getByText('No data yet for this term.')).toBeTruthy();
    expect(screen.getByTestId('term-chart').getAttribute('data-forecast')).toBe('false');
  });
});

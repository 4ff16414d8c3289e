import { normaliseNab, probationaryLength, scaledSigmoid, scoreNabSeries } from './nab-scoring';

const STANDARD = { tpWeight: 1, fpWeight: 0.11, fnWeight: 1 };
// 100 rows, one window over rows 40..59; probation = 15 rows.
const ROWS = Array.from({ length: 100 }, (_, i) => i * 300_000);
const WINDOW: [number, number] = [ROWS[40] as number, ROWS[59] as number];

function detectAt(...rows: number[]): boolean[] {
  const flags = new Array<boolean>(ROWS.length).fill(false);
  for (const r of rows) flags[r] = true;
  return flags;
}

describe(scoreNabSeries.name, () => {
  it.each([
    { name: 'never fires: −fnWeight per window', rows: [], want: -1 },
    { name: 'first row of the window scores tpWeight', rows: [40], want: 1 },
    {
      name: 'only the best (earliest) detection counts',
      rows: [45, 50, 58],
      want: scaledSigmoid(-(59 - 45 + 1) / 20) / scaledSigmoid(-1),
    },
    { name: 'a false positive before any window costs fpWeight', rows: [20], want: -1 - 0.11 },
    { name: 'detections in the probation are ignored', rows: [5], want: -1 },
    {
      name: 'a false positive just after the window costs little',
      rows: [40, 61],
      want: 1 + scaledSigmoid(2 / 19) * 0.11,
    },
  ])('$name', ({ rows, want }) => {
    expect(scoreNabSeries(ROWS, detectAt(...rows), [WINDOW], STANDARD).score).toBeCloseTo(want, 10);
  });

  it('normalises null to 0 and perfect to 100', () => {
    const none = scoreNabSeries(ROWS, detectAt(), [WINDOW], STANDARD);
    const perfect = scoreNabSeries(ROWS, detectAt(40), [WINDOW], STANDARD);
    expect(normaliseNab(none.score, none.nullScore, none.perfectScore)).toBe(0);
    expect(normaliseNab(perfect.score, perfect.nullScore, perfect.perfectScore)).toBeCloseTo(
      100,
      10,
    );
  });
});

describe(probationaryLength.name, () => {
  it.each([
    { rows: 100, want: 15 },
    { rows: 15_902, want: 750 },
  ])('$rows rows → $want', ({ rows, want }) => {
    expect(probationaryLength(rows)).toBe(want);
  });
});

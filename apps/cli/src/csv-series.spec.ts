import { CsvSeriesReader, msToInterval, parseCsvRow } from './csv-series';

describe(msToInterval.name, () => {
  it.each([
    { ms: 300_000, want: '5m' },
    { ms: 30_000, want: '30s' },
    { ms: 3_600_000, want: '1h' },
    { ms: 86_400_000, want: '1d' },
    { ms: 90_000, want: '90s' },
    { ms: 1_500, want: null },
    { ms: 0, want: null },
  ])('$ms ms → $want', ({ ms, want }) => {
    expect(msToInterval(ms)).toBe(want);
  });
});

describe(parseCsvRow.name, () => {
  it.each([
    { line: '2015-02-26 21:42:53,104', ts: '2015-02-26T21:42:53.000Z', value: 104 },
    { line: '2015-02-26T21:42:53Z, 7', ts: '2015-02-26T21:42:53.000Z', value: 7 },
    { line: '"2015-02-26 21:42:53","3.5"', ts: '2015-02-26T21:42:53.000Z', value: 3.5 },
    { line: '2015-02-26T23:42:53+02:00,1', ts: '2015-02-26T21:42:53.000Z', value: 1 },
  ])('$line', ({ line, ts, value }) => {
    expect(parseCsvRow(line)).toMatchObject({ ok: true, ts, value });
  });
});

describe(CsvSeriesReader.name, () => {
  it('infers the interval from the first two rows and emits contract count observations', () => {
    const sut = new CsvSeriesReader('aapl');
    expect(sut.push('timestamp,value', 1).observations).toEqual([]);
    expect(sut.push('2015-02-26 21:42:53,104', 2).observations).toEqual([]);
    const { observations } = sut.push('2015-02-26 21:47:53,100', 3);
    expect(observations).toEqual([
      {
        type: 'count',
        source: 'csv',
        term: 'aapl',
        ts: '2015-02-26T21:42:53.000Z',
        interval: '5m',
        count: 104,
      },
      {
        type: 'count',
        source: 'csv',
        term: 'aapl',
        ts: '2015-02-26T21:47:53.000Z',
        interval: '5m',
        count: 100,
      },
    ]);
  });

  it('emits a lone row at the end with a 1m interval', () => {
    const sut = new CsvSeriesReader('aapl');
    sut.push('2015-02-26 21:42:53,4', 1);
    expect(sut.end().observations.map((o) => o.interval)).toEqual(['1m']);
  });
});

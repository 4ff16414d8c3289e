import { ProgressBar } from './progress-bar';

function target(tty: boolean): { tty: boolean; out: string[]; write(s: string): void } {
  const out: string[] = [];
  return { tty, out, write: (s) => out.push(s) };
}

describe(ProgressBar.name, () => {
  it.each([
    [0, 100, '[..............................]   0%  0/100 rows'],
    [50, 100, '[###############...............]  50%  50/100 rows'],
    [100, 100, '[##############################] 100%  100/100 rows'],
    [20_000, null, '20.0k rows'],
  ] as const)('renders %d of %s', (done, total, expected) => {
    const bar = new ProgressBar(target(true), 'export', () => 1000);
    expect(bar.render(done, total, 2000)).toContain(expected);
  });

  it('logs one line per 10 % without a terminal', () => {
    const t = target(false);
    const bar = new ProgressBar(t, 'export', () => 0);
    for (let i = 0; i <= 100; i++) bar.update(i, 100);
    expect(t.out).toHaveLength(11);
  });

  it('redraws in place on a terminal, throttled', () => {
    const t = target(true);
    let now = 0;
    const bar = new ProgressBar(t, 'export', () => now);
    bar.update(1, 10);
    now = 50;
    bar.update(2, 10);
    now = 200;
    bar.update(3, 10);
    expect(t.out).toHaveLength(2);
    expect(t.out.every((s) => s.startsWith('\r'))).toBe(true);
  });
});

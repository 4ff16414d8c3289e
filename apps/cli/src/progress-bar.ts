/** Where a progress bar draws: a terminal (redrawn in place) or a log (one line per step). */
export interface ProgressTarget {
  /** True when `\r` redraws the line (an interactive terminal). */
  tty: boolean;
  write(text: string): void;
}

const BAR_WIDTH = 30;
// Redraws at most every 100 ms: drawing is cheap, but not per row.
const TTY_INTERVAL_MS = 100;
// Without a terminal, one line per 10 % (or per 10 s when the total is unknown).
const LOG_STEP = 0.1;
const LOG_INTERVAL_MS = 10_000;

function formatCount(n: number): string {
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)}M`;
  if (n >= 1e4) return `${(n / 1e3).toFixed(1)}k`;
  return String(n);
}

/**
 * A dependency-free progress bar for stderr: `[#####.....]  45%  4.50M/10.0M rows  1.2M rows/s`. The clock is
 * injected so tests can drive it.
 */
export class ProgressBar {
  private lastDraw = Number.NEGATIVE_INFINITY;
  private lastLoggedStep = -1;
  private readonly started: number;

  constructor(
    private readonly target: ProgressTarget,
    private readonly label: string,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.started = now();
  }

  update(done: number, total: number | null): void {
    const t = this.now();
    if (this.target.tty) {
      if (t - this.lastDraw < TTY_INTERVAL_MS) return;
      this.lastDraw = t;
      this.target.write(`\r${this.render(done, total, t)}\u001b[K`);
      return;
    }
    const fraction = total !== null && total > 0 ? done / total : null;
    const step =
      fraction === null
        ? Math.floor((t - this.started) / LOG_INTERVAL_MS)
        : Math.floor(fraction / LOG_STEP);
    if (step <= this.lastLoggedStep) return;
    this.lastLoggedStep = step;
    this.target.write(`${this.render(done, total, t)}\n`);
  }

  finish(done: number): void {
    // A log that already printed its 100 % line needs no second one.
    if (!this.target.tty && this.lastLoggedStep >= Math.round(1 / LOG_STEP)) return;
    const t = this.now();
    this.target.write(
      `${this.target.tty ? '\r' : ''}${this.render(done, done, t)}${this.target.tty ? '\u001b[K' : ''}\n`,
    );
  }

  render(done: number, total: number | null, t: number): string {
    const seconds = Math.max(t - this.started, 1) / 1000;
    const rate = `${formatCount(Math.round(done / seconds))} rows/s`;
    if (total === null || total <= 0) return `${this.label}  ${formatCount(done)} rows  ${rate}`;
    const fraction = Math.min(1, done / total);
    const filled = Math.round(fraction * BAR_WIDTH);
    const bar = `${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}`;
    const pct = `${Math.floor(fraction * 100)}%`.padStart(4);
    return `${this.label} [${bar}] ${pct}  ${formatCount(done)}/${formatCount(total)} rows  ${rate}`;
  }
}

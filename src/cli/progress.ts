/**
 * A progress line on stderr for long runs on a terminal: one line redrawn in place with the count,
 * the rate and the time left. It appears only after a second (a quick run prints nothing but its
 * result) and never on a pipe or in a CI log, where redrawn lines are noise.
 */
export class Progress {
  private readonly started = Date.now();
  private done = 0;
  private lastDraw = 0;
  private drawn = false;

  constructor(private readonly total: number, private readonly stream: { write(s: string): unknown; isTTY?: boolean }, private readonly label = 'grading', private readonly delayMs = 1000) {}

  get enabled(): boolean { return this.stream.isTTY === true; }

  tick(): void {
    this.done++;
    const now = Date.now();
    if (!this.enabled || now - this.started < this.delayMs || (now - this.lastDraw < 100 && this.done < this.total)) return;
    this.lastDraw = now;
    this.drawn = true;
    this.stream.write(`\r\u001b[K${progressText(this.label, this.done, this.total, (now - this.started) / 1000)}`);
  }

  /** Clears the line so the summary that follows starts clean. */
  end(): void {
    if (this.drawn) this.stream.write('\r\u001b[K');
  }
}

/** `grading 57/200 (28%) · 12.3/s · ETA 12 s`, with a bar when there is room. */
export function progressText(label: string, done: number, total: number, seconds: number): string {
  const rate = seconds > 0 ? done / seconds : 0;
  const left = rate > 0 ? Math.ceil((total - done) / rate) : null;
  const width = 24;
  const filled = total > 0 ? Math.round((done / total) * width) : 0;
  const eta = left === null ? '' : left >= 60 ? ` · ETA ${Math.floor(left / 60)} min ${left % 60} s` : ` · ETA ${left} s`;
  return `${label} [${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${done}/${total} (${Math.round((done / Math.max(total, 1)) * 100)}%) · ${rate.toFixed(1)}/s${eta}`;
}

import cliProgress from 'cli-progress';

/** Where the import CLI tells how far it got: a bar on a terminal, plain lines in logs and CI. */
export interface Progress {
  /** A new step without a known size, e.g. "reading nodes.csv". */
  step(message: string): void;
  /** Rows written so far out of the total. */
  update(done: number, total: number): void;
  stop(): void;
}

export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

export function createProgress(stream: ProgressStream, options: { intervalMs?: number } = {}): Progress {
  return stream.isTTY ? new BarProgress(stream) : new LineProgress(stream, options.intervalMs ?? 2000);
}

class BarProgress implements Progress {
  private bar: cliProgress.SingleBar | null = null;

  constructor(private readonly stream: ProgressStream) {}

  step(message: string): void {
    this.stopBar();
    this.stream.write(`${message}\n`);
  }

  update(done: number, total: number): void {
    if (!this.bar) {
      this.bar = new cliProgress.SingleBar(
        {
          stream: this.stream as NodeJS.WritableStream,
          format: 'writing [{bar}] {percentage}% | {value}/{total} rows | ETA {eta_formatted}',
          hideCursor: true,
          clearOnComplete: false,
          etaBuffer: 50,
        },
        cliProgress.Presets.shades_classic,
      );
      this.bar.start(total, 0);
    }
    this.bar.setTotal(total);
    this.bar.update(done);
  }

  stop(): void {
    this.stopBar();
  }

  private stopBar(): void {
    this.bar?.stop();
    this.bar = null;
  }
}

/** One line per interval at most, and always the last one, so logs show steady progress without flooding. */
class LineProgress implements Progress {
  private lastAt = 0;
  private lastDone = -1;
  private startedAt = 0;

  constructor(
    private readonly stream: ProgressStream,
    private readonly intervalMs: number,
  ) {}

  step(message: string): void {
    this.stream.write(`${message}\n`);
  }

  update(done: number, total: number): void {
    const now = Date.now();
    if (this.startedAt === 0) this.startedAt = now;
    if (done < total && now - this.lastAt < this.intervalMs) return;
    if (done === this.lastDone) return;
    this.lastAt = now;
    this.lastDone = done;
    const percent = total > 0 ? Math.floor((done * 100) / total) : 100;
    const seconds = (now - this.startedAt) / 1000;
    const rate = seconds > 0 ? Math.round(done / seconds) : done;
    this.stream.write(`writing ${done}/${total} rows (${percent}%), ${rate} rows/s\n`);
  }

  stop(): void {}
}

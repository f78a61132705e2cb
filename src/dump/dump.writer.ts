import { createHash, Hash } from 'node:crypto';
import { createWriteStream, WriteStream } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import { DUMP_HEADER, DumpSection, sectionClosing, sectionOpening } from './dump.format';
import { sidecarOf, sidecarText } from './checksum';

export interface DumpFileResult {
  file: string;
  sidecar: string;
  sha256: string;
  bytes: number;
}

/**
 * Writes a dump to disk a section and a page of lines at a time, waiting for the stream to drain
 * whenever its buffer is full, so that memory holds one page whatever the size of the graph. The
 * sha256 is computed over the bytes as they go out. The lines go to a `.partial` file, renamed
 * onto the target only once complete; then the sidecar is written. A failed dump leaves the
 * previous dump and its sidecar as they were.
 */
export class DumpFileWriter {
  private readonly hash: Hash = createHash('sha256');
  private readonly partial: string;
  private readonly stream: WriteStream;
  private bytes = 0;
  private section: DumpSection | null = null;
  private rowsInSection = 0;
  private failed: Error | null = null;

  constructor(readonly file: string) {
    this.partial = `${file}.partial`;
    this.stream = createWriteStream(this.partial, { flags: 'w', highWaterMark: 1 << 20 });
    this.stream.on('error', (error) => (this.failed = error));
  }

  /** Resolves once the stream is open, or rejects when the file cannot be created. */
  ready(): Promise<void> {
    return this.until('open');
  }

  async begin(): Promise<void> {
    await this.write(`${DUMP_HEADER}\n`);
  }

  async openSection(section: DumpSection): Promise<void> {
    this.section = section;
    this.rowsInSection = 0;
    await this.write(`${sectionOpening(section)}\n`);
  }

  /** A page of records, each one JSON text: one line each, commas between them. */
  async rows(lines: readonly string[]): Promise<void> {
    if (lines.length === 0) return;
    const text = (this.rowsInSection ? ',\n' : '') + lines.join(',\n');
    this.rowsInSection += lines.length;
    await this.write(text);
  }

  async closeSection(): Promise<void> {
    if (!this.section) throw new Error('no section is open');
    await this.write(`${this.rowsInSection ? '\n' : ''}${sectionClosing(this.section)}\n`);
    this.section = null;
  }

  /** Completes the file, moves it onto the target and writes the sidecar. */
  async finish(): Promise<DumpFileResult> {
    this.stream.end();
    await once(this.stream, 'finish');
    if (this.failed) throw this.failed;
    if (!this.stream.closed) await once(this.stream, 'close');
    const sha256 = this.hash.digest('hex');
    const sidecar = sidecarOf(this.file);
    // The old sidecar would call the new file damaged: it goes first, and the new one is written beside the file.
    await rm(sidecar, { force: true });
    await rename(this.partial, this.file);
    await writeFile(`${sidecar}.partial`, sidecarText(sha256, this.file));
    await rename(`${sidecar}.partial`, sidecar);
    return { file: this.file, sidecar, sha256, bytes: this.bytes };
  }

  /** Throws away what was written. */
  async abort(): Promise<void> {
    this.stream.destroy();
    await rm(this.partial, { force: true });
  }

  private async write(text: string): Promise<void> {
    if (this.failed) throw this.failed;
    const chunk = Buffer.from(text, 'utf8');
    this.hash.update(chunk);
    this.bytes += chunk.length;
    // Backpressure: when the buffer is full, wait until it has gone to disk (or the stream failed).
    if (!this.stream.write(chunk)) await this.until('drain');
  }

  /** Waits for an event of the stream; rejects if the stream fails first. */
  private until(event: 'open' | 'drain'): Promise<void> {
    if (this.failed) return Promise.reject(this.failed);
    return new Promise((resolve, reject) => {
      const done = () => {
        this.stream.off('error', failed);
        resolve();
      };
      const failed = (error: Error) => {
        this.stream.off(event, done);
        reject(error);
      };
      this.stream.once(event, done);
      this.stream.once('error', failed);
    });
  }
}

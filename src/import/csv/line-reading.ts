import { open } from 'node:fs/promises';
import { Transform, TransformCallback } from 'node:stream';

/** Drops the \r of \r\n line ends, even across chunk boundaries, so that lines count the same everywhere. */
export class StripCarriageReturns extends Transform {
  private pendingCr = false;

  override _transform(chunk: Buffer | string, _encoding: BufferEncoding, callback: TransformCallback): void {
    let textChunk = (this.pendingCr ? '\r' : '') + chunk.toString();
    this.pendingCr = textChunk.endsWith('\r');
    if (this.pendingCr) textChunk = textChunk.slice(0, -1);
    callback(null, textChunk.replace(/\r\n/g, '\n'));
  }

  override _flush(callback: TransformCallback): void {
    callback(null, this.pendingCr ? '\r' : '');
  }
}

/** The header line, read on its own so that the delimiter is known before parsing starts. */
export async function firstLineOf(file: string): Promise<string> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(64 * 1024);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    const head = buffer.subarray(0, bytesRead).toString('utf8').replace(/^\uFEFF/, '');
    return head.split(/\r?\n/, 1)[0] ?? '';
  } finally {
    await handle.close();
  }
}

/** The line a record starts on: csv-parse counts to its last line, and a quoted cell may span lines. */
export function recordStartLine(raw: string, lastLine: number): number {
  const inner = raw.replace(/^\n+/, '').replace(/\n$/, '');
  return lastLine - (inner.match(/\n/g) ?? []).length;
}

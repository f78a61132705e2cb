import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * The checksum beside a dump: `graph.json.sha256`, one line in the format of `sha256sum`
 * (`<64 hex digits>  graph.json`), so that `sha256sum -c graph.json.sha256` checks it too.
 */

export function sidecarOf(file: string): string {
  return `${file}.sha256`;
}

export function sidecarText(hex: string, file: string): string {
  return `${hex}  ${path.basename(file)}\n`;
}

export async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export class ChecksumError extends Error {}

/** The digest a sidecar gives for `name`: its line for that file, or its only line (sha256sum's `*` binary marker allowed). */
export function sidecarDigest(text: string, name: string, sidecar: string): string {
  const lines = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '');
  const entries = lines.map((line) => /^([0-9a-fA-F]{64}) [ *](.+)$/.exec(line));
  if (entries.length === 0 || entries.some((entry) => entry === null)) {
    throw new ChecksumError(`${sidecar} is not a sha256sum file (expected "<64 hex digits>  ${name}"); nothing was imported`);
  }
  const own = entries.find((entry) => path.basename(entry![2]) === name) ?? (entries.length === 1 ? entries[0] : undefined);
  if (!own) throw new ChecksumError(`${sidecar} has no line for ${name}; nothing was imported`);
  return own[1].toLowerCase();
}

/**
 * Checks a file against its sidecar when it has one. Throws a ChecksumError when they differ, so
 * that the import stops before it opens the database. Returns whether there was a sidecar.
 */
export async function verifyChecksum(file: string): Promise<boolean> {
  const sidecar = sidecarOf(file);
  if (!existsSync(sidecar)) return false;
  const name = path.basename(file);
  const expected = sidecarDigest(await readFile(sidecar, 'utf8'), name, path.basename(sidecar));
  const actual = await sha256Of(file);
  if (actual !== expected) {
    throw new ChecksumError(
      `checksum mismatch: ${name} has sha256 ${actual}, but ${path.basename(sidecar)} says ${expected}. ` +
        'The file changed or was damaged after it was written; nothing was imported',
    );
  }
  return true;
}

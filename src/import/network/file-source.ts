import { createHash } from 'node:crypto';

/** What the user said about the files when they name no sources of their own. */
export interface FileSourceOptions {
  /** --source-title: the title of every file's Source instead of the file name. */
  title?: string;
  /** --source-url: where the file can be found again. */
  url?: string;
}

export function sha256(content: Buffer | string): string {
  return createHash('sha256').update(content).digest('hex');
}

/**
 * The Source row for a file that is itself the evidence: a dataset named after the file (or
 * --source-title), with its checksum. Its id comes from the checksum, so the same file imported
 * twice cites one source, and an edited file is a new one.
 */
export function fileSourceRow(file: string, checksum: string, options: FileSourceOptions): Record<string, unknown> {
  return {
    id: `file:${checksum.slice(0, 16)}`,
    title: (options.title ?? file).slice(0, 500),
    kind: 'DATASET',
    checksum,
    ...(options.url ? { url: options.url } : {}),
    excerpt: `Imported from the file ${file}`.slice(0, 2000),
  };
}

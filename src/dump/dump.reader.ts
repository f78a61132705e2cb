import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { RawRow } from '../import/import.validator';
import type { ReadResult, RowProblem, Section } from '../import/import.document';
import { firstLineOf } from '../import/csv/line-reading';
import {
  DATETIME_TEXT,
  DUMP_HEADER,
  DUMP_SECTIONS,
  DUMP_SIGNATURE,
  DumpSection,
  ROW_SECTIONS,
  sectionClosing,
  sectionOpening,
  STAMP_KEYS,
  VERBATIM_SECTION_ORDER,
  verbatimRowProblems,
  VerbatimSection,
} from './dump.format';

/**
 * Reads a dump back for `npm run import`: the rows of the five import sections as any JSON file's
 * rows (same JSON pointers), their createdAt and updatedAt set aside (they are no input fields),
 * and the merge proposals and audit entries checked line by line but not kept: a restore reads
 * them again from the file, a batch at a time, when it writes them. A line at a time throughout,
 * so a dump larger than the longest string Node can hold (512 MB) reads as well as a small one.
 */

export class DumpFileError extends Error {}

export interface Stamps {
  createdAt: string | null;
  updatedAt: string | null;
}

/** What a restore needs beyond the rows. */
export interface DumpRestore {
  file: string;
  name: string;
  /** The stored createdAt and updatedAt of the row at a JSON pointer of its section (/actors/3). */
  stampsAt(location: string): Stamps;
  counts: Record<VerbatimSection, number>;
  /** The records of a verbatim section, read again from the file, `size` at a time. */
  verbatim(section: VerbatimSection, size: number): AsyncGenerator<Record<string, unknown>[]>;
}

export interface DumpRead extends Required<ReadResult> {
  restore: DumpRestore;
}

/** Whether a file is a dump, by its first line. */
export async function isDumpFile(file: string): Promise<boolean> {
  return (await firstLineOf(file)).startsWith(DUMP_SIGNATURE);
}

interface Line {
  text: string;
  /** 1-based. */
  number: number;
  /** Byte offset of the line's start. */
  offset: number;
}

/** The file's lines from byte `start` on, without their line ends, with where each starts. */
async function* linesOf(file: string, start = 0, firstNumber = 1): AsyncGenerator<Line> {
  let pending: Buffer = Buffer.alloc(0);
  let offset = start;
  let number = firstNumber;
  for await (const chunk of createReadStream(file, { start, highWaterMark: 1 << 20 })) {
    let buffer = pending.length ? Buffer.concat([pending, chunk as Buffer]) : (chunk as Buffer);
    let from = 0;
    for (let end = buffer.indexOf(10, from); end !== -1; end = buffer.indexOf(10, from)) {
      const stop = end > from && buffer[end - 1] === 13 ? end - 1 : end;
      yield { text: buffer.toString('utf8', from, stop), number: number++, offset };
      offset += end + 1 - from;
      from = end + 1;
    }
    buffer = buffer.subarray(from);
    pending = Buffer.from(buffer);
  }
  if (pending.length) yield { text: pending.toString('utf8'), number, offset };
}

function parseRecord(line: Line, name: string): { value: unknown; more: boolean } {
  const more = line.text.endsWith(',');
  const text = more ? line.text.slice(0, -1) : line.text;
  try {
    return { value: JSON.parse(text), more };
  } catch (error) {
    throw new DumpFileError(`${name} line ${line.number} is not a JSON record (${error instanceof Error ? error.message : String(error)}); is the dump complete?`);
  }
}

/** The records of one section: from the line after its opening to its closing line. */
async function* sectionRecords(lines: AsyncGenerator<Line>, section: DumpSection, name: string): AsyncGenerator<{ value: unknown; line: Line }> {
  const closing = sectionClosing(section);
  let expectMore: boolean | null = null;
  for (;;) {
    const { value: line, done } = await lines.next();
    if (done) throw new DumpFileError(`${name} ends inside the ${section} section: the dump is incomplete`);
    if (line.text === closing) {
      if (expectMore) throw new DumpFileError(`${name} line ${line.number - 1} ends with a comma, but ${section} ends there`);
      return;
    }
    if (expectMore === false) throw new DumpFileError(`${name} line ${line.number}: expected the end of ${section} (${closing}) after a record without a comma`);
    const record = parseRecord(line, name);
    expectMore = record.more;
    yield { value: record.value, line };
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads a dump: its rows and problems for the import, and what the restore writes beyond them. */
export async function readDump(file: string): Promise<DumpRead> {
  const name = path.basename(file);
  const before = await stat(file);
  const rows: RawRow[] = [];
  const problems: RowProblem[] = [];
  const stamps = new Map<Section, { createdAt: (string | null)[]; updatedAt: (string | null)[] }>();
  const starts = new Map<VerbatimSection, Line>();
  const counts = Object.fromEntries(VERBATIM_SECTION_ORDER.map((section) => [section, 0])) as Record<VerbatimSection, number>;

  const lines = linesOf(file);
  try {
    const header = (await lines.next()).value as Line | undefined;
    if (!header || header.text.replace(/^\uFEFF/, '') !== DUMP_HEADER) {
      const version = /"version":\s*(\d+)/.exec(header?.text ?? '')?.[1];
      throw new DumpFileError(`${name} is a dump of another version (${version ?? 'unknown'}) than this one reads (the first line must be ${DUMP_HEADER})`);
    }
    for (const section of DUMP_SECTIONS) {
      const opening = (await lines.next()).value as Line | undefined;
      if (!opening || opening.text !== sectionOpening(section)) {
        throw new DumpFileError(`${name} line ${opening?.number ?? 'at its end'}: expected ${sectionOpening(section)}, the dump's sections being ${DUMP_SECTIONS.join(', ')} in this order`);
      }
      if ((ROW_SECTIONS as readonly string[]).includes(section)) {
        const rowSection = section as Section;
        const times = { createdAt: [] as (string | null)[], updatedAt: [] as (string | null)[] };
        stamps.set(rowSection, times);
        for await (const { value } of sectionRecords(lines, section, name)) {
          const location = `/${section}/${times.createdAt.length}`;
          let leftOut = false;
          for (const key of STAMP_KEYS) {
            const stamp = isObject(value) ? value[key] : undefined;
            if (isObject(value)) delete value[key];
            const good = typeof stamp === 'string' && DATETIME_TEXT.test(stamp);
            if (stamp !== undefined && !good) {
              // The row is left out and counted once, as readers do with rows they cannot build.
              problems.push({ file: name, location, field: key, reason: 'must be a datetime as Neo4j writes it, e.g. 2024-05-01T09:00:00.123Z', section: rowSection });
              leftOut = true;
            }
            times[key].push(good ? (stamp as string) : null);
          }
          if (section === 'territories' && isObject(value) && value.parentId !== undefined) {
            // A restore writes links from the relationships section only, each with its own id and times.
            problems.push({ file: name, location, field: 'parentId', reason: "is not restored: a dump gives a territory's PART_OF link as a row of relationships", section: rowSection });
            leftOut = true;
          }
          if (!leftOut) rows.push({ section: rowSection, value, file: name, location });
        }
      } else {
        const verbatim = section as VerbatimSection;
        starts.set(verbatim, opening);
        for await (const { value } of sectionRecords(lines, section, name)) {
          const location = `/${section}/${counts[verbatim]++}`;
          const found = isObject(value) ? verbatimRowProblems(verbatim, value) : [{ field: '', reason: 'must be an object' }];
          for (const problem of found) problems.push({ file: name, location, ...problem });
        }
      }
    }
    for await (const line of lines) {
      if (line.text.trim() !== '') throw new DumpFileError(`${name} line ${line.number}: nothing may follow the end of the dump`);
    }
  } finally {
    // Closes the file when reading stopped early, on a bad line.
    await lines.return(undefined);
  }

  const restore: DumpRestore = {
    file,
    name,
    counts,
    stampsAt(location) {
      const [, section, index] = location.split('/');
      const times = stamps.get(section as Section);
      const at = Number(index);
      return { createdAt: times?.createdAt[at] ?? null, updatedAt: times?.updatedAt[at] ?? null };
    },
    async *verbatim(section, size) {
      const now = await stat(file);
      if (now.size !== before.size || now.mtimeMs !== before.mtimeMs) throw new DumpFileError(`${name} changed while it was being restored`);
      const opening = starts.get(section)!;
      const again = linesOf(file, opening.offset, opening.number);
      try {
        await again.next();
        let batch: Record<string, unknown>[] = [];
        for await (const { value } of sectionRecords(again, section, name)) {
          batch.push(value as Record<string, unknown>);
          if (batch.length >= size) {
            yield batch;
            batch = [];
          }
        }
        if (batch.length) yield batch;
      } finally {
        // Closes the file: the section ends before the file does.
        await again.return(undefined);
      }
    },
  };
  return { rows, problems, warnings: [], restore };
}

export { VERBATIM_SECTION_ORDER };

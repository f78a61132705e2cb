import { createReadStream } from 'node:fs';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parse, CsvError } from 'csv-parse';
import type { RowProblem, ReadResult } from './import.document';
import type { RawRow } from './import.validator';
import { isEdgesHeader, sniffDelimiter } from './csv/headers';
import { firstLineOf, recordStartLine, StripCarriageReturns } from './csv/line-reading';
import { CSV_RECORD_OPTIONS } from './csv/record-options';
import { edgeRow, nodeRow } from './csv/rows';

export { convertCell } from './csv/cells';
export { isEdgesHeader, normaliseHeader, sniffDelimiter } from './csv/headers';
export { edgeRow, nodeRow } from './csv/rows';

/**
 * CSV import: a nodes file and an edges file, with Kumu-like column names.
 *
 * A file is an edges file when its header has both a From and a To column; otherwise it holds
 * nodes. Column names are matched case-insensitively, ignoring spaces, underscores, hyphens and
 * dots ("Source IDs", "source_ids" and "sourceIds" are one column). The delimiter is whichever of
 * comma, semicolon or tab the header line uses most. Empty cells are left out of the row. Lists
 * are separated by "|" ("PNUD|UNDP"). Rows are located as "line N", the line where the record
 * starts.
 *
 * The columns of a nodes file are listed in csv/node-columns.ts, those of an edges file in
 * csv/edge-columns.ts.
 *
 * Numbers may use spaces or underscores between thousands ("10 000"); anything else that is not
 * a plain number is passed on as text, and so are booleans that are not one of the words of
 * csv/cells.ts, so that the validator reports them with the field's own rule. A column those
 * tables do not know is passed on under its own header, and the validator refuses it ("property
 * Tags should not exist") instead of dropping data silently. Indicators are not read from CSV;
 * use JSON.
 */

export interface CsvReadOptions {
  /** Called every few thousand records, for progress output. */
  onRecords?: (records: number) => void;
}

function csvParser(delimiter: string) {
  return parse({ ...CSV_RECORD_OPTIONS, delimiter, bom: true });
}

/**
 * Streams one CSV file (nodes or edges, told apart by its header) into rows. Records are parsed
 * as they arrive, so the file itself never has to fit in memory; only the rows built from it do.
 */
export async function readCsvRows(file: string, options: CsvReadOptions = {}): Promise<ReadResult & { kind: 'nodes' | 'edges' }> {
  const name = path.basename(file);
  const delimiter = sniffDelimiter(await firstLineOf(file));
  const rows: RawRow[] = [];
  const problems: RowProblem[] = [];
  let headers: string[] | null = null;
  let kind: 'nodes' | 'edges' = 'nodes';

  const parser = csvParser(delimiter);
  parser.on('skip', (error: CsvError & { lines?: number }) => {
    problems.push({
      file: name,
      location: `line ${error.lines ?? '?'}`,
      section: headers ? (kind === 'edges' ? 'relationships' : undefined) : undefined,
      field: '',
      reason: `is not valid CSV: ${error.message.replace(/ at line \d+/, '')}`,
    });
  });

  const collect = new Transform({
    objectMode: true,
    transform(chunk: { record: string[]; raw: string; info: { lines: number } }, _encoding, callback) {
      if (!headers) {
        headers = chunk.record.map((header) => header.trim());
        kind = isEdgesHeader(headers) ? 'edges' : 'nodes';
        callback();
        return;
      }
      const at = { file: name, location: `line ${recordStartLine(chunk.raw, chunk.info.lines)}` };
      const result = kind === 'edges' ? edgeRow(headers, chunk.record, at) : nodeRow(headers, chunk.record, at);
      if ('value' in result) rows.push(result);
      else problems.push(result);
      const records = rows.length + problems.length;
      if (options.onRecords && records % 5000 === 0) options.onRecords(records);
      callback();
    },
  });

  await pipeline(createReadStream(file), new StripCarriageReturns(), parser, collect);
  if (!headers) throw new Error(`${name} is empty: a CSV file needs a header line`);
  options.onRecords?.(rows.length + problems.length);
  return { rows, problems, kind };
}

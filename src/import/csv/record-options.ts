import type { Options } from 'csv-parse';

/**
 * How the project's CSV imports read records, whatever the table: each record with its raw text
 * and line count (recordStartLine turns them into the line it starts on), rows of any width, and
 * a broken record skipped and reported on its line rather than stopping the file.
 */
export const CSV_RECORD_OPTIONS = {
  raw: true,
  info: true,
  relax_column_count: true,
  // A stray quote inside a cell stays part of the value (for the validator to report, where the column has rules) rather than breaking the record.
  relax_quotes: true,
  skip_empty_lines: true,
  skip_records_with_error: true,
} as const satisfies Options;

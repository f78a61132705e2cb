import { CellValue, Row, Workbook, Worksheet } from 'exceljs';
import { isEdgesHeader, normaliseHeader } from '../../csv/headers';
import { NetworkFile, NetworkFileError } from '../network-file';
import { labelWarnings, NetworkTable, readNetworkTable, TableCell, TableKind, TableRow } from './network-csv.reader';

/**
 * Kumu's import workbook: each sheet is a table with a header row, read with the rules of Kumu's
 * CSV tables (network-csv.reader.ts). As Kumu does, every sheet is read except those whose name
 * contains "(ignore)", and a sheet's header says what it holds: From and To columns make it
 * connections, a Label (or ID) column elements; so elements may be spread over several sheets
 * ("Elements", or "People" and "Organisations"), and a workbook with no sheet of elements is
 * refused. Cells keep what Excel stored: numbers stay numbers and booleans booleans; dates become
 * ISO dates; rich text, hyperlinks and formulas give their text or their result.
 */

/** exceljs declares a global Buffer of its own (extending ArrayBuffer) that no Node Buffer matches. */
type XlsxBytes = Parameters<Workbook['xlsx']['load']>[0];

const IGNORED_SHEET = /\(ignore\)/i;

/** What JSZip says about a damaged archive, without its advice and links. */
function zipReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const firstSentence = message.split(/\s*(?:If it is|see https?:)/)[0] ?? message;
  return firstSentence.replace(/^Bug\s*:\s*/, '').replace(/\s*[:?]+\s*$/, '').trim() || 'unknown damage';
}

async function loadWorkbook(content: Buffer, file: string): Promise<Workbook> {
  const workbook = new Workbook();
  try {
    await workbook.xlsx.load(content as unknown as XlsxBytes);
  } catch (error) {
    throw new NetworkFileError(file, '', `is not a readable .xlsx workbook (${zipReason(error)})`);
  }
  return workbook;
}

/** Midnight is how Excel stores a date without a time. */
function isoDate(date: Date): string | undefined {
  if (Number.isNaN(date.getTime())) return undefined;
  const iso = date.toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
}

function cellValue(value: CellValue): TableCell | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') return value.trim() === '' ? undefined : value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'boolean') return value;
  if (value instanceof Date) return isoDate(value);
  if ('richText' in value) return cellValue(value.richText.map((run) => run.text).join(''));
  // A hyperlink's text may itself be rich text; cellValue unwraps it either way.
  if ('hyperlink' in value) return cellValue(value.text);
  if ('formula' in value || 'sharedFormula' in value) return cellValue(value.result ?? null);
  // An error cell (#N/A, #REF!) holds no value to import.
  return undefined;
}

function rowCells(row: Row, width: number): (TableCell | undefined)[] {
  return Array.from({ length: width }, (_, index) => cellValue(row.getCell(index + 1).value));
}

/** The sheet as a table: its first row with anything in it is the header row, empty rows are skipped. */
function sheetTable(sheet: Worksheet, file: string): NetworkTable | undefined {
  let headers: string[] | undefined;
  const rows: TableRow[] = [];
  sheet.eachRow((row, rowNumber) => {
    if (!headers) {
      headers = rowCells(row, row.cellCount).map((cell) => (cell === undefined ? '' : String(cell).trim()));
      return;
    }
    const cells = rowCells(row, headers.length);
    if (cells.some((cell) => cell !== undefined)) rows.push({ cells, location: `sheet ${sheet.name}, row ${rowNumber}` });
  });
  return headers ? { file, headers, rows } : undefined;
}

/** Kumu's rule: Label (or ID) in the first row for elements, From and To for connections. */
function sheetKind(table: NetworkTable): TableKind | undefined {
  if (isEdgesHeader(table.headers)) return 'connections';
  const keys = new Set(table.headers.map(normaliseHeader));
  return keys.has('label') || keys.has('id') ? 'elements' : undefined;
}

interface Sheet {
  table: NetworkTable;
  kind: TableKind;
}

/** The sheets Kumu would import; an empty sheet (Excel's spare "Sheet2") holds nothing to read. */
function sheetsToRead(workbook: Workbook, file: string): Sheet[] {
  const sheets: Sheet[] = [];
  for (const sheet of workbook.worksheets.filter((candidate) => !IGNORED_SHEET.test(candidate.name))) {
    const table = sheetTable(sheet, file);
    if (!table) continue;
    const kind = sheetKind(table);
    if (!kind) {
      throw new NetworkFileError(
        file,
        `sheet ${sheet.name}`,
        'holds neither elements (a Label column) nor connections (From and To columns); add "(ignore)" to its name for Kumu and this import to skip it',
      );
    }
    sheets.push({ table, kind });
  }
  if (!sheets.some((sheet) => sheet.kind === 'elements')) {
    const names = workbook.worksheets.map((sheet) => `"${sheet.name}"`).join(', ');
    throw new NetworkFileError(
      file,
      '',
      `has no "Elements" sheet: Kumu reads elements from a sheet whose first row has a Label column (its sheets: ${names || 'none'})`,
    );
  }
  return sheets;
}

export async function readKumuWorkbook(content: Buffer, name: string): Promise<NetworkFile> {
  const workbook = await loadWorkbook(content, name);
  const network: NetworkFile = { file: name, format: 'kumu-xlsx', elements: [], connections: [], createsMissingEnds: false, problems: [], warnings: [] };
  for (const sheet of sheetsToRead(workbook, name)) {
    const contents = readNetworkTable(sheet.table, sheet.kind, 'kumu');
    network.elements.push(...contents.elements);
    network.connections.push(...contents.connections);
    network.problems.push(...contents.problems);
    network.warnings.push(...contents.warnings);
  }
  network.warnings.push(...labelWarnings(network.elements, 'kumu'));
  return network;
}

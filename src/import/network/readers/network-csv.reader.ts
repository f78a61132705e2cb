import { isAnalysisFileAttribute } from '../../../analysis/analysis.properties';
import { parse, CsvError } from 'csv-parse/sync';
import { isEdgesHeader, normaliseHeader, sniffDelimiter } from '../../csv/headers';
import { recordStartLine } from '../../csv/line-reading';
import { CSV_RECORD_OPTIONS } from '../../csv/record-options';
import { AttributeValue, ConnectionDirection, FileNote, NetworkConnection, NetworkElement, NetworkFile, NetworkFileError } from '../network-file';
import { directionNamed, kumuList } from './values';

/**
 * Network tables: one CSV file, or one sheet of a Kumu workbook (kumu-workbook.reader.ts reads
 * its sheets with the same rules).
 *
 * Two tools write them. Kumu: elements `Label,Type,Description,Tags,...` and connections
 * `From,To,Type,Direction,Label,Tags,...`, both with an optional ID column; From and To name
 * elements by label (or by ID when the elements have one: the mapper tells which). Gephi's Data
 * Laboratory: nodes `Id,Label,...` and edges `Source,Target,Type,Id,Label,Weight`, where Type is
 * the direction and Label is what Gephi users type the relationship into.
 *
 * Columns are matched as the project's own CSV import matches them (normaliseHeader); every
 * other column is kept under its header text. Cells stay as they were written: a CSV cell is
 * text, and only Kumu's Tags column is split on "|".
 */

/** A cell once read: CSV cells are text; workbook cells may also be numbers or booleans. */
export type TableCell = string | number | boolean;

export interface TableRow {
  /** Cells in header order; undefined where the cell is empty. */
  cells: readonly (TableCell | undefined)[];
  /** "line 4", "sheet Elements, row 4". */
  location: string;
}

export interface NetworkTable {
  file: string;
  headers: readonly string[];
  rows: readonly TableRow[];
}

export type TableKind = 'elements' | 'connections';

/** Kumu's and Gephi's tables share a layout but not the meaning of Type and Label. */
export type TableDialect = 'kumu' | 'gephi';

export interface TableContents {
  elements: NetworkElement[];
  connections: NetworkConnection[];
  problems: FileNote[];
  /** Rows read with a change (an ID left out); labelWarnings adds Kumu's warnings about labels. */
  warnings: FileNote[];
}

type ElementRole = 'id' | 'label' | 'type' | 'tags';
type ConnectionRole = 'id' | 'from' | 'to' | 'type' | 'direction' | 'tags';

const ELEMENT_COLUMNS: Record<TableDialect, Readonly<Record<string, ElementRole>>> = {
  kumu: { id: 'id', label: 'label', type: 'type', elementtype: 'type', tags: 'tags' },
  gephi: { id: 'id', label: 'label', type: 'type' },
};

const CONNECTION_COLUMNS: Record<TableDialect, Readonly<Record<string, ConnectionRole>>> = {
  kumu: { id: 'id', from: 'from', fromid: 'from', to: 'to', toid: 'to', type: 'type', connectiontype: 'type', direction: 'direction', tags: 'tags' },
  gephi: { id: 'id', source: 'from', target: 'to', type: 'direction', label: 'type' },
};

const DIRECTION_RULE: Record<TableDialect, string> = {
  kumu: "Kumu's directions are directed, undirected and mutual",
  gephi: "the Type column of a Gephi edges table says Directed or Undirected",
};

interface Column {
  index: number;
  header: string;
}

interface Columns<Role extends string> {
  roles: Map<Role, Column>;
  /** Every column no role claims, kept as an attribute under its header. */
  others: Column[];
}

function columnsOf<Role extends string>(headers: readonly string[], known: Readonly<Record<string, Role>>): Columns<Role> {
  const roles = new Map<Role, Column>();
  const others: Column[] = [];
  headers.forEach((header, index) => {
    if (header === '') return;
    const role = known[normaliseHeader(header)];
    // A second column for the same role (Type and Element Type) is kept rather than dropped.
    if (role !== undefined && !roles.has(role)) roles.set(role, { index, header });
    else others.push({ index, header });
  });
  return { roles, others };
}

function present(cell: TableCell | undefined): TableCell | undefined {
  return typeof cell === 'string' && cell.trim() === '' ? undefined : cell;
}

function textOf(cell: TableCell | undefined): string | undefined {
  const text = cell === undefined ? '' : String(cell).trim();
  return text === '' ? undefined : text;
}

function attributesOf(row: TableRow, columns: readonly Column[]): Record<string, AttributeValue> {
  const attributes: Record<string, AttributeValue> = {};
  for (const column of columns) {
    const value = present(row.cells[column.index]);
    if (value !== undefined) attributes[column.header] = value;
  }
  return attributes;
}

function cellFor<Role extends string>(row: TableRow, columns: Columns<Role>, role: Role): string | undefined {
  const column = columns.roles.get(role);
  return column ? textOf(row.cells[column.index]) : undefined;
}

function tagsOf<Role extends string>(row: TableRow, columns: Columns<Role | 'tags'>): { tags?: string[] } {
  const text = cellFor(row, columns, 'tags');
  const tags = text === undefined ? [] : kumuList(text);
  return tags.length > 0 ? { tags } : {};
}

function note(file: string, location: string, field: string, reason: string): FileNote {
  return { file, location, field, reason };
}

function elementOf(table: NetworkTable, columns: Columns<ElementRole>, row: TableRow, dialect: TableDialect): NetworkElement | FileNote {
  const id = cellFor(row, columns, 'id');
  const idColumn = columns.roles.get('id');
  if (dialect === 'gephi' && id === undefined) {
    return note(table.file, row.location, idColumn?.header ?? 'Id', 'is empty: Gephi names every node by its Id');
  }
  const label = cellFor(row, columns, 'label');
  const type = cellFor(row, columns, 'type');
  return {
    file: table.file,
    location: row.location,
    ...(id !== undefined ? { id } : {}),
    ...(label !== undefined ? { label } : {}),
    ...(type !== undefined ? { type } : {}),
    ...tagsOf(row, columns),
    // As networkElement does for the other formats: analysis values are recomputed, not imported.
    attributes: attributesOf(row, columns.others.filter((column) => !isAnalysisFileAttribute(column.header))),
  };
}

type DirectionCell = { direction?: ConnectionDirection; problem?: string };

function directionOf(text: string | undefined, dialect: TableDialect): DirectionCell {
  if (text === undefined) return {};
  const direction = directionNamed(text);
  return direction ? { direction } : { problem: `is "${text}": ${DIRECTION_RULE[dialect]}` };
}

function missingEnd(table: NetworkTable, columns: Columns<ConnectionRole>, row: TableRow, end: 'from' | 'to'): FileNote {
  const header = columns.roles.get(end)?.header ?? end;
  return note(table.file, row.location, header, `is empty: a connection needs the element it ${end === 'from' ? 'starts at' : 'points to'}`);
}

/** Kumu draws a connection to each element a From or To cell lists with "|"; Gephi's Source and Target are one Id each. */
function endsOf(text: string | undefined, dialect: TableDialect): string[] {
  if (text === undefined) return [];
  return dialect === 'kumu' ? kumuList(text) : [text];
}

interface RowConnections {
  connections: NetworkConnection[];
  problems: FileNote[];
  warnings: FileNote[];
}

function connectionsOf(table: NetworkTable, columns: Columns<ConnectionRole>, row: TableRow, dialect: TableDialect): RowConnections {
  const froms = endsOf(cellFor(row, columns, 'from'), dialect);
  const tos = endsOf(cellFor(row, columns, 'to'), dialect);
  const { direction, problem } = directionOf(cellFor(row, columns, 'direction'), dialect);
  if (froms.length === 0 || tos.length === 0 || problem !== undefined) {
    const problems = [
      ...(froms.length === 0 ? [missingEnd(table, columns, row, 'from')] : []),
      ...(tos.length === 0 ? [missingEnd(table, columns, row, 'to')] : []),
      ...(problem !== undefined ? [note(table.file, row.location, columns.roles.get('direction')?.header ?? 'Direction', problem)] : []),
    ];
    return { connections: [], problems, warnings: [] };
  }
  const pairs = froms.flatMap((from) => tos.map((to) => ({ from, to })));
  const id = cellFor(row, columns, 'id');
  const type = cellFor(row, columns, 'type');
  const connections = pairs.map(({ from, to }) => ({
    file: table.file,
    location: row.location,
    // One ID cannot name several connections.
    ...(id !== undefined && pairs.length === 1 ? { id } : {}),
    from,
    to,
    by: referencesOf(columns, dialect),
    ...(type !== undefined ? { type } : {}),
    ...(direction !== undefined ? { direction } : {}),
    ...tagsOf(row, columns),
    attributes: attributesOf(row, columns.others),
  }));
  const idHeader = columns.roles.get('id')?.header ?? 'ID';
  const warnings =
    id !== undefined && pairs.length > 1
      ? [note(table.file, row.location, idHeader, `is left out: From and To list several elements, so the row is ${pairs.length} connections, which one ID cannot name`)]
      : [];
  return { connections, problems: [], warnings };
}

/** Gephi's Source and Target are node Ids; Kumu's From and To are labels unless the header says "From ID". */
function referencesOf(columns: Columns<ConnectionRole>, dialect: TableDialect): NetworkConnection['by'] {
  if (dialect === 'gephi') return 'id';
  const from = columns.roles.get('from');
  return from && normaliseHeader(from.header) === 'fromid' ? 'id' : 'label';
}

/**
 * Kumu's own warnings, across all the tables of a file: an element without label, and a label two
 * elements share (Gephi names nodes by Id, so a shared label is no ambiguity there).
 */
export function labelWarnings(elements: readonly NetworkElement[], dialect: TableDialect): FileNote[] {
  const warnings: FileNote[] = [];
  const firstByLabel = new Map<string, NetworkElement>();
  for (const element of elements) {
    if (element.label === undefined) {
      warnings.push(note(element.file, element.location, 'Label', 'is empty: the element has no label'));
      continue;
    }
    const first = firstByLabel.get(element.label);
    if (first === undefined) firstByLabel.set(element.label, element);
    else if (dialect === 'kumu') {
      warnings.push(
        note(element.file, element.location, 'Label', `label "${element.label}" is also on ${first.location}; connections that name it by label are ambiguous`),
      );
    }
  }
  return warnings;
}

/** One table's rows as elements or connections, with the problems of the rows that cannot be read. */
export function readNetworkTable(table: NetworkTable, kind: TableKind, dialect: TableDialect): TableContents {
  const contents: TableContents = { elements: [], connections: [], problems: [], warnings: [] };
  if (kind === 'elements') {
    const columns = columnsOf(table.headers, ELEMENT_COLUMNS[dialect]);
    for (const row of table.rows) {
      const result = elementOf(table, columns, row, dialect);
      if ('reason' in result) contents.problems.push(result);
      else contents.elements.push(result);
    }
  } else {
    const columns = columnsOf(table.headers, CONNECTION_COLUMNS[dialect]);
    for (const row of table.rows) {
      const result = connectionsOf(table, columns, row, dialect);
      contents.connections.push(...result.connections);
      contents.problems.push(...result.problems);
      contents.warnings.push(...result.warnings);
    }
  }
  return contents;
}

/** A table is connections when it has From and To (Kumu) or Source and Target (Gephi) columns. */
export function networkCsvTableKind(headers: string[]): TableKind {
  const keys = new Set(headers.map(normaliseHeader));
  return isEdgesHeader(headers) || (keys.has('source') && keys.has('target')) ? 'connections' : 'elements';
}

/**
 * Gephi's exporter always starts a nodes table with "Id,Label", spelt so; Kumu's ID column, when
 * there is one, is "ID" (and this project's own export writes it so), which keeps them apart.
 */
function csvDialect(headers: readonly string[], kind: TableKind): TableDialect {
  if (kind === 'connections') return isEdgesHeader(headers) ? 'kumu' : 'gephi';
  return headers[0] === 'Id' && headers[1] === 'Label' ? 'gephi' : 'kumu';
}

/** What csv-parse gives for each record with `raw` and `info` on, which its typings do not say. */
interface ParsedRecord {
  record: string[];
  raw: string;
  info: { lines: number };
}

function csvProblem(file: string, error: CsvError | undefined, raw: string | undefined): FileNote {
  const lastLine = typeof error?.lines === 'number' ? error.lines : 0;
  const location = `line ${raw === undefined ? lastLine : recordStartLine(raw, lastLine)}`;
  if (error?.code === 'CSV_QUOTE_NOT_CLOSED') {
    return note(file, location, '', 'opens a quoted cell that is never closed, so the file cannot be read from this line on');
  }
  return note(file, location, '', `is not valid CSV: ${(error?.message ?? 'unreadable record').replace(/ at line \d+/, '')}`);
}

/** Line numbers count as an editor counts them: \r\n is one line end, and a BOM is not text. */
function csvText(content: Buffer): string {
  return content.toString('utf8').replace(/^\uFEFF/, '').replace(/\r\n/g, '\n');
}

function csvTable(content: Buffer, file: string): { table: NetworkTable; problems: FileNote[] } {
  const text = csvText(content);
  const problems: FileNote[] = [];
  const records = parse(text, {
    ...CSV_RECORD_OPTIONS,
    delimiter: sniffDelimiter(text.split('\n', 1)[0] ?? ''),
    on_skip: (error, raw) => {
      problems.push(csvProblem(file, error, raw));
      return undefined;
    },
  }) as unknown as ParsedRecord[];
  const [header, ...rest] = records;
  if (!header) throw new NetworkFileError(file, '', 'is empty: a CSV file needs a header line');
  // Spreadsheets save their empty rows as ",,,"; like blank lines, they hold nothing.
  const rows = rest
    .filter((record) => record.record.some((cell) => cell.trim() !== ''))
    .map((record) => ({ cells: record.record, location: `line ${recordStartLine(record.raw, record.info.lines)}` }));
  return { table: { file, headers: header.record.map((cell) => cell.trim()), rows }, problems };
}

/**
 * Reads one CSV table: Kumu elements or connections, or a Gephi nodes or edges table. Only a
 * Gephi edges table creates the ends no nodes table has, as Gephi's spreadsheet importer does.
 */
export function readNetworkCsv(content: Buffer, name: string): NetworkFile {
  const { table, problems } = csvTable(content, name);
  const kind = networkCsvTableKind([...table.headers]);
  const dialect = csvDialect(table.headers, kind);
  const contents = readNetworkTable(table, kind, dialect);
  return {
    file: name,
    format: dialect === 'gephi' ? 'gephi-csv' : 'kumu-csv',
    elements: contents.elements,
    connections: contents.connections,
    createsMissingEnds: dialect === 'gephi' && kind === 'connections',
    problems: [...problems, ...contents.problems].sort(byLine),
    warnings: [...contents.warnings, ...labelWarnings(contents.elements, dialect)],
  };
}

function byLine(a: FileNote, b: FileNote): number {
  return lineNumber(a.location) - lineNumber(b.location);
}

function lineNumber(location: string): number {
  return Number(/\d+/.exec(location)?.[0] ?? 0);
}

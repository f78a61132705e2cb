import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { Transform, TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parse, CsvError } from 'csv-parse';
import type { ImportProblem, ReadResult, Section } from './import.document';
import type { RawRow } from './import.validator';

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
 * Nodes file, one row per node:
 *
 * | column                                   | field                                              |
 * |------------------------------------------|----------------------------------------------------|
 * | Id                                       | id                                                 |
 * | Label                                    | which node: Actor, Initiative, Territory or Source |
 * | Name                                     | name (title for a Source without a Title column)   |
 * | Title                                    | title (Source)                                     |
 * | Kind, Type                               | kind; level for a Territory                        |
 * | Level                                    | level for a Territory; scale for others            |
 * | Scale                                    | scale                                              |
 * | Aliases, Alias                           | aliases (list)                                     |
 * | Acronym                                  | acronym                                            |
 * | SSE, ESS                                 | sse (true/false, yes/no, oui/non, 1/0)             |
 * | Country, Country Code                    | countryCode                                        |
 * | IATI Org Type, Org Type                  | iatiOrgType                                        |
 * | Org Ref, IATI Org Ref, IATI Ref          | orgRef                                             |
 * | Website                                  | website; url for a Source                          |
 * | URL                                      | url; website for an Actor                          |
 * | Description                              | description                                        |
 * | Start Date, Start / End Date, End        | startDate / endDate                                |
 * | Budget, Budget Amount                    | budget.amount (number)                             |
 * | Currency, Budget Currency                | budget.currency                                    |
 * | Budget EUR, Amount EUR                   | budget.amountEur (number)                          |
 * | Themes, Theme                            | themes (list)                                      |
 * | Code                                     | code (Territory)                                   |
 * | Parent, Parent Id                        | parentId (Territory)                               |
 * | Publisher, Date, Language, Excerpt       | publisher, date, language, excerpt (Source)        |
 * | Source IDs, Sources, Source Id, Source   | sourceIds (list)                                   |
 *
 * Edges file, one row per relationship:
 *
 * | column                                   | field                                              |
 * |------------------------------------------|----------------------------------------------------|
 * | Id                                       | id; when empty, derived from type, from and to, so |
 * |                                          | two links of one type between the same two nodes   |
 * |                                          | need ids (otherwise the second is reported)        |
 * | Type                                     | type ("Partners with" and "partners_with" both     |
 * |                                          | give PARTNERS_WITH)                                |
 * | From, From Id / To, To Id                | fromId / toId                                      |
 * | Source IDs, Sources, Source Id, Source   | sourceIds (list; required, empty is reported)      |
 * | Role, Kind, Level, Instrument            | role, kind, level, instrument                      |
 * | Amount, Currency, Amount EUR             | amount: {amount, currency, amountEur} (Money)      |
 * | Via, Via Initiative, Via Initiative Id   | viaInitiativeId                                    |
 * | Start Date, Start, Date / End Date, End  | startDate / endDate                                |
 * | Description, Excerpt                     | description, excerpt                               |
 *
 * Numbers may use spaces or underscores between thousands ("10 000"); anything else that is not
 * a plain number is passed on as text, and so are booleans that are not one of the words above,
 * so that the validator reports them with the field's own rule. A column this table does not
 * know is passed on under its own header, and the validator refuses it ("property Tags should
 * not exist") instead of dropping data silently. Indicators are not read from CSV; use JSON.
 */

type NodeLabelName = 'Actor' | 'Initiative' | 'Territory' | 'Source';

const LABEL_SECTION: Record<NodeLabelName, Section> = {
  Actor: 'actors',
  Initiative: 'initiatives',
  Territory: 'territories',
  Source: 'sources',
};

type Converter = 'text' | 'list' | 'number' | 'boolean' | 'type';

/** A target path in the input object (e.g. ["budget", "amount"]) and how to convert the cell. */
interface Target {
  path: string[];
  convert: Converter;
}

const text = (...path: string[]): Target => ({ path, convert: 'text' });
const list = (...path: string[]): Target => ({ path, convert: 'list' });
const num = (...path: string[]): Target => ({ path, convert: 'number' });

/** Header spelling -> field, per label; `normalise` is applied to the keys before lookup. */
function nodeColumn(label: NodeLabelName, key: string): Target | undefined {
  switch (key) {
    case 'id':
      return text('id');
    case 'name':
      return label === 'Source' ? text('title') : text('name');
    case 'title':
      return label === 'Source' ? text('title') : undefined;
    case 'kind':
    case 'type':
      return label === 'Territory' ? text('level') : text('kind');
    case 'level':
      return label === 'Territory' ? text('level') : label === 'Source' ? undefined : text('scale');
    case 'description':
      return label === 'Source' ? undefined : text('description');
    case 'sourceids':
    case 'sources':
    case 'sourceid':
    case 'source':
      return label === 'Source' ? undefined : list('sourceIds');
  }
  if (label === 'Actor' || label === 'Initiative' || label === 'Territory') {
    if (key === 'aliases' || key === 'alias') return list('aliases');
  }
  if (label === 'Actor' || label === 'Initiative') {
    if (key === 'acronym') return text('acronym');
    if (key === 'scale') return text('scale');
  }
  if (label === 'Actor') {
    const actor: Record<string, Target> = {
      sse: { path: ['sse'], convert: 'boolean' },
      ess: { path: ['sse'], convert: 'boolean' },
      country: text('countryCode'),
      countrycode: text('countryCode'),
      iatiorgtype: text('iatiOrgType'),
      orgtype: text('iatiOrgType'),
      orgref: text('orgRef'),
      iatiorgref: text('orgRef'),
      iatiref: text('orgRef'),
      website: text('website'),
      url: text('website'),
    };
    return actor[key];
  }
  if (label === 'Initiative') {
    const initiative: Record<string, Target> = {
      startdate: text('startDate'),
      start: text('startDate'),
      enddate: text('endDate'),
      end: text('endDate'),
      budget: num('budget', 'amount'),
      budgetamount: num('budget', 'amount'),
      currency: text('budget', 'currency'),
      budgetcurrency: text('budget', 'currency'),
      budgeteur: num('budget', 'amountEur'),
      budgetamounteur: num('budget', 'amountEur'),
      amounteur: num('budget', 'amountEur'),
      themes: list('themes'),
      theme: list('themes'),
    };
    return initiative[key];
  }
  if (label === 'Territory') {
    const territory: Record<string, Target> = { code: text('code'), parent: text('parentId'), parentid: text('parentId') };
    return territory[key];
  }
  const source: Record<string, Target> = {
    url: text('url'),
    website: text('url'),
    publisher: text('publisher'),
    date: text('date'),
    language: text('language'),
    lang: text('language'),
    excerpt: text('excerpt'),
  };
  return source[key];
}

const EDGE_COLUMNS: Record<string, Target> = {
  id: text('id'),
  type: { path: ['type'], convert: 'type' },
  from: text('fromId'),
  fromid: text('fromId'),
  to: text('toId'),
  toid: text('toId'),
  sourceids: list('sourceIds'),
  sources: list('sourceIds'),
  sourceid: list('sourceIds'),
  source: list('sourceIds'),
  role: text('role'),
  kind: text('kind'),
  level: text('level'),
  instrument: text('instrument'),
  amount: num('amount', 'amount'),
  currency: text('amount', 'currency'),
  amounteur: num('amount', 'amountEur'),
  via: text('viaInitiativeId'),
  viainitiative: text('viaInitiativeId'),
  viainitiativeid: text('viaInitiativeId'),
  startdate: text('startDate'),
  start: text('startDate'),
  date: text('startDate'),
  enddate: text('endDate'),
  end: text('endDate'),
  description: text('description'),
  excerpt: text('excerpt'),
};

/** "Source IDs", "source_ids" and "sourceIds" are one column. */
export function normaliseHeader(header: string): string {
  return header.toLowerCase().replace(/[\s_.-]+/g, '');
}

export function isEdgesHeader(headers: readonly string[]): boolean {
  const keys = new Set(headers.map(normaliseHeader));
  return (keys.has('from') || keys.has('fromid')) && (keys.has('to') || keys.has('toid'));
}

const LABELS: Record<string, NodeLabelName> = {
  actor: 'Actor',
  actors: 'Actor',
  initiative: 'Initiative',
  initiatives: 'Initiative',
  territory: 'Territory',
  territories: 'Territory',
  source: 'Source',
  sources: 'Source',
};

const TRUE_WORDS = new Set(['true', 'yes', 'y', '1', 'oui', 'vrai', 'x']);
const FALSE_WORDS = new Set(['false', 'no', 'n', '0', 'non', 'faux']);

export function convertCell(value: string, convert: Converter): unknown {
  switch (convert) {
    case 'text':
      return value;
    case 'list':
      return value
        .split('|')
        .map((item) => item.trim())
        .filter((item) => item.length > 0);
    case 'number': {
      const compact = value.replace(/[\s\u00a0_]/g, '');
      return /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(compact) ? Number(compact) : value;
    }
    case 'boolean': {
      const word = value.toLowerCase();
      if (TRUE_WORDS.has(word)) return true;
      if (FALSE_WORDS.has(word)) return false;
      return value;
    }
    case 'type':
      return value.trim().toUpperCase().replace(/[\s-]+/g, '_');
  }
}

function setPath(target: Record<string, unknown>, pathParts: readonly string[], value: unknown): void {
  let node = target;
  for (const part of pathParts.slice(0, -1)) {
    if (typeof node[part] !== 'object' || node[part] === null) node[part] = {};
    node = node[part] as Record<string, unknown>;
  }
  node[pathParts[pathParts.length - 1]] = value;
}

function getPath(target: Record<string, unknown>, pathParts: readonly string[]): unknown {
  let node: unknown = target;
  for (const part of pathParts) node = (node as Record<string, unknown> | undefined)?.[part];
  return node;
}

interface RecordContext {
  file: string;
  location: string;
}

/**
 * Builds one input object from a record. Returns a problem instead when the row cannot be given
 * to the validator at all (no label, unknown label, two columns giving one field different values).
 */
export function nodeRow(headers: readonly string[], cells: readonly string[], at: RecordContext): RawRow | ImportProblem {
  const labelIndex = headers.findIndex((header) => normaliseHeader(header) === 'label');
  const rawLabel = labelIndex >= 0 ? (cells[labelIndex] ?? '').trim() : '';
  const label = LABELS[rawLabel.toLowerCase()];
  if (!label) {
    const reason = rawLabel
      ? `"${rawLabel}" is not one of Actor, Initiative, Territory, Source`
      : labelIndex < 0
        ? 'the file has no Label column (Actor, Initiative, Territory or Source)'
        : 'is empty; must be one of Actor, Initiative, Territory, Source';
    return { ...at, field: 'Label', reason };
  }
  return buildRow(LABEL_SECTION[label], headers, cells, at, (key) => (key === 'label' ? 'skip' : nodeColumn(label, key)));
}

export function edgeRow(headers: readonly string[], cells: readonly string[], at: RecordContext): RawRow | ImportProblem {
  const row = buildRow('relationships', headers, cells, at, (key) => EDGE_COLUMNS[key]);
  // An empty Source IDs cell is an empty list, so the report says "must name at least one source".
  if ('value' in row) (row.value as Record<string, unknown>).sourceIds ??= [];
  return row;
}

function buildRow(
  section: Section,
  headers: readonly string[],
  cells: readonly string[],
  at: RecordContext,
  columnOf: (key: string) => Target | 'skip' | undefined,
): RawRow | ImportProblem {
  if (cells.length > headers.length && cells.slice(headers.length).some((cell) => cell.trim() !== '')) {
    return { ...at, section, field: '', reason: `has ${cells.length} cells, but the header has ${headers.length} columns` };
  }
  const value: Record<string, unknown> = {};
  const setBy = new Map<string, string>();
  for (let i = 0; i < headers.length; i++) {
    const cell = (cells[i] ?? '').trim();
    if (cell === '') continue;
    const header = headers[i];
    const column = columnOf(normaliseHeader(header));
    if (column === 'skip') continue;
    const target = column ?? { path: [header.trim()], convert: 'text' as const };
    const converted = convertCell(cell, target.convert);
    const key = target.path.join('.');
    const earlier = setBy.get(key);
    if (earlier !== undefined) {
      const previous = getPath(value, target.path);
      if (JSON.stringify(previous) !== JSON.stringify(converted)) {
        return { ...at, section, field: header, reason: `gives ${key} a different value than column "${earlier}"` };
      }
      continue;
    }
    setBy.set(key, header);
    setPath(value, target.path, converted);
  }
  return { section, value, ...at };
}

/** Drops the \r of \r\n line ends, even across chunk boundaries, so that lines count the same everywhere. */
class StripCarriageReturns extends Transform {
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

/** The header line's most frequent delimiter among comma, semicolon and tab (outside quotes). */
export function sniffDelimiter(firstLine: string): ',' | ';' | '\t' {
  const counts = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const char of firstLine) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && char in counts) counts[char as keyof typeof counts]++;
  }
  const best = (Object.entries(counts) as [keyof typeof counts, number][]).sort((a, b) => b[1] - a[1])[0];
  return best[1] > 0 ? best[0] : ',';
}

async function firstLineOf(file: string): Promise<string> {
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

export interface CsvReadOptions {
  /** Called every few thousand records, for progress output. */
  onRecords?: (records: number) => void;
}

/**
 * Streams one CSV file (nodes or edges, told apart by its header) into rows. Records are parsed
 * as they arrive, so the file itself never has to fit in memory; only the rows built from it do.
 */
export async function readCsvRows(file: string, options: CsvReadOptions = {}): Promise<ReadResult & { kind: 'nodes' | 'edges' }> {
  const name = path.basename(file);
  const delimiter = sniffDelimiter(await firstLineOf(file));
  const rows: RawRow[] = [];
  const problems: ImportProblem[] = [];
  let headers: string[] | null = null;
  let kind: 'nodes' | 'edges' = 'nodes';

  const parser = parse({
    delimiter,
    bom: true,
    raw: true,
    info: true,
    relax_column_count: true,
    // A stray quote inside a cell stays part of the value, for the validator to report on its line.
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
  });
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
      // info.lines is the record's last line; a quoted cell may span lines, so count back to its first.
      const inner = chunk.raw.replace(/^\n+/, '').replace(/\n$/, '');
      const startLine = chunk.info.lines - (inner.match(/\n/g) ?? []).length;
      if (!headers) {
        headers = chunk.record.map((header) => header.trim());
        kind = isEdgesHeader(headers) ? 'edges' : 'nodes';
        callback();
        return;
      }
      const at = { file: name, location: `line ${startLine}` };
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

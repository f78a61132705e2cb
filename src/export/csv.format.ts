import { stringify } from 'csv-stringify/sync';
import type { NetworkData } from '../network/network.type';
import { edgeFreeAttributes, edgePropertyAttributes, FlatValue, nodeAttributes, nodeFreeAttributes } from './attributes';
import { CsvTable } from './export.type';

/**
 * Kumu's column names for the link properties of the model, in the order they are written.
 * Properties not listed here (added by imports later) follow, named by splitting their camelCase;
 * free attributes come last, under their own names.
 */
export const EDGE_PROPERTY_COLUMNS: Readonly<Record<string, string>> = {
  role: 'Role',
  kind: 'Kind',
  level: 'Level',
  instrument: 'Instrument',
  amount: 'Amount',
  currency: 'Currency',
  amountEur: 'Amount EUR',
  date: 'Date',
  startDate: 'Start Date',
  endDate: 'End Date',
  viaInitiativeId: 'Via Initiative',
  sourceIds: 'Sources',
  description: 'Description',
  excerpt: 'Excerpt',
  tags: 'Tags',
};

export const NODE_COLUMNS = ['ID', 'Label', 'Type', 'Kind', 'Tags'] as const;
export const EDGE_COLUMNS = ['ID', 'From', 'To', 'Type', 'Direction'] as const;

function columnName(key: string): string {
  return EDGE_PROPERTY_COLUMNS[key] ?? key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/^./, (c) => c.toUpperCase());
}

/** Kumu reads several values in one cell separated by "|". */
function cell(value: FlatValue | undefined): string {
  if (value === undefined) return '';
  return Array.isArray(value) ? value.map(String).join('|') : String(value);
}

/**
 * Free attribute keys in name order, without those whose header (compared as Kumu does, ignoring
 * case) is already taken by a column written before them.
 */
function freeColumns(rows: readonly Record<string, FlatValue>[], taken: readonly string[]): string[] {
  const used = new Set(taken.map((name) => name.toLowerCase()));
  const columns: string[] = [];
  for (const key of [...new Set(rows.flatMap((row) => Object.keys(row)))].sort()) {
    if (used.has(key.toLowerCase())) continue;
    used.add(key.toLowerCase());
    columns.push(key);
  }
  return columns;
}

/**
 * Kumu elements: ID first so that connections can name elements by id even when labels repeat;
 * then one column per free attribute, headed by its own name, as the file it came from had it.
 */
export function writeNodesCsv(network: NetworkData): string {
  const free = network.nodes.map(nodeFreeAttributes);
  const freeKeys = freeColumns(free, NODE_COLUMNS);
  const rows = network.nodes.map((node, index) => {
    const attributes = nodeAttributes(node);
    return [
      node.id,
      cell(attributes.label),
      cell(attributes.type),
      cell(attributes.kind),
      cell(attributes.tags),
      ...freeKeys.map((key) => cell(free[index][key])),
    ];
  });
  return stringify(rows, { header: true, columns: [...NODE_COLUMNS, ...freeKeys] });
}

/**
 * The exact decimal strings of money go in the Amount and Amount EUR columns, so that every digit
 * is printed and the file imports back as it was; they get no column of their own.
 */
function exactAmounts(attributes: Record<string, FlatValue>): Record<string, FlatValue> {
  const { amountExact, amountEurExact, ...rest } = attributes;
  if (typeof amountExact === 'string') rest.amount = amountExact;
  if (typeof amountEurExact === 'string') rest.amountEur = amountEurExact;
  return rest;
}

/** Kumu's direction words; a link stored without one was entered as directed. */
function directionCell(direction: unknown): string {
  return typeof direction === 'string' ? direction.toLowerCase() : 'directed';
}

/**
 * Kumu connections: From and To hold element IDs; every link property gets its own column, the
 * stored direction goes in Direction, and each free attribute gets a column headed by its name.
 */
export function writeEdgesCsv(network: NetworkData): string {
  const rows = network.edges.map((edge) => ({ edge, attributes: exactAmounts(edgePropertyAttributes(edge)), free: edgeFreeAttributes(edge) }));
  const present = new Set(rows.flatMap(({ attributes }) => Object.keys(attributes)).filter((key) => key !== 'type' && key !== 'direction'));
  const known = Object.keys(EDGE_PROPERTY_COLUMNS).filter((key) => present.has(key));
  const others = [...present].filter((key) => !(key in EDGE_PROPERTY_COLUMNS)).sort();
  const keys = [...known, ...others];
  const headers = [...EDGE_COLUMNS, ...keys.map(columnName)];
  const freeKeys = freeColumns(rows.map(({ free }) => free), headers);
  return stringify(
    rows.map(({ edge, attributes, free }) => [
      edge.id,
      edge.source,
      edge.target,
      edge.type,
      directionCell(attributes.direction),
      ...keys.map((key) => cell(attributes[key])),
      ...freeKeys.map((key) => cell(free[key])),
    ]),
    { header: true, columns: [...headers, ...freeKeys] },
  );
}

export function writeCsv(network: NetworkData, table: CsvTable): string {
  return table === CsvTable.NODES ? writeNodesCsv(network) : writeEdgesCsv(network);
}

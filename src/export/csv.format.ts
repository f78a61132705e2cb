import { stringify } from 'csv-stringify/sync';
import type { NetworkData } from '../network/network.type';
import { edgeAttributes, FlatValue, nodeAttributes } from './attributes';
import { CsvTable } from './export.type';

/**
 * Kumu's column names for the link properties of the model, in the order they are written.
 * Properties not listed here (added by imports later) follow, named by splitting their camelCase.
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
};

export const NODE_COLUMNS = ['ID', 'Label', 'Type', 'Kind'] as const;
export const EDGE_COLUMNS = ['ID', 'From', 'To', 'Type', 'Direction'] as const;

function columnName(key: string): string {
  return EDGE_PROPERTY_COLUMNS[key] ?? key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/^./, (c) => c.toUpperCase());
}

/** Kumu reads several values in one cell separated by "|". */
function cell(value: FlatValue | undefined): string {
  if (value === undefined) return '';
  return Array.isArray(value) ? value.map(String).join('|') : String(value);
}

/** Kumu elements: ID first so that connections can name elements by id even when labels repeat. */
export function writeNodesCsv(network: NetworkData): string {
  const rows = network.nodes.map((node) => {
    const attributes = nodeAttributes(node);
    return [node.id, cell(attributes.label), cell(attributes.type), cell(attributes.kind)];
  });
  return stringify(rows, { header: true, columns: [...NODE_COLUMNS] });
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

/** Kumu connections: From and To hold element IDs; every link property gets its own column. */
export function writeEdgesCsv(network: NetworkData): string {
  const rows = network.edges.map((edge) => ({ edge, attributes: exactAmounts(edgeAttributes(edge)) }));
  const present = new Set(rows.flatMap(({ attributes }) => Object.keys(attributes)).filter((key) => key !== 'type'));
  const known = Object.keys(EDGE_PROPERTY_COLUMNS).filter((key) => present.has(key));
  const others = [...present].filter((key) => !(key in EDGE_PROPERTY_COLUMNS)).sort();
  const keys = [...known, ...others];
  return stringify(
    rows.map(({ edge, attributes }) => [edge.id, edge.source, edge.target, edge.type, 'directed', ...keys.map((key) => cell(attributes[key]))]),
    { header: true, columns: [...EDGE_COLUMNS, ...keys.map(columnName)] },
  );
}

export function writeCsv(network: NetworkData, table: CsvTable): string {
  return table === CsvTable.NODES ? writeNodesCsv(network) : writeEdgesCsv(network);
}

import { stringify } from 'csv-stringify/sync';
import type { NetworkData, NetworkEdge, NetworkNode } from '../network/network.type';
import { FILE_ATTRIBUTE_OF_METRIC, METRIC_KEYS } from '../analysis/analysis.properties';
import { edgeFreeAttributes, edgePropertyAttributes, FlatValue, nodeAnalysisAttributes, nodeFreeAttributes } from './attributes';
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
function freeColumns(keys: Iterable<string>, taken: readonly string[]): string[] {
  const used = new Set(taken.map((name) => name.toLowerCase()));
  const columns: string[] = [];
  for (const key of [...new Set(keys)].sort()) {
    if (used.has(key.toLowerCase())) continue;
    used.add(key.toLowerCase());
    columns.push(key);
  }
  return columns;
}

/** The columns of a table, settled from every row before any is written. */
export interface CsvModel {
  table: CsvTable;
  columns: string[];
  /** Edges: the link properties after the fixed columns, in column order. */
  propertyKeys: string[];
  /** Nodes: the analysis values after the fixed columns, under their column names. */
  analysisKeys: string[];
  freeKeys: string[];
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

/** Builds the model of one table from its rows as they come (a page at a time, or all at once). */
export class CsvModelBuilder {
  private readonly freeKeys = new Set<string>();
  private readonly propertyKeys = new Set<string>();
  private readonly analysisKeys = new Set<string>();

  constructor(readonly table: CsvTable) {}

  addNodes(nodes: readonly NetworkNode[]): void {
    if (this.table !== CsvTable.NODES) return;
    for (const node of nodes) {
      for (const key of Object.keys(nodeAnalysisAttributes(node, { layout: true }))) this.analysisKeys.add(key);
      for (const key of Object.keys(nodeFreeAttributes(node))) this.freeKeys.add(key);
    }
  }

  addEdges(edges: readonly NetworkEdge[]): void {
    if (this.table !== CsvTable.EDGES) return;
    for (const edge of edges) {
      for (const key of Object.keys(exactAmounts(edgePropertyAttributes(edge)))) if (key !== 'type' && key !== 'direction') this.propertyKeys.add(key);
      for (const key of Object.keys(edgeFreeAttributes(edge))) this.freeKeys.add(key);
    }
  }

  /**
   * Kumu elements: ID first so that connections can name elements by id even when labels repeat,
   * then the current analysis's values (when there is one), then one column per free attribute,
   * headed by its own name, as the file it came from had it.
   * Kumu connections: every link property gets its own column (the model's in a fixed order, then
   * the others by name), then each free attribute under its name.
   */
  model(): CsvModel {
    if (this.table === CsvTable.NODES) {
      const analysisKeys = METRIC_KEYS.map((key) => FILE_ATTRIBUTE_OF_METRIC[key]).filter((name) => this.analysisKeys.has(name));
      const freeKeys = freeColumns(this.freeKeys, [...NODE_COLUMNS, ...analysisKeys]);
      return { table: this.table, columns: [...NODE_COLUMNS, ...analysisKeys, ...freeKeys], propertyKeys: [], analysisKeys, freeKeys };
    }
    const known = Object.keys(EDGE_PROPERTY_COLUMNS).filter((key) => this.propertyKeys.has(key));
    const others = [...this.propertyKeys].filter((key) => !(key in EDGE_PROPERTY_COLUMNS)).sort();
    const propertyKeys = [...known, ...others];
    const headers = [...EDGE_COLUMNS, ...propertyKeys.map(columnName)];
    const freeKeys = freeColumns(this.freeKeys, headers);
    return { table: this.table, columns: [...headers, ...freeKeys], propertyKeys, analysisKeys: [], freeKeys };
  }
}

export function csvHead(model: CsvModel): string {
  return stringify([], { header: true, columns: model.columns });
}

export function csvNodeRows(model: CsvModel, nodes: readonly NetworkNode[]): string {
  if (model.table !== CsvTable.NODES || nodes.length === 0) return '';
  return stringify(
    nodes.map((node) => {
      // The fixed columns from the node itself: nodeAttributes would build the analysis and free attributes a second time.
      const analysis = nodeAnalysisAttributes(node, { layout: true });
      const free = nodeFreeAttributes(node);
      return [
        node.id,
        cell(node.label),
        cell(node.type),
        cell(node.kind ?? undefined),
        cell(node.tags?.length ? node.tags : undefined),
        ...model.analysisKeys.map((key) => cell(analysis[key])),
        ...model.freeKeys.map((key) => cell(free[key])),
      ];
    }),
  );
}

/** From and To hold element IDs; the stored direction goes in Direction. */
export function csvEdgeRows(model: CsvModel, edges: readonly NetworkEdge[]): string {
  if (model.table !== CsvTable.EDGES || edges.length === 0) return '';
  return stringify(
    edges.map((edge) => {
      const attributes = exactAmounts(edgePropertyAttributes(edge));
      const free = edgeFreeAttributes(edge);
      return [
        edge.id,
        edge.source,
        edge.target,
        edge.type,
        directionCell(attributes.direction),
        ...model.propertyKeys.map((key) => cell(attributes[key])),
        ...model.freeKeys.map((key) => cell(free[key])),
      ];
    }),
  );
}

export function writeCsv(network: NetworkData, table: CsvTable): string {
  const models = new CsvModelBuilder(table);
  models.addNodes(network.nodes);
  models.addEdges(network.edges);
  const model = models.model();
  return csvHead(model) + csvNodeRows(model, network.nodes) + csvEdgeRows(model, network.edges);
}

export const writeNodesCsv = (network: NetworkData): string => writeCsv(network, CsvTable.NODES);
export const writeEdgesCsv = (network: NetworkData): string => writeCsv(network, CsvTable.EDGES);

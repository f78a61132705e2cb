import path from 'node:path';
import type { CoreServices } from '../server/services';
import type { UpsertResult } from '../db/node.repository';
import type { Database } from '../db/database';
import { ImportRepository } from './import.repository';
import type { BulkImportFiles } from '../db/local-neo4j';
import { auditEntriesOf } from '../audit/audit.service';
import { storedAuditEntries } from '../audit/audit.repository';
import type { NodeLabel } from '../relationships/relationship-kinds';
import { toWrite } from '../relationships/relationship.service';
import { ARRAY_DELIMITER, encodeProps, header, propertyColumns, writeCsv } from './bulk-csv.writer';
import type { TerritoryInput } from '../territories/territory.input';
import type { LocatedRow, Section, ValidRows } from './import.document';

/** Node ids share one id space (links join any two labels); audit entries have their own. */
const NODE_ID_SPACE = 'Node';
const AUDIT_ID_SPACE = 'AuditEntry';
const EMPTY_LIST_BATCH = 10_000;

const NODE_SECTIONS: { section: Exclude<Section, 'relationships'>; label: NodeLabel | 'Source' }[] = [
  { section: 'sources', label: 'Source' },
  { section: 'territories', label: 'Territory' },
  { section: 'actors', label: 'Actor' },
  { section: 'initiatives', label: 'Initiative' },
];

interface BulkNode {
  id: string;
  props: Record<string, unknown>;
}

interface BulkLink {
  type: string;
  fromId: string;
  toId: string;
  props: Record<string, unknown>;
}

/**
 * List properties that hold an empty list. The importer cannot write one (an empty field is no
 * property at all), so they are set once the database is up again.
 */
export interface EmptyLists {
  target: { label: string } | { type: string };
  key: string;
  ids: string[];
}

export interface BulkFiles extends BulkImportFiles {
  nodes: string[];
  relationships: string[];
  emptyLists: EmptyLists[];
  counts: { nodes: number; relationships: number; auditEntries: number };
}

function collectEmptyLists(into: Map<string, EmptyLists>, target: EmptyLists['target'], id: string, props: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(props)) {
    if (!Array.isArray(value) || value.length > 0) continue;
    const name = `${'label' in target ? target.label : target.type}.${key}`;
    let entry = into.get(name);
    if (!entry) into.set(name, (entry = { target, key, ids: [] }));
    entry.ids.push(id);
  }
}

function withoutNulls(props: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(props).filter(([, value]) => value !== null && value !== undefined));
}

function created(id: string, after: Record<string, unknown>): UpsertResult {
  return { id, outcome: 'created', before: null, after, changedKeys: [] };
}

/**
 * The first load of a large graph into an empty database: the rows that ImportService has
 * validated are mapped by the same services as a transactional import (properties, money, periods,
 * a territory's PART_OF link, audit entries), then written as CSV files for neo4j-admin's offline
 * importer, which builds the store directly instead of running one Cypher write per batch.
 */
export class BulkImportService {
  constructor(private readonly services: CoreServices) {}

  async writeFiles(
    rows: ValidRows,
    labelOf: (id: string) => NodeLabel | undefined,
    dir: string,
    options: { by: string; operation: string; at: Date },
  ): Promise<BulkFiles> {
    const { at } = options;
    const stamps = { createdAt: at, updatedAt: at };
    const audits: UpsertResult[][] = [];
    const files: BulkFiles = {
      nodes: [],
      relationships: [],
      emptyLists: [],
      arrayDelimiter: ARRAY_DELIMITER,
      counts: { nodes: 0, relationships: 0, auditEntries: 0 },
    };

    const links: BulkLink[] = [];
    const emptyLists = new Map<string, EmptyLists>();
    for (const { section, label } of NODE_SECTIONS) {
      const service = this.services[section];
      const nodes: BulkNode[] = (rows[section] as LocatedRow<unknown>[]).map(({ value }) => {
        const row = service.toRow(value as never);
        const { parentId, sourceIds } = value as TerritoryInput;
        if (section === 'territories' && parentId) {
          // What TerritoryRepository.setParents writes for a new territory.
          links.push({ type: 'PART_OF', fromId: row.id, toId: parentId, props: { id: `part-of-${row.id}`, sourceIds: sourceIds ?? [] } });
        }
        const props = withoutNulls(row.props);
        collectEmptyLists(emptyLists, { label }, row.id, props);
        return { id: row.id, props };
      });
      if (nodes.length === 0) continue;
      audits.push(nodes.map((node) => created(node.id, { ...node.props, id: node.id })));
      const file = path.join(dir, `nodes-${label}.csv`);
      await this.writeNodes(file, label, nodes, stamps);
      files.nodes.push(file);
      files.counts.nodes += nodes.length;
    }

    const linkResults: UpsertResult[] = [];
    for (const { value } of rows.relationships) {
      const write = toWrite(value, labelOf(value.fromId)!, labelOf(value.toId)!);
      links.push({ type: write.type, fromId: write.fromId, toId: write.toId, props: { ...write.props, id: write.id } });
      linkResults.push(created(write.id, { ...write.props, id: write.id, type: write.type, fromId: write.fromId, toId: write.toId }));
    }
    audits.push(linkResults);
    for (const link of links) collectEmptyLists(emptyLists, { type: link.type }, String(link.props.id), link.props);
    files.emptyLists = [...emptyLists.values()];
    if (links.length) {
      const file = path.join(dir, 'relationships.csv');
      await this.writeLinks(file, links, stamps);
      files.relationships.push(file);
      files.counts.relationships = links.length;
    }

    const entries = storedAuditEntries(audits.flatMap((results) => auditEntriesOf(options.operation, options.by, results)));
    if (entries.length) {
      const file = path.join(dir, 'nodes-AuditEntry.csv');
      const columns = propertyColumns(
        entries.map(({ id: _id, ...entry }) => ({ ...entry, at })),
        'AuditEntry',
      );
      await writeCsv(
        file,
        header([`id:ID(${AUDIT_ID_SPACE})`, ':LABEL'], columns),
        entries.map(({ id, ...entry }) => [id, 'AuditEntry', ...encodeProps({ ...entry, at }, columns)]),
      );
      files.nodes.push(file);
      files.counts.auditEntries = entries.length;
    }
    return files;
  }

  /** Runs on the database that the importer built, once it is served. */
  async restoreEmptyLists(db: Database, emptyLists: readonly EmptyLists[]): Promise<void> {
    const repository = new ImportRepository();
    for (const { target, key, ids } of emptyLists) {
      for (let i = 0; i < ids.length; i += EMPTY_LIST_BATCH) {
        await db.write((tx) => repository.setEmptyList(tx, target, key, ids.slice(i, i + EMPTY_LIST_BATCH)));
      }
    }
  }

  private async writeNodes(file: string, label: string, nodes: BulkNode[], stamps: Record<string, Date>): Promise<void> {
    const columns = propertyColumns(
      nodes.map((node) => ({ ...node.props, ...stamps })),
      label,
    );
    await writeCsv(
      file,
      header([`id:ID(${NODE_ID_SPACE})`, ':LABEL'], columns),
      nodes.map((node) => [node.id, label, ...encodeProps({ ...node.props, ...stamps }, columns)]),
    );
  }

  private async writeLinks(file: string, links: BulkLink[], stamps: Record<string, Date>): Promise<void> {
    const columns = propertyColumns(
      links.map((link) => ({ ...link.props, ...stamps })),
      'relationship',
    );
    await writeCsv(
      file,
      header([`:START_ID(${NODE_ID_SPACE})`, `:END_ID(${NODE_ID_SPACE})`, ':TYPE'], columns),
      links.map((link) => [link.fromId, link.toId, link.type, ...encodeProps({ ...link.props, ...stamps }, columns)]),
    );
  }
}

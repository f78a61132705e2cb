import path from 'node:path';
import type { BulkImportPorts, NodeSection } from './import.ports';
import type { UpsertResult } from '../db/node.repository';
import type { Database } from '../db/database';
import { ImportRepository } from './import.repository';
import type { BulkImportFiles } from '../db/local-neo4j';
import { auditEntriesOf } from '../audit/audit.service';
import { storedAuditEntries } from '../audit/audit.repository';
import type { NodeLabel, RecordLabel } from '../relationships/relationship-kinds';
import { toWrite } from '../relationships/relationship.service';
import { ARRAY_DELIMITER, encodeProps, encodeValue, header, PropertyColumn, propertyColumns, writeCsv } from './bulk-csv.writer';
import type { TerritoryInput } from '../territories/territory.input';
import type { LocatedRow, ValidRows } from './import.document';
import type { ActorInput } from '../actors/actor.input';
import type { IdentifierRow } from '../actors/identifiers';

/** Node ids share one id space (links join any two labels); audit entries and identifiers (keyed by `key`) have their own. */
const NODE_ID_SPACE = 'Node';
const AUDIT_ID_SPACE = 'AuditEntry';
const IDENTIFIER_ID_SPACE = 'Identifier';
const EMPTY_LIST_BATCH = 10_000;
const AUDIT_SLICE = 10_000;

const STAMP_COLUMNS: PropertyColumn[] = [
  { name: 'createdAt', type: 'datetime' },
  { name: 'updatedAt', type: 'datetime' },
];

/** What AuditRepository.record stores for an entry, less its id. */
const AUDIT_COLUMNS: PropertyColumn[] = [
  { name: 'targetId', type: 'string' },
  { name: 'operation', type: 'string' },
  { name: 'by', type: 'string' },
  { name: 'at', type: 'datetime' },
  { name: 'seq', type: 'double' },
  { name: 'changedFields', type: 'string[]' },
  { name: 'before', type: 'string' },
  { name: 'after', type: 'string' },
];

const NODE_SECTIONS: { section: NodeSection; label: RecordLabel }[] = [
  { section: 'sources', label: 'Source' },
  { section: 'territories', label: 'Territory' },
  { section: 'actors', label: 'Actor' },
  { section: 'initiatives', label: 'Initiative' },
];

interface BulkNode {
  id: string;
  props: Record<string, unknown>;
  stamps: (string | null)[];
}

interface BulkLink {
  type: string;
  fromId: string;
  toId: string;
  props: Record<string, unknown>;
  stamps: (string | null)[];
}

/**
 * Rows whose audit entries are still to be written, with what each entry says the row was created
 * with. The entries are made a slice at a time as the file is written: made all at once, a
 * million copies of every row's properties would crowd the heap.
 */
interface AuditedRows {
  size: number;
  created(index: number): UpsertResult;
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
  emptyLists: EmptyLists[];
  counts: { nodes: number; relationships: number; auditEntries: number };
}

/**
 * How a restore of a dump (src/dump/) changes the files: each row keeps the createdAt and
 * updatedAt it was stored with, identifiers are exactly those listed, and the dump's own audit
 * entries and merge proposals are written instead of the import's new audit entries.
 */
export interface BulkRestore {
  /** createdAt and updatedAt of the row at this location, as datetime text; null for none. */
  stampsAt(location: string): [string | null, string | null];
  identifierRows(input: ActorInput): IdentifierRow[];
  /** Writes the verbatim nodes' CSV files into `dir`. */
  writeVerbatimFiles(dir: string): Promise<{ files: string[]; nodes: number; auditEntries: number; emptyLists: EmptyLists[] }>;
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
  constructor(private readonly ports: BulkImportPorts) {}

  async writeFiles(
    rows: ValidRows,
    labelOf: (id: string) => NodeLabel | undefined,
    dir: string,
    options: { by: string; operation: string; at: Date; restore?: BulkRestore },
  ): Promise<BulkFiles> {
    const stamp = encodeValue(options.at, 'datetime');
    const { restore } = options;
    const stampsAt = (location: string) => (restore ? restore.stampsAt(location) : [stamp, stamp]);
    const files: BulkFiles = {
      nodes: [],
      relationships: [],
      emptyLists: [],
      arrayDelimiter: ARRAY_DELIMITER,
      counts: { nodes: 0, relationships: 0, auditEntries: 0 },
    };
    const audited: AuditedRows[] = [];
    const links: BulkLink[] = [];
    const emptyLists = new Map<string, EmptyLists>();

    const identifiers: IdentifierRow[] = [];
    const identifiedBy: { actorId: string; key: string }[] = [];
    for (const { section, label } of NODE_SECTIONS) {
      const mapper = this.ports.rowMappers[section];
      const auditedIdentifiers = new Map<string, string[]>();
      const nodes: BulkNode[] = (rows[section] as LocatedRow<unknown>[]).map(({ value, location }) => {
        const row = mapper.toRow(value as never);
        const { parentId, sourceIds } = value as TerritoryInput;
        if (section === 'territories' && parentId) {
          // What TerritoryRepository.setParents writes for a new territory; it has no audit entry.
          links.push({ type: 'PART_OF', fromId: row.id, toId: parentId, props: { id: `part-of-${row.id}`, sourceIds: sourceIds ?? [] }, stamps: [stamp, stamp] });
        }
        if (section === 'actors') {
          // What IdentifierRepository.attach writes, and the keys ActorService puts in the audit entry.
          const given = restore ? restore.identifierRows(value as ActorInput) : this.ports.rowMappers.actors.identifierRows(value as ActorInput);
          for (const identifier of given) {
            identifiers.push(identifier);
            identifiedBy.push({ actorId: row.id, key: identifier.key });
          }
          if (given.length) auditedIdentifiers.set(row.id, given.map((identifier) => identifier.key));
        }
        const props = withoutNulls(row.props);
        collectEmptyLists(emptyLists, { label }, row.id, props);
        return { id: row.id, props, stamps: stampsAt(location) };
      });
      if (nodes.length === 0) continue;
      // A restore writes the dump's audit entries instead.
      if (!restore) {
        audited.push({
          size: nodes.length,
          created: (index) => {
            const node = nodes[index];
            const keys = auditedIdentifiers.get(node.id);
            return created(node.id, { ...node.props, id: node.id, ...(keys ? { identifiers: keys } : {}) });
          },
        });
      }
      const columns = propertyColumns(nodes.map((node) => node.props), label);
      const file = path.join(dir, `nodes-${label}.csv`);
      await writeCsv(
        file,
        header([`id:ID(${NODE_ID_SPACE})`, ':LABEL'], [...columns, ...STAMP_COLUMNS]),
        nodes.map((node) => [node.id, label, ...encodeProps(node.props, columns), ...node.stamps]),
      );
      files.nodes.push(file);
      files.counts.nodes += nodes.length;
    }

    await this.writeIdentifiers(dir, identifiers, identifiedBy, files);

    // The territories' PART_OF links, before these, have no audit entry.
    const firstImportedLink = links.length;
    for (const { value, location } of rows.relationships) {
      const write = toWrite(value, labelOf(value.fromId)!, labelOf(value.toId)!);
      links.push({ type: write.type, fromId: write.fromId, toId: write.toId, props: { ...write.props, id: write.id }, stamps: stampsAt(location) });
    }
    if (!restore) {
      audited.push({
        size: links.length - firstImportedLink,
        created: (index) => {
          const link = links[firstImportedLink + index];
          return created(String(link.props.id), { ...link.props, type: link.type, fromId: link.fromId, toId: link.toId });
        },
      });
    }
    for (const link of links) collectEmptyLists(emptyLists, { type: link.type }, String(link.props.id), link.props);
    files.emptyLists = [...emptyLists.values()];
    if (links.length) {
      const columns = propertyColumns(
        links.map((link) => link.props),
        'relationship',
      );
      const file = path.join(dir, 'relationships.csv');
      await writeCsv(
        file,
        header([`:START_ID(${NODE_ID_SPACE})`, `:END_ID(${NODE_ID_SPACE})`, ':TYPE'], [...columns, ...STAMP_COLUMNS]),
        links.map((link) => [link.fromId, link.toId, link.type, ...encodeProps(link.props, columns), ...link.stamps]),
      );
      files.relationships.push(file);
      files.counts.relationships += links.length;
    }

    if (restore) {
      const verbatim = await restore.writeVerbatimFiles(dir);
      files.nodes.push(...verbatim.files);
      files.counts.nodes += verbatim.nodes;
      files.counts.auditEntries += verbatim.auditEntries;
      files.emptyLists.push(...verbatim.emptyLists);
      return files;
    }
    const file = path.join(dir, 'nodes-AuditEntry.csv');
    await writeCsv(file, header([`id:ID(${AUDIT_ID_SPACE})`, ':LABEL'], AUDIT_COLUMNS), this.auditRows(audited, options, files.counts));
    files.nodes.push(file);
    return files;
  }

  /**
   * Identifier nodes (no sourceIds property when none back them, as attach leaves them) and their
   * IDENTIFIED_BY links. ImportService.plan has made each identifier one actor's, so a key given twice is a bug.
   */
  private async writeIdentifiers(
    dir: string,
    identifiers: readonly IdentifierRow[],
    identifiedBy: readonly { actorId: string; key: string }[],
    files: BulkFiles,
  ): Promise<void> {
    if (identifiers.length === 0) return;
    const byKey = new Map<string, Record<string, unknown>>();
    for (const { key, scheme, value, sourceIds } of identifiers) {
      if (byKey.has(key)) throw new Error(`identifier ${key} is given to two actors of one bulk import`);
      byKey.set(key, withoutNulls({ scheme, value, sourceIds: sourceIds.length ? sourceIds : null }));
    }
    const columns = propertyColumns(byKey.values(), 'Identifier');
    const nodesFile = path.join(dir, 'nodes-Identifier.csv');
    await writeCsv(
      nodesFile,
      header([`key:ID(${IDENTIFIER_ID_SPACE})`, ':LABEL'], columns),
      [...byKey].map(([key, props]) => [key, 'Identifier', ...encodeProps(props, columns)]),
    );
    const linksFile = path.join(dir, 'relationships-IDENTIFIED_BY.csv');
    await writeCsv(
      linksFile,
      [`:START_ID(${NODE_ID_SPACE})`, `:END_ID(${IDENTIFIER_ID_SPACE})`, ':TYPE'],
      identifiedBy.map(({ actorId, key }) => [actorId, key, 'IDENTIFIED_BY']),
    );
    files.nodes.push(nodesFile);
    files.relationships.push(linksFile);
    files.counts.nodes += byKey.size;
    files.counts.relationships += identifiedBy.length;
  }

  private *auditRows(
    audited: readonly AuditedRows[],
    options: { by: string; operation: string; at: Date },
    counts: BulkFiles['counts'],
  ): Generator<(string | null)[]> {
    for (const rows of audited) {
      for (let i = 0; i < rows.size; i += AUDIT_SLICE) {
        const slice = Array.from({ length: Math.min(AUDIT_SLICE, rows.size - i) }, (_, k) => rows.created(i + k));
        const entries = storedAuditEntries(auditEntriesOf(options.operation, options.by, slice));
        for (const { id, ...entry } of entries) yield [id, 'AuditEntry', ...encodeProps({ ...entry, at: options.at }, AUDIT_COLUMNS)];
        counts.auditEntries += entries.length;
      }
    }
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
}

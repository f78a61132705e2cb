import path from 'node:path';
import type { BulkRestore, EmptyLists } from '../import/bulk-import.service';
import { ColumnType, encodeValue, header, PropertyColumn, writeCsv } from '../import/bulk-csv.writer';
import { VERBATIM_SECTION_ORDER, VERBATIM_SECTIONS, VerbatimSection, VerbatimType } from './dump.format';
import type { DumpRestore } from './dump.reader';
import { exactIdentifierRows } from './dump.rows';

/**
 * A restore with `--bulk`: the same CSV files as any bulk import (BulkImportService), but with each
 * row's stored createdAt and updatedAt, identifiers exactly as listed, and the dump's merge
 * proposals and audit entries, read again from the dump as the CSV is written, in place of the
 * import's own audit entries. neo4j-admin's importer reads datetimes in Neo4j's text as they are.
 */

const COLUMN_TYPES: Record<VerbatimType, ColumnType> = {
  string: 'string',
  float: 'double',
  integer: 'long',
  boolean: 'boolean',
  datetime: 'datetime',
  'string[]': 'string[]',
};

const BATCH = 10_000;

function columnsOf(section: VerbatimSection): PropertyColumn[] {
  return Object.entries(VERBATIM_SECTIONS[section].properties)
    .filter(([name]) => name !== 'id')
    .map(([name, type]) => ({ name, type: COLUMN_TYPES[type] }));
}

export function bulkRestoreOf(restore: DumpRestore): BulkRestore {
  return {
    stampsAt(location) {
      const { createdAt, updatedAt } = restore.stampsAt(location);
      return [createdAt, updatedAt];
    },
    identifierRows: (input) => exactIdentifierRows(input),
    async writeVerbatimFiles(dir) {
      const files: string[] = [];
      const emptyLists: EmptyLists[] = [];
      let nodes = 0;
      let auditEntries = 0;
      for (const section of VERBATIM_SECTION_ORDER) {
        if (restore.counts[section] === 0) continue;
        const { label } = VERBATIM_SECTIONS[section];
        const columns = columnsOf(section);
        // An empty list is no field at all in the importer's CSV: set once the database is up again.
        const empty = new Map(columns.filter((column) => column.type === 'string[]').map((column) => [column.name, [] as string[]]));
        const file = path.join(dir, `nodes-${label}.csv`);
        async function* rows() {
          for await (const batch of restore.verbatim(section, BATCH)) {
            for (const record of batch) {
              for (const [name, ids] of empty) if (Array.isArray(record[name]) && (record[name] as unknown[]).length === 0) ids.push(String(record.id));
              yield [String(record.id), label, ...columns.map((column) => encodeValue(record[column.name], column.type))];
            }
          }
        }
        await writeCsv(file, header([`id:ID(${label})`, ':LABEL'], columns), rows());
        files.push(file);
        nodes += restore.counts[section];
        if (section === 'auditEntries') auditEntries += restore.counts[section];
        for (const [key, ids] of empty) if (ids.length) emptyLists.push({ target: { label }, key, ids });
      }
      return { files, nodes, auditEntries, emptyLists };
    },
  };
}

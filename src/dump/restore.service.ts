import type { Database, Tx } from '../db/database';
import type { ImportOptions, ImportPlan, ImportService } from '../import/import.service';
import type { ImportSummary, LocatedRow } from '../import/import.document';
import type { NodeRowMappers, NodeSection } from '../import/import.ports';
import type { RawRow } from '../import/import.validator';
import { ImportRepository } from '../import/import.repository';
import { toWrite } from '../relationships/relationship.service';
import type { NodeLabel, RecordLabel, RelationshipTypeName } from '../relationships/relationship-kinds';
import type { ActorInput } from '../actors/actor.input';
import { VERBATIM_SECTION_ORDER } from './dump.format';
import type { DumpRestore } from './dump.reader';
import { exactIdentifierRows } from './dump.rows';
import { RestoredLink, RestoreRepository } from './restore.repository';

/**
 * `npm run import -- graph.json` when graph.json is a dump: the rows are validated as in any
 * import (ImportService.plan, without identity resolution or matching, which would fold or link
 * rows), then written as they were stored: the import's row mappers give each row's properties,
 * the dump gives its createdAt and updatedAt, its identifiers exactly, and the merge proposals and
 * audit entries verbatim. No audit entry of the restore's own is written, so that a dump of the
 * restored graph is the same file. Into an empty database only.
 */

export interface RestorePorts {
  db: Pick<Database, 'read' | 'write'>;
  importer: Pick<ImportService, 'plan' | 'allCreated'>;
  rowMappers: NodeRowMappers;
}

export interface RestoreOptions extends ImportOptions {
  transaction: 'single' | 'batch';
}

export class RestoreError extends Error {}

/** Restores write for as long as imports do. */
const RESTORE_TIMEOUT_MS = 30 * 60 * 1000;

const NODE_SECTIONS: { section: NodeSection; label: RecordLabel }[] = [
  { section: 'sources', label: 'Source' },
  { section: 'territories', label: 'Territory' },
  { section: 'actors', label: 'Actor' },
  { section: 'initiatives', label: 'Initiative' },
];

/** Refuses a database that holds anything but its migration markers. */
export async function assertEmptyForRestore(db: Pick<Database, 'read'>, name: string): Promise<void> {
  const { nodes } = await db.read((tx) => new ImportRepository().counts(tx));
  if (nodes > 0) {
    throw new RestoreError(
      `${name} is a dump, which restores into an empty database only, and this one holds ${nodes} node(s): ` +
        'restore into a new database (a new NEO4J_LOCAL_DATA folder, or an emptied server; with SEED=never, so that the API does not seed it first). Nothing was written',
    );
  }
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

interface Step {
  rows: number;
  run(tx: Tx): Promise<void>;
}

/** The writes of a restore, in order, a batch each; the verbatim sections are read from the file as they come. */
async function* restoreSteps(plan: ImportPlan, restore: DumpRestore, mappers: NodeRowMappers, size: number): AsyncGenerator<Step> {
  const repository = new RestoreRepository();
  for (const { section, label } of NODE_SECTIONS) {
    const mapper = mappers[section] as { toRow(input: object): { id: string; props: Record<string, unknown> } };
    for (const batch of chunks(plan.good[section] as LocatedRow<object>[], size)) {
      const nodes = batch.map(({ value, location }) => {
        const { id, props } = mapper.toRow(value);
        return { id, props, ...restore.stampsAt(location) };
      });
      const identifiers =
        section === 'actors' ? batch.flatMap(({ value }) => exactIdentifierRows(value as ActorInput).map((row) => ({ ...row, actorId: (value as ActorInput).id! }))) : [];
      yield {
        rows: batch.length,
        async run(tx) {
          await repository.createNodes(tx, label, nodes);
          await repository.createIdentifiers(tx, identifiers);
        },
      };
    }
  }
  for (const batch of chunks(plan.good.relationships, size)) {
    const groups = new Map<string, RestoredLink[]>();
    for (const { value, location } of batch) {
      const write = toWrite(value, plan.labelOf(value.fromId)!, plan.labelOf(value.toId)!);
      const key = `${write.type}|${write.fromLabel}|${write.toLabel}`;
      const group = groups.get(key) ?? [];
      group.push({ id: write.id, fromId: write.fromId, toId: write.toId, props: write.props, ...restore.stampsAt(location) });
      groups.set(key, group);
    }
    yield {
      rows: batch.length,
      async run(tx) {
        for (const [key, links] of groups) {
          const [type, fromLabel, toLabel] = key.split('|') as [RelationshipTypeName, NodeLabel, NodeLabel];
          await repository.createLinks(tx, type, fromLabel, toLabel, links);
        }
      },
    };
  }
  for (const section of VERBATIM_SECTION_ORDER) {
    for await (const batch of restore.verbatim(section, size)) {
      yield { rows: batch.length, run: (tx) => repository.createVerbatim(tx, section, batch) };
    }
  }
}

/** Validates the dump's rows, then writes them and its verbatim sections; the summary counts every row created. */
export async function restoreDump(ports: RestorePorts, rows: readonly RawRow[], restore: DumpRestore, options: RestoreOptions): Promise<ImportSummary> {
  await assertEmptyForRestore(ports.db, restore.name);
  const plan = await ports.importer.plan(rows, { ...options, verbatim: true });
  const restored = { ...restore.counts };
  if (!plan.writable) return plan.summary;
  const size = options.batchSize ?? 5000;
  const total = plan.total + Object.values(restored).reduce((a, b) => a + b, 0);
  let done = 0;
  const progressed = (rows: number) => {
    done += rows;
    options.onProgress?.(done, total);
  };
  if (options.transaction === 'batch') {
    try {
      for await (const step of restoreSteps(plan, restore, ports.rowMappers, size)) {
        await ports.db.write((tx) => step.run(tx), { timeoutMs: RESTORE_TIMEOUT_MS });
        progressed(step.rows);
      }
    } catch (error) {
      // Batches committed before the failure stay, and a restore only goes into an empty database.
      throw new RestoreError(
        `${error instanceof Error ? error.message : String(error)}\nthe restore stopped after ${done} of ${total} records, committed batch by batch: ` +
          'empty the database (or use a new NEO4J_LOCAL_DATA folder) and restore again',
      );
    }
  } else {
    await ports.db.write(
      async (tx) => {
        // A retried transaction starts again from nothing.
        done = 0;
        for await (const step of restoreSteps(plan, restore, ports.rowMappers, size)) {
          await step.run(tx);
          progressed(step.rows);
        }
      },
      { timeoutMs: RESTORE_TIMEOUT_MS },
    );
  }
  return { ...ports.importer.allCreated(plan), restored };
}

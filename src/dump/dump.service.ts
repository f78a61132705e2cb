import type { Database, Tx } from '../db/database';
import type { NodeRowMappers, NodeSection } from '../import/import.ports';
import { plainToInstance } from 'class-transformer';
import { LocatedRow, Section, SECTIONS } from '../import/import.document';
import { RawRow, validateRows } from '../import/import.validator';
import { toWrite } from '../relationships/relationship.service';
import type { RelationshipInput } from '../relationships/relationship.input';
import type { ActorInput } from '../actors/actor.input';
import { RECORD_LABELS, RecordLabel, RELATIONSHIP_TYPES } from '../relationships/relationship-kinds';
import { datetimeKeys, DumpSection, DUMP_SECTIONS, STAMP_KEYS, VERBATIM_SECTION_ORDER, VERBATIM_SECTIONS, VerbatimSection } from './dump.format';
import { DumpRepository, StoredLink, StoredNode, StoredVerbatim } from './dump.repository';
import { DumpRow, exactIdentifierRows, identifierProps, nodeRow, relationshipRow, storedDifferences, verbatimRow } from './dump.rows';
import type { DumpFileResult, DumpFileWriter } from './dump.writer';

/**
 * `npm run dump`: the whole graph, streamed section by section and page by page from Neo4j into a
 * DumpFileWriter, in the layout of dump.format.ts. Each row is checked on the way as a restore
 * will see it: made into its input class, mapped by the same row mappers as an import, and
 * compared with what is stored, property for property (with `validate`, also validated by the
 * import's rules). A row that a restore would not give back as it is, or would refuse, is
 * reported; the dump is still written. Memory holds two pages at most, whatever the graph's size.
 */

export const DEFAULT_DUMP_PAGE_SIZE = 10_000;

export interface DumpPorts {
  db: Pick<Database, 'read'>;
  /** How an import maps a row onto stored properties (the node services, through the composition root). */
  rowMappers: NodeRowMappers;
}

export interface DumpOptions {
  pageSize?: number;
  /**
   * Also validate every row with the import's rules, so that a restore cannot refuse one (a list
   * grown past an input's limit by merges, say). About 1.5 times the dump's time. Without it, a
   * restore still validates every row before it writes any, and refuses the dump if one is bad.
   */
  validate?: boolean;
  /** Timeout of each page's read transaction. */
  timeoutMs?: number;
  onStep?: (message: string) => void;
  onProgress?: (done: number, total: number) => void;
}

export interface DumpProblem {
  section: DumpSection;
  id: string;
  property: string;
  reason: string;
}

export interface DumpSummary {
  file: DumpFileResult;
  counts: Record<DumpSection | 'identifiers', number>;
  /** Rows that a restore would refuse or not give back as stored (at most PROBLEMS_KEPT of them). */
  problems: DumpProblem[];
  problemCount: number;
  elapsedMs: number;
}

/** The graph holds something the dump cannot write whole; nothing is kept. */
export class DumpError extends Error {}

const PROBLEMS_KEPT = 100;

const NODE_SECTIONS: { section: NodeSection; label: RecordLabel }[] = [
  { section: 'sources', label: 'Source' },
  { section: 'territories', label: 'Territory' },
  { section: 'actors', label: 'Actor' },
  { section: 'initiatives', label: 'Initiative' },
];

/** Labels and types the dump writes, and those it leaves out on purpose (a restored database migrates itself). */
const KNOWN_LABELS = new Set<string>([...RECORD_LABELS, 'Identifier', ...VERBATIM_SECTION_ORDER.map((section) => VERBATIM_SECTIONS[section].label)]);
const LEFT_OUT_LABELS = new Set(['Migration', 'AnalysisJob', 'AnalysisLock']);
const KNOWN_TYPES = new Set<string>([...RELATIONSHIP_TYPES, 'IDENTIFIED_BY']);

function withoutStamps(row: Record<string, unknown>): Record<string, unknown> {
  const value = { ...row };
  for (const key of STAMP_KEYS) delete value[key];
  return value;
}

class ProblemList {
  readonly kept: DumpProblem[] = [];
  count = 0;

  add(section: DumpSection, id: unknown, property: string, reason: string): void {
    this.count++;
    if (this.kept.length < PROBLEMS_KEPT) this.kept.push({ section, id: String(id), property, reason });
  }
}

/** The next page is read while the one before is checked and written. */
async function* pages<T>(read: (after: string) => Promise<T[]>, lastKey: (row: T) => string, limit: number): AsyncGenerator<T[]> {
  let next = read('');
  for (;;) {
    const page = await next;
    if (page.length === 0) return;
    next = page.length < limit ? Promise.resolve([]) : read(lastKey(page[page.length - 1]));
    yield page;
  }
}

/**
 * Keyset pages on an id without a constraint (links, audit entries) start at the last id seen,
 * that one included: the records of that id already written are known by element id and skipped,
 * and another record with the same id is a duplicate, which an import would refuse.
 */
class SeenIds {
  private lastId: string | null = null;
  private elements = new Set<string>();

  /** 'new', 'seen' (written already, from the page before), or 'duplicate' (another record, same id). */
  classify(id: string, element: string): 'new' | 'seen' | 'duplicate' {
    if (id === this.lastId) {
      if (this.elements.has(element)) return 'seen';
      this.elements.add(element);
      return 'duplicate';
    }
    this.lastId = id;
    this.elements = new Set([element]);
    return 'new';
  }
}

export async function dumpGraph(ports: DumpPorts, writer: DumpFileWriter, options: DumpOptions = {}): Promise<DumpSummary> {
  const started = Date.now();
  const limit = Math.max(100, options.pageSize ?? DEFAULT_DUMP_PAGE_SIZE);
  const validate = options.validate ?? false;
  const repository = new DumpRepository();
  const read = <T>(work: (tx: Tx) => Promise<T>) => ports.db.read(work, options.timeoutMs ? { timeoutMs: options.timeoutMs } : undefined);

  const census = await read((tx) => repository.census(tx));
  const unknownLabels = [...census.labels].filter(([label]) => !KNOWN_LABELS.has(label) && !LEFT_OUT_LABELS.has(label));
  const unknownTypes = [...census.types].filter(([type]) => !KNOWN_TYPES.has(type));
  if (unknownLabels.length || unknownTypes.length) {
    const named = [...unknownLabels.map(([label, n]) => `${n} node(s) labelled ${label}`), ...unknownTypes.map(([type, n]) => `${n} link(s) of type ${type}`)];
    throw new DumpError(`the graph holds ${named.join(', ')}, which the dump format does not carry; nothing was written`);
  }
  const labelled = [...census.labels.values()].reduce((a, b) => a + b, 0);
  if (labelled !== census.nodes) {
    throw new DumpError(`${Math.abs(census.nodes - labelled)} node(s) have no label or more than one, which the dump format does not carry; nothing was written`);
  }
  const expected = (label: string) => census.labels.get(label) ?? 0;
  const total =
    NODE_SECTIONS.reduce((n, { label }) => n + expected(label), 0) +
    RELATIONSHIP_TYPES.reduce((n, type) => n + (census.types.get(type) ?? 0), 0) +
    VERBATIM_SECTION_ORDER.reduce((n, section) => n + expected(VERBATIM_SECTIONS[section].label), 0);

  const problems = new ProblemList();
  const counts = Object.fromEntries([...DUMP_SECTIONS, 'identifiers'].map((section) => [section, 0])) as DumpSummary['counts'];
  let done = 0;
  const progressed = (n: number) => {
    done += n;
    options.onProgress?.(done, total);
  };
  const report = (section: DumpSection, id: unknown, dumped: DumpRow) => {
    for (const problem of dumped.problems) problems.add(section, id, problem.property, problem.reason);
  };

  await writer.begin();

  for (const { section, label } of NODE_SECTIONS) {
    options.onStep?.(`dumping ${section} (${expected(label)})`);
    await writer.openSection(section);
    for await (const page of pages((after) => read((tx) => repository.nodes(tx, label, after, limit)), (node) => String(node.props.id), limit)) {
      const dumped = page.map((node) => nodeRow(section, node.props, node.identifiers, node.stampsAreDatetimes));
      const lines = dumped.map((row) => JSON.stringify(row.row));
      page.forEach((node, index) => report(section, node.props.id, dumped[index]));
      checkNodes(section, page, dumped, ports.rowMappers, validate, problems);
      counts[section] += page.length;
      counts.identifiers += page.reduce((n, node) => n + node.identifiers.length, 0);
      await writer.rows(lines);
      progressed(page.length);
    }
    await writer.closeSection();
  }

  options.onStep?.(`dumping relationships (${RELATIONSHIP_TYPES.reduce((n, type) => n + (census.types.get(type) ?? 0), 0)})`);
  await writer.openSection('relationships');
  for (const type of RELATIONSHIP_TYPES) {
    if (!census.types.has(type)) continue;
    const seen = new SeenIds();
    for await (const page of pages((after) => read((tx) => repository.links(tx, type, after, limit)), (link) => String(link.props.id), limit)) {
      const fresh: StoredLink[] = [];
      for (const link of page) {
        const kind = seen.classify(String(link.props.id), link.element);
        if (kind === 'seen') continue;
        if (kind === 'duplicate') problems.add('relationships', link.props.id, 'id', `another ${type} link has the same id; an import refuses the second`);
        fresh.push(link);
      }
      if (fresh.length === 0 && page.length >= limit) throw new DumpError(`more than ${limit} ${type} links share the id ${String(page[0].props.id)}; nothing was kept`);
      const dumped = fresh.map((link) => relationshipRow(type, link.fromId, link.toId, link.props, link.stampsAreDatetimes));
      const lines = dumped.map((row) => JSON.stringify(row.row));
      fresh.forEach((link, index) => report('relationships', link.props.id, dumped[index]));
      checkLinks(fresh, dumped, validate, problems);
      counts.relationships += fresh.length;
      await writer.rows(lines);
      progressed(fresh.length);
    }
  }
  await writer.closeSection();

  for (const section of VERBATIM_SECTION_ORDER) {
    const { label } = VERBATIM_SECTIONS[section];
    const datetimes = datetimeKeys(section);
    options.onStep?.(`dumping ${section} (${expected(label)})`);
    await writer.openSection(section);
    const seen = new SeenIds();
    for await (const page of pages((after) => read((tx) => repository.verbatim(tx, label, datetimes, after, limit)), (node) => String(node.props.id), limit)) {
      const fresh: StoredVerbatim[] = page.filter((node) => {
        const kind = seen.classify(String(node.props.id), node.element);
        if (kind === 'duplicate') problems.add(section, node.props.id, 'id', `another ${label} has the same id`);
        return kind !== 'seen';
      });
      if (fresh.length === 0 && page.length >= limit) throw new DumpError(`more than ${limit} ${label} nodes share the id ${String(page[0].props.id)}; nothing was kept`);
      const dumped = fresh.map((node) => verbatimRow(section, node.props, node.datetimesAreDatetimes));
      fresh.forEach((node, index) => report(section, node.props.id, dumped[index]));
      counts[section] += fresh.length;
      await writer.rows(dumped.map((row) => JSON.stringify(row.row)));
      progressed(fresh.length);
    }
    await writer.closeSection();
  }

  // Everything the census counted must be in the file: a shortfall is a record the pages could not
  // reach (an id that is not a string, a link without one) or a write made while the dump ran.
  const shortfalls: string[] = [];
  const compare = (what: string, inDatabase: number, dumped: number) => {
    if (inDatabase !== dumped) shortfalls.push(`${what}: ${inDatabase} in the database, ${dumped} dumped`);
  };
  for (const { section, label } of NODE_SECTIONS) compare(label, expected(label), counts[section]);
  compare('links', RELATIONSHIP_TYPES.reduce((n, type) => n + (census.types.get(type) ?? 0), 0), counts.relationships);
  compare('Identifier', expected('Identifier'), counts.identifiers);
  compare('IDENTIFIED_BY', census.types.get('IDENTIFIED_BY') ?? 0, counts.identifiers);
  for (const section of VERBATIM_SECTION_ORDER) compare(VERBATIM_SECTIONS[section].label, expected(VERBATIM_SECTIONS[section].label), counts[section]);
  if (shortfalls.length) {
    throw new DumpError(
      `the dump does not hold the whole graph (${shortfalls.join('; ')}): the graph was written to while it was dumped, ` +
        'or holds records without a text id, or identifiers held by no actor or by several; dump again while nothing writes. Nothing was kept',
    );
  }
  const file = await writer.finish();
  return { file, counts, problems: problems.kept, problemCount: problems.count, elapsedMs: Date.now() - started };
}

/**
 * Each row as a restore will see it (its JSON line parses back to the same values): made into the
 * input class as the import's validation does (defaults included), and with `validate` checked by
 * its rules too, which costs as much again as the rest of the dump. Null where a restore refuses the row.
 */
function restoredInputs(section: Section, page: readonly { props: Record<string, unknown> }[], dumped: readonly DumpRow[], validate: boolean, problems: ProblemList): (object | null)[] {
  if (!validate) return dumped.map(({ row }) => plainToInstance(SECTIONS[section] as new () => object, withoutStamps(row)));
  const raw: RawRow[] = dumped.map(({ row }, index) => ({ section, value: withoutStamps(row), file: 'dump', location: String(index) }));
  const { valid, problems: refused } = validateRows(raw);
  for (const problem of refused) problems.add(section, page[Number(problem.location)].props.id, problem.field || '(row)', `a restore would refuse the row: ${problem.reason}`);
  const inputs: (object | null)[] = dumped.map(() => null);
  for (const row of valid[section] as LocatedRow<object>[]) inputs[Number(row.location)] = row.value;
  return inputs;
}

/** What a restore would store for an input; a rule it breaks (a bad amount) is a problem, and null. */
function mapped<T>(section: DumpSection, id: unknown, problems: ProblemList, map: () => T): T | null {
  try {
    return map();
  } catch (error) {
    problems.add(section, id, '(row)', `a restore would refuse the row: ${error instanceof Error ? error.message : String(error)}`);
    return null;
  }
}

/** Compares what a restore would write for each row with the stored node, its identifiers included. */
function checkNodes(section: NodeSection, page: readonly StoredNode[], dumped: readonly DumpRow[], mappers: NodeRowMappers, validate: boolean, problems: ProblemList): void {
  const mapper = mappers[section] as { toRow(input: object): { props: Record<string, unknown> } };
  restoredInputs(section, page, dumped, validate, problems).forEach((input, index) => {
    if (!input) return;
    const stored = page[index];
    const row = mapped(section, stored.props.id, problems, () => mapper.toRow(input));
    if (!row) return;
    for (const difference of storedDifferences(row.props, stored.props)) problems.add(section, stored.props.id, difference.property, difference.reason);
    if (section !== 'actors') return;
    const byKey = new Map(stored.identifiers.map((identifier) => [String(identifier.key), identifier]));
    for (const identifier of exactIdentifierRows(input as ActorInput)) {
      const held = byKey.get(identifier.key);
      byKey.delete(identifier.key);
      if (!held) {
        problems.add(section, stored.props.id, `identifiers.${identifier.key}`, 'is not stored, but a restore would write it');
        continue;
      }
      for (const difference of storedDifferences(identifierProps(identifier), held)) {
        problems.add(section, stored.props.id, `identifiers.${identifier.key}.${difference.property}`, difference.reason);
      }
    }
    for (const key of byKey.keys()) problems.add(section, stored.props.id, `identifiers.${key}`, 'is stored, but a restore would not write it');
  });
}

function checkLinks(page: readonly StoredLink[], dumped: readonly DumpRow[], validate: boolean, problems: ProblemList): void {
  restoredInputs('relationships', page, dumped, validate, problems).forEach((input, index) => {
    if (!input) return;
    const stored = page[index];
    if (!stored.fromLabel || !stored.toLabel) {
      problems.add('relationships', stored.props.id, 'fromId', 'joins a node that is not an Actor, Initiative or Territory');
      return;
    }
    const write = mapped('relationships', stored.props.id, problems, () => toWrite(input as RelationshipInput, stored.fromLabel!, stored.toLabel!));
    if (!write) return;
    for (const difference of storedDifferences(write.props, stored.props)) problems.add('relationships', stored.props.id, difference.property, difference.reason);
  });
}

export type { VerbatimSection };

import path from 'node:path';
import type { RawRow } from '../import.validator';
import type { RowProblem, Section } from '../import.document';
import { endpointsAllowed, NodeLabel, RelationshipTypeName } from '../../relationships/relationship-kinds';
import { normaliseHeader } from '../csv/headers';
import { shortHash, slug, toNodeId } from '../iati/ids';
import { fileSourceRow, FileSourceOptions } from './file-source';
import type { AttributeValue, FileNote, NetworkConnection, NetworkElement, NetworkFile } from './network-file';
import { DEFAULT_KIND, ElementMapping, KINDS, TypeMapping, typeKey } from './type-mapping';

/**
 * Network files become import rows here, whatever tool wrote them: one node row per element, one
 * relationship row per connection, and a Source row for each file whose rows name no source.
 * The rows then go through the same validation and writes as every other import.
 *
 * It takes two steps because a connection may point at a node that is in the database rather than
 * in the files: `planNetworkRows` maps what the files hold and lists those outside ends, the caller
 * looks them up in one query, and `finish` maps the connections.
 */

export interface NetworkRowsOptions {
  mapping: TypeMapping;
  /** sha256 of each file's content, by file name, for the file's Source. */
  checksums: ReadonlyMap<string, string>;
  source: FileSourceOptions;
  /** --id-prefix: put before every id a file gives, so that two files numbering their nodes 1, 2, 3 stay apart. */
  idPrefix?: string;
  /** The names of existing nodes among `labelIds(files)`: an id made from a label is the node of that name, never another one. */
  existingNames?: ReadonlyMap<string, string>;
}

interface MappedNode {
  id: string;
  label: NodeLabel;
}

const SECTION_OF: Record<NodeLabel, Section> = { Actor: 'actors', Initiative: 'initiatives', Territory: 'territories' };

/** A link property, by normalised column or attribute name: Kumu's headers ("Start Date") and this API's export keys (startDate). */
const LINK_FIELDS: Record<string, readonly string[]> = {
  role: ['role'],
  kind: ['kind'],
  level: ['level'],
  instrument: ['instrument'],
  amount: ['amount', 'amount'],
  amountexact: ['amount', 'amount'],
  currency: ['amount', 'currency'],
  amounteur: ['amount', 'amountEur'],
  amounteurexact: ['amount', 'amountEur'],
  startdate: ['startDate'],
  start: ['startDate'],
  enddate: ['endDate'],
  end: ['endDate'],
  description: ['description'],
  excerpt: ['excerpt'],
  via: ['viaInitiativeId'],
  viainitiative: ['viaInitiativeId'],
  viainitiativeid: ['viaInitiativeId'],
  transactiontype: ['transactionType'],
  valuedate: ['valueDate'],
  reportingorgid: ['reportingOrgId'],
  reportingactivityid: ['reportingActivityId'],
  recipientcountry: ['recipientCountry'],
};

/**
 * A field written twice: the exact decimal string wins over the number beside it for drawing
 * tools, and the stored date over GEXF's interval bound derived from it (2021 over 2021-01-01).
 */
const WRITTEN_BETTER_AS = new Map([
  ['amount', 'amountexact'],
  ['amounteur', 'amounteurexact'],
  ['start', 'startdate'],
  ['end', 'enddate'],
]);

const SOURCE_KEYS = new Set(['sourceids', 'sources', 'sourceid', 'source']);

const DIRECTIONS: Record<string, string | undefined> = { undirected: 'UNDIRECTED', mutual: 'MUTUAL', directed: undefined };

/** One warning per kind of defect and file, with a count, rather than one per row: a map of 500 untyped links says so once. */
class Warnings {
  private readonly notes = new Map<string, { note: FileNote; count: number; reason: (count: number) => string }>();

  add(key: string, at: { file: string; location: string }, field: string, reason: (count: number) => string): void {
    const known = this.notes.get(`${at.file}\u0000${key}`);
    if (known) known.count++;
    else this.notes.set(`${at.file}\u0000${key}`, { note: { file: at.file, location: at.location, field, reason: '' }, count: 1, reason });
  }

  list(): RowProblem[] {
    return [...this.notes.values()].map(({ note, count, reason }) => ({ ...note, reason: reason(count) }));
  }
}

const times = (count: number, one: string, many: string) => (count === 1 ? one : `${count} ${many}`);

function isList(value: AttributeValue): value is string[] | number[] | boolean[] {
  return Array.isArray(value);
}

function asList(value: AttributeValue): string[] {
  if (isList(value)) return value.map(String);
  return String(value)
    .split('|')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}

function labelKey(label: string): string {
  return label.normalize('NFC').trim().toLowerCase();
}

function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = target;
  for (const part of path.slice(0, -1)) node = (node[part] ??= {}) as Record<string, unknown>;
  node[path[path.length - 1]] = value;
}

export class NetworkRowsPlan {
  private readonly rows: RawRow[] = [];
  private readonly problems: RowProblem[] = [];
  private readonly warnings = new Warnings();
  private readonly fileWarnings: RowProblem[] = [];
  /** The file's own element ids, then labels, to the node each became. */
  private readonly byId = new Map<string, MappedNode>();
  private readonly byLabel = new Map<string, MappedNode>();
  private readonly usedIds = new Set<string>();
  /** Links have ids of their own: Gephi numbers its nodes and its edges 1, 2, 3 alike. */
  private readonly usedLinkIds = new Set<string>();
  private readonly filesNeedingSource = new Set<string>();
  private readonly connections: { connection: NetworkConnection; creates: boolean }[] = [];

  constructor(
    private readonly files: readonly NetworkFile[],
    private readonly options: NetworkRowsOptions,
  ) {
    for (const file of files) {
      this.problems.push(...file.problems);
      this.fileWarnings.push(...file.warnings);
      for (const element of file.elements) this.mapElement(element);
    }
    for (const file of files) for (const connection of file.connections) this.connections.push({ connection, creates: file.createsMissingEnds });
  }

  /** Connection ends that no element of the files is: ids to look up in the database. */
  outsideEnds(): string[] {
    const ends = new Set<string>();
    for (const { connection } of this.connections) {
      for (const end of [connection.from, connection.to]) if (!this.inFiles(end, connection.by)) ends.add(toNodeId(end));
    }
    return [...ends];
  }

  /** The rows of every file, given the labels of the outside ends that exist in the database. */
  finish(existing: ReadonlyMap<string, NodeLabel>): { rows: RawRow[]; problems: RowProblem[]; warnings: RowProblem[] } {
    for (const { connection, creates } of this.connections) this.mapConnection(connection, existing, creates);
    const sources = this.files
      .filter((file) => this.filesNeedingSource.has(file.file))
      .map((file): RawRow => ({
        section: 'sources',
        value: fileSourceRow(file.file, this.checksumOf(file.file), this.options.source),
        file: file.file,
        location: 'the file itself',
      }));
    return { rows: [...sources, ...this.rows], problems: this.problems, warnings: [...this.fileWarnings, ...this.warnings.list()] };
  }

  private checksumOf(file: string): string {
    const checksum = this.options.checksums.get(file);
    if (!checksum) throw new Error(`no checksum for ${file}`);
    return checksum;
  }

  private fileSourceId(file: string): string {
    this.filesNeedingSource.add(file);
    return fileSourceRow(file, this.checksumOf(file), this.options.source).id as string;
  }

  /**
   * The id a file's own id becomes. Without --id-prefix, a bare number (Gephi, yEd and networkx
   * number their nodes and edges 0, 1, 2) is put after its file's name: two maps both numbering
   * from 0 would otherwise write over each other's nodes, while a file imported again still finds
   * its own.
   */
  private prefixed(id: string, file: string): string {
    if (this.options.idPrefix !== undefined) return toNodeId(`${this.options.idPrefix}${id}`);
    return toNodeId(/^\d+$/.test(id) ? `${slug(path.parse(file).name) || 'file'}:${id}` : id);
  }

  private inFiles(end: string, by: NetworkConnection['by']): MappedNode | undefined {
    if (by === 'label') return this.byLabel.get(labelKey(end)) ?? this.byId.get(end);
    return this.byId.get(end);
  }

  /**
   * A label's slug, made unique among this import's ids: two elements "Alpha" without ids are two
   * nodes. When a node of another name already holds the slug (the seeds' "undp" for an element
   * "UNDP"), a hash of the label is added, so the import never rewrites it, and importing the same
   * file again finds the same ids.
   */
  private freshId(label: string): string {
    let base = labelId(label, this.options.idPrefix);
    const holder = this.options.existingNames?.get(base);
    if (holder !== undefined && labelKey(holder) !== labelKey(label)) base = toNodeId(`${base}-${shortHash(label).slice(0, 6)}`);
    let id = base;
    for (let n = 2; this.usedIds.has(id); n++) id = toNodeId(`${base}-${n}`);
    return id;
  }

  private elementMapping(element: NetworkElement): ElementMapping & { known: boolean } {
    if (element.type === undefined) {
      this.warnings.add('no type', element, 'Type', (n) => `${times(n, 'an element has', 'elements have')} no type; imported as Actor of kind OTHER`);
      return { label: 'Actor', kind: DEFAULT_KIND.Actor, known: true };
    }
    const mapped = this.options.mapping.elements.get(typeKey(element.type));
    if (mapped) return { ...mapped, known: true };
    this.warnings.add(
      `type ${typeKey(element.type)}`,
      element,
      'Type',
      (n) => `"${element.type}" (${times(n, 'one element', 'elements')}) is no type the mapping knows; imported as Actor of kind OTHER, with originalType kept — map it with --map types.json`,
    );
    return { label: 'Actor', kind: DEFAULT_KIND.Actor, known: false };
  }

  private mapElement(element: NetworkElement): void {
    if (element.id !== undefined && this.usedIds.has(this.prefixed(element.id, element.file))) {
      this.problems.push({ file: element.file, location: element.location, field: 'ID', reason: `"${element.id}" is the ID of another element of this import; IDs must be unique (use --id-prefix for files that number their nodes alike)` });
      return;
    }
    const mapping = this.elementMapping(element);
    const attributes: Record<string, AttributeValue> = { ...element.attributes };
    const value: Record<string, unknown> = {};
    let kind = mapping.kind;
    let sourceIds: string[] | undefined;
    let name: string | undefined = element.label;
    for (const [key, attribute] of Object.entries(element.attributes)) {
      const field = normaliseHeader(key);
      if (field === 'kind' && typeof attribute === 'string' && KINDS[mapping.label].includes(attribute)) kind = attribute;
      else if (field === 'description' && typeof attribute === 'string') value.description = attribute;
      else if (SOURCE_KEYS.has(field)) sourceIds = asList(attribute);
      else if (field === 'name' && name === undefined && typeof attribute === 'string') name = attribute.trim();
      else continue;
      delete attributes[key];
    }
    if (!mapping.known && element.type !== undefined) attributes.originalType = element.type;

    const id = element.id !== undefined ? this.prefixed(element.id, element.file) : this.freshId(name ?? '');
    if (name === undefined || name === '') {
      name = element.id ?? id;
      this.warnings.add('no label', element, 'Label', (n) => `${times(n, 'an element has', 'elements have')} no label; named by its ID`);
    }
    this.usedIds.add(id);
    const node = { id, label: mapping.label };
    if (element.id !== undefined) this.byId.set(element.id, node);
    if (element.label) {
      const key = labelKey(element.label);
      if (!this.byLabel.has(key)) this.byLabel.set(key, node);
    }

    Object.assign(value, { id, name, [mapping.label === 'Territory' ? 'level' : 'kind']: kind });
    value.sourceIds = sourceIds?.length ? sourceIds : [this.fileSourceId(element.file)];
    if (element.tags?.length) value.tags = element.tags;
    if (Object.keys(attributes).length) value.attributes = attributes;
    this.rows.push({ section: SECTION_OF[mapping.label], value, file: element.file, location: element.location });
  }

  private resolveEnd(
    connection: NetworkConnection,
    end: string,
    field: 'From' | 'To',
    existing: ReadonlyMap<string, NodeLabel>,
    creates: boolean,
  ): MappedNode | undefined {
    const inFiles = this.inFiles(end, connection.by);
    if (inFiles) return inFiles;
    const id = toNodeId(end);
    const label = existing.get(id);
    if (label) return { id, label };
    if (creates) return this.createEnd(connection, end);
    const named = connection.by === 'label' ? "no element's label or ID" : "no element's ID";
    this.problems.push({
      file: connection.file,
      location: connection.location,
      field,
      section: 'relationships',
      reason: `"${end}" is ${named} in ${this.files.map((file) => file.file).join(', ')}, nor the id of a node in the database`,
    });
    return undefined;
  }

  /** Gephi's spreadsheet importer creates the nodes an edges table names and no nodes table has; so does this one. */
  private createEnd(connection: NetworkConnection, end: string): MappedNode {
    const node: MappedNode = { id: this.prefixed(end, connection.file), label: 'Actor' };
    this.byId.set(end, node);
    this.usedIds.add(node.id);
    this.warnings.add('created end', connection, connection.by === 'label' ? 'From' : 'Source', (n) =>
      `${times(n, 'a node', 'nodes')} named by edges and by no nodes table ${n === 1 ? 'was' : 'were'} created (as Gephi does), as Actor of kind OTHER named by ${n === 1 ? 'its' : 'their'} id`,
    );
    this.rows.push({
      section: 'actors',
      value: { id: node.id, name: end, kind: DEFAULT_KIND.Actor, sourceIds: [this.fileSourceId(connection.file)] },
      file: connection.file,
      location: connection.location,
    });
    return node;
  }

  private relationshipType(connection: NetworkConnection, from: MappedNode, to: MappedNode): { type: RelationshipTypeName; kind?: string } {
    if (connection.type === undefined) {
      this.warnings.add('no type', connection, 'Type', (n) => `${times(n, 'a connection has', 'connections have')} no type; imported as RELATED_TO`);
      return { type: 'RELATED_TO' };
    }
    const mapped = this.options.mapping.connections.get(typeKey(connection.type));
    const kind = connection.type.slice(0, 100);
    if (!mapped) {
      this.warnings.add(
        `type ${typeKey(connection.type)}`,
        connection,
        'Type',
        (n) => `"${connection.type}" (${times(n, 'one connection', 'connections')}) is no type the mapping knows; imported as RELATED_TO with kind "${kind}" — map it with --map types.json`,
      );
      return { type: 'RELATED_TO', kind };
    }
    if (mapped !== 'RELATED_TO' && !endpointsAllowed(mapped, from.label, to.label)) {
      this.warnings.add(
        `ends ${mapped} ${from.label} ${to.label}`,
        connection,
        'Type',
        (n) => `"${connection.type}" maps to ${mapped}, which does not join ${from.label} -> ${to.label}; ${times(n, 'that connection was', 'such connections were')} imported as RELATED_TO with kind "${kind}"`,
      );
      return { type: 'RELATED_TO', kind };
    }
    return { type: mapped };
  }

  private mapConnection(connection: NetworkConnection, existing: ReadonlyMap<string, NodeLabel>, creates: boolean): void {
    const from = this.resolveEnd(connection, connection.from, 'From', existing, creates);
    const to = this.resolveEnd(connection, connection.to, 'To', existing, creates);
    if (!from || !to) return;
    if (from.id === to.id) {
      this.warnings.add('self', connection, 'To', (n) =>
        `${times(n, 'a connection joins', 'connections join')} an element to itself; links of this graph join two different nodes, so ${n === 1 ? 'it was' : 'they were'} left out`,
      );
      return;
    }
    const { type, kind } = this.relationshipType(connection, from, to);
    const value: Record<string, unknown> = { type, fromId: from.id, toId: to.id };
    const attributes: Record<string, AttributeValue> = { ...connection.attributes };
    const fields = new Map(Object.keys(connection.attributes).map((key) => [normaliseHeader(key), key]));
    let direction = connection.direction ? DIRECTIONS[connection.direction] : undefined;
    for (const [key, attribute] of Object.entries(connection.attributes)) {
      const field = normaliseHeader(key);
      const better = WRITTEN_BETTER_AS.get(field);
      if (better && fields.has(better)) {
        delete attributes[key];
        continue;
      }
      if (SOURCE_KEYS.has(field)) value.sourceIds = asList(attribute);
      // A stored direction, as this API's exports write it, says more than a whole file's default edge type.
      else if (field === 'direction' && typeof attribute === 'string' && attribute.toLowerCase() in DIRECTIONS) direction = DIRECTIONS[attribute.toLowerCase()];
      else if (LINK_FIELDS[field] && !isList(attribute)) setPath(value, LINK_FIELDS[field], attribute);
      else continue;
      delete attributes[key];
    }
    if (kind !== undefined) {
      if (value.kind !== undefined) attributes.kind = value.kind as AttributeValue;
      value.kind = kind;
    }
    if (direction) value.direction = direction;
    if (!(value.sourceIds as string[] | undefined)?.length) value.sourceIds = [this.fileSourceId(connection.file)];
    if (connection.tags?.length) value.tags = connection.tags;
    if (Object.keys(attributes).length) value.attributes = attributes;
    value.id = connection.id !== undefined ? this.prefixed(connection.id, connection.file) : this.derivedLinkId(type, from.id, to.id, kind);
    this.usedLinkIds.add(value.id as string);
    this.rows.push({ section: 'relationships', value, file: connection.file, location: connection.location });
  }

  /** Stable across imports of the same file; repeated links between the same two nodes are numbered in file order. */
  private derivedLinkId(type: RelationshipTypeName, from: string, to: string, kind: string | undefined): string {
    const base = toNodeId([type.toLowerCase(), from, to, ...(kind ? [slug(kind)] : [])].join(':'));
    let id = base;
    for (let n = 2; this.usedLinkIds.has(id); n++) id = toNodeId(`${base}:${n}`);
    this.usedLinkIds.add(id);
    return id;
  }
}

function labelId(label: string, idPrefix: string | undefined): string {
  return toNodeId(`${idPrefix ?? ''}${slug(label) || 'element'}`);
}

/** The ids that elements without an ID of their own would get from their labels: to look up before planning. */
export function labelIds(files: readonly NetworkFile[], idPrefix?: string): string[] {
  const ids = new Set<string>();
  for (const file of files) for (const element of file.elements) if (element.id === undefined && element.label) ids.add(labelId(element.label, idPrefix));
  return [...ids];
}

export function planNetworkRows(files: readonly NetworkFile[], options: NetworkRowsOptions): NetworkRowsPlan {
  return new NetworkRowsPlan(files, options);
}

import type { Database, Tx } from '../../db/database';
import type { NodeLabel } from '../../relationships/relationship-kinds';
import type { ReadResult, RowProblem } from '../import.document';
import type { NamedActor } from './name-match.repository';
import { NetworkFile } from './network-file';
import { labelIds, planNetworkRows } from './network-rows.mapper';
import { readNetworkFile } from './readers';
import { FileSourceOptions, sha256 } from './file-source';
import { defaultTypeMapping, TypeMapping } from './type-mapping';

export interface NetworkImportPorts {
  db: Pick<Database, 'read'>;
  /** The label of each id that exists. */
  labelsOf(tx: Tx, ids: readonly string[]): Promise<Map<string, NodeLabel>>;
  actorsNamed(tx: Tx, names: readonly string[]): Promise<NamedActor[]>;
  /** The names of the nodes that hold these ids. */
  nodeNames(tx: Tx, ids: readonly string[]): Promise<Map<string, string>>;
}

/** A file as the CLI read it from disk or a client sent it. */
export interface FileContent {
  name: string;
  content: Buffer;
}

export interface NetworkImportOptions {
  mapping?: TypeMapping;
  idPrefix?: string;
  source?: FileSourceOptions;
}

/**
 * Kumu, Gephi, GraphML and Cytoscape files to import rows: read by the file's tool's own rules,
 * mapped through the type table, their outside ends looked up in the database, and the names that
 * existing actors already bear reported. The rows then go through ImportService like any other.
 */
export class NetworkImportService {
  constructor(private readonly ports: NetworkImportPorts) {}

  async readFiles(files: readonly FileContent[], options: NetworkImportOptions = {}): Promise<Required<ReadResult> & { files: NetworkFile[] }> {
    const networkFiles: NetworkFile[] = [];
    for (const file of files) networkFiles.push(await readNetworkFile(file.content, file.name));
    const candidates = labelIds(networkFiles, options.idPrefix);
    const existingNames = candidates.length ? await this.ports.db.read((tx) => this.ports.nodeNames(tx, candidates)) : new Map<string, string>();
    const plan = planNetworkRows(networkFiles, {
      mapping: options.mapping ?? defaultTypeMapping(),
      checksums: new Map(files.map((file) => [file.name, sha256(file.content)])),
      source: options.source ?? {},
      idPrefix: options.idPrefix,
      existingNames,
    });
    const outside = plan.outsideEnds();
    const existing = outside.length ? await this.ports.db.read((tx) => this.ports.labelsOf(tx, outside)) : new Map<string, NodeLabel>();
    const result = plan.finish(existing);
    const matches = await this.nameMatches(result.rows);
    return { ...result, warnings: [...result.warnings, ...matches], files: networkFiles };
  }

  /** A new element named like an actor that exists under another id is likely the same organisation: say so, never merge silently. */
  private async nameMatches(rows: ReadResult['rows']): Promise<RowProblem[]> {
    const actors = rows.filter((row) => row.section === 'actors') as { value: { id: string; name: string }; file: string; location: string }[];
    if (actors.length === 0) return [];
    const named = await this.ports.db.read((tx) => this.ports.actorsNamed(tx, actors.map((row) => row.value.name)));
    const byName = new Map<string, NamedActor[]>();
    for (const actor of named) byName.set(actor.name, [...(byName.get(actor.name) ?? []), actor]);
    return actors.flatMap((row) => {
      const others = (byName.get(row.value.name) ?? []).filter((actor) => actor.id !== row.value.id);
      if (others.length === 0) return [];
      const list = others.map((actor) => `"${actor.id}"`).join(', ');
      return [{ file: row.file, location: row.location, field: 'Label', reason: `"${row.value.name}" is also the name of existing actor ${list}; imported as a separate node (id "${row.value.id}"): review them, and merge with mergeActors if they are one` }];
    });
  }
}

import type { Database, Tx } from '../../db/database';
import type { NodeLabel } from '../../relationships/relationship-kinds';
import type { ReadResult, RowProblem } from '../import.document';
import { NetworkFile } from './network-file';
import { labelIds, planNetworkRows } from './network-rows.mapper';
import { readNetworkFile } from './readers';
import { FileSourceOptions, sha256 } from './file-source';
import { defaultTypeMapping, TypeMapping } from './type-mapping';

export interface NetworkImportPorts {
  db: Pick<Database, 'read'>;
  /** The label of each id that exists. */
  labelsOf(tx: Tx, ids: readonly string[]): Promise<Map<string, NodeLabel>>;
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
 * mapped through the type table, and their outside ends looked up in the database. The rows then go
 * through ImportService like any other, which reports the elements that may be existing actors.
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
    // Elements like existing actors are ImportService's import-time matches, scored as duplicate candidates.
    return { ...plan.finish(existing), files: networkFiles };
  }
}

import path from 'node:path';
import { NetworkFile, NetworkFileError } from '../network-file';
import { cytoscapeNetwork, isCytoscapeJson } from './cytoscape.reader';
import { readGexf } from './gexf.reader';
import { readGraphml } from './graphml.reader';
import { isKumuJson, kumuJsonNetwork } from './kumu-json.reader';
import { readKumuWorkbook } from './kumu-workbook.reader';
import { readNetworkCsv } from './network-csv.reader';
import { parseJsonDocument } from './values';

export { networkCsvTableKind } from './network-csv.reader';

/**
 * Kumu and Cytoscape JSON, as opposed to this project's own import document
 * (`{ sources, territories, actors, initiatives, relationships }`), which has no `elements`.
 */
export function isNetworkJson(document: unknown): boolean {
  return isKumuJson(document) || isCytoscapeJson(document);
}

/** A .json file is parsed once, then read as Kumu's export or as Cytoscape's elements. */
function readNetworkJson(content: Buffer, name: string): NetworkFile {
  const document = parseJsonDocument(content, name);
  if (isKumuJson(document)) return kumuJsonNetwork(document, name);
  if (isCytoscapeJson(document)) return cytoscapeNetwork(document, name);
  throw new NetworkFileError(name, '', 'is neither a Kumu JSON export (elements with attributes, connections) nor Cytoscape JSON (elements with nodes and edges)');
}

const READERS: Readonly<Record<string, (content: Buffer, name: string) => NetworkFile | Promise<NetworkFile>>> = {
  '.xlsx': readKumuWorkbook,
  '.json': readNetworkJson,
  // Cytoscape desktop's extension for the same elements JSON.
  '.cyjs': readNetworkJson,
  '.csv': readNetworkCsv,
  '.gexf': readGexf,
  '.graphml': readGraphml,
};

/** Reads a network file by its extension; `name` is its base name, which every element and note carries. */
export async function readNetworkFile(content: Buffer, name: string): Promise<NetworkFile> {
  const reader = READERS[path.extname(name).toLowerCase()];
  if (!reader) {
    throw new NetworkFileError(name, '', `is not a network file this import reads (${Object.keys(READERS).join(', ')})`);
  }
  return reader(content, name);
}

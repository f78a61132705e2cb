import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openTestDatabase, TestDatabase, uniqueId } from '../support/database';
import { cli } from '../support/import-cli';
import { jsonDocumentRows } from '../../src/import/json.reader';
import { readNetworkFile } from '../../src/import/network/readers';
import type { NetworkFile } from '../../src/import/network/network-file';
import { ExportFormat, CsvTable } from '../../src/export/export.type';

let test: TestDatabase;
const tempDirs: string[] = [];
const p = uniqueId('roundtrip');

beforeAll(async () => {
  test = await openTestDatabase();
});

afterAll(async () => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  await test.close();
});

/** A small graph with every kind of node, a person, exact money, a generic link, tags, free attributes and a direction. */
function document() {
  return {
    sources: [{ id: `${p}-src`, title: 'Carte des partenaires', kind: 'DOCUMENT' }],
    territories: [{ id: `${p}-town`, name: 'Sfax', level: 'MUNICIPALITY', sourceIds: [`${p}-src`] }],
    actors: [
      { id: `${p}-ngo`, name: 'Réseau Alpha', kind: 'NGO', tags: ['ess', 'réseau'], attributes: { members: 42, founded: '2009', federated: true }, sourceIds: [`${p}-src`] },
      { id: `${p}-person`, name: 'Amira B.', kind: 'PERSON', sourceIds: [`${p}-src`] },
    ],
    initiatives: [{ id: `${p}-proj`, name: 'Projet Delta', kind: 'PROJECT', sourceIds: [`${p}-src`] }],
    relationships: [
      { id: `${p}-pw`, type: 'PARTNERS_WITH', fromId: `${p}-ngo`, toId: `${p}-person`, role: 'lead', startDate: '2019', sourceIds: [`${p}-src`] },
      { id: `${p}-funds`, type: 'FUNDS', fromId: `${p}-ngo`, toId: `${p}-proj`, amount: { amount: '1234.567', currency: 'EUR' }, startDate: '2021-03', endDate: '2022', sourceIds: [`${p}-src`] },
      { id: `${p}-knows`, type: 'RELATED_TO', fromId: `${p}-person`, toId: `${p}-town`, kind: 'Knows', direction: 'UNDIRECTED', tags: ['met'], attributes: { strength: 3 }, sourceIds: [`${p}-src`] },
      { id: `${p}-acts`, type: 'RELATED_TO', fromId: `${p}-proj`, toId: `${p}-town`, kind: 'Located in', sourceIds: [`${p}-src`] },
    ],
  };
}

async function exportFiles(format: ExportFormat): Promise<Record<string, string>> {
  const network = await test.services.network.egoNetwork(`${p}-ngo`, { radius: 3 });
  const { exports } = test.services;
  if (format === ExportFormat.CSV) {
    return { 'nodes.csv': exports.export(network, format, { table: CsvTable.NODES }).content, 'edges.csv': exports.export(network, format, { table: CsvTable.EDGES }).content };
  }
  const extension = { [ExportFormat.GEXF]: 'gexf', [ExportFormat.GRAPHML]: 'graphml', [ExportFormat.CYTOSCAPE]: 'cyjs' }[format as string];
  return { [`network.${extension}`]: exports.export(network, format).content };
}

/** A file's nodes and links as a reader sees them, without where they sat in the file. */
async function contentOf(files: Record<string, string>) {
  const read: NetworkFile[] = [];
  for (const [name, content] of Object.entries(files)) read.push(await readNetworkFile(Buffer.from(content), name));
  const strip = <T extends { file: string; location: string }>({ file: _file, location: _location, ...rest }: T) => rest;
  const byId = (a: { id?: string }, b: { id?: string }) => String(a.id).localeCompare(String(b.id));
  return {
    elements: read.flatMap((file) => file.elements.map(strip)).sort(byId),
    connections: read.flatMap((file) => file.connections.map(strip)).sort(byId),
  };
}

async function deleteGraph(): Promise<void> {
  await test.db.write((tx) => tx.run(`MATCH (n) WHERE (n:Actor OR n:Initiative OR n:Territory) AND n.id STARTS WITH $p DETACH DELETE n`, { p }));
}

describe('export → import into a database without the graph → export gives the same nodes, links and attributes', () => {
  it.each([ExportFormat.GEXF, ExportFormat.GRAPHML, ExportFormat.CSV, ExportFormat.CYTOSCAPE])('%s', async (format) => {
    const summary = await test.services.importer.run(jsonDocumentRows(document(), 'roundtrip.json'), { by: 'test:roundtrip' });
    expect(summary.problems).toEqual([]);
    const before = await exportFiles(format);
    const expected = await contentOf(before);
    expect(expected.elements.map((element) => element.id)).toEqual([`${p}-ngo`, `${p}-person`, `${p}-proj`, `${p}-town`]);
    expect(expected.connections).toHaveLength(4);

    await deleteGraph();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gg-roundtrip-'));
    tempDirs.push(dir);
    for (const [name, content] of Object.entries(before)) writeFileSync(path.join(dir, name), content);
    const result = await cli(Object.keys(before), dir);
    expect(result.stdout).not.toContain('Bad rows');
    expect(result.code).toBe(0);
    expect(result.stdout).not.toMatch(/warnings/i);

    const after = await contentOf(await exportFiles(format));
    expect(after).toEqual(expected);
    await deleteGraph();
  });
});

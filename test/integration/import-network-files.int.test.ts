import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { openTestDatabase, TestDatabase, uniqueId } from '../support/database';
import { sharedFixture } from '../support/shared-fixtures';
import { cli } from '../support/import-cli';
import { RELATIONSHIP_TYPES } from '../../src/relationships/relationship-kinds';

let test: TestDatabase;
const tempDirs: string[] = [];

beforeAll(async () => {
  test = await openTestDatabase();
});

afterAll(async () => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  await test.close();
});

function tempDir(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gg-network-'));
  tempDirs.push(dir);
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, name), content);
  return dir;
}

/** What the import left in the graph under one prefix: nodes by label and kind, and the model's links among them. */
async function graphUnder(prefix: string) {
  return test.db.read(async (tx) => {
    const nodes = await tx.run(
      `MATCH (n) WHERE (n:Actor OR n:Initiative OR n:Territory) AND n.id STARTS WITH $prefix
       RETURN n.id AS id, labels(n)[0] AS label, coalesce(n.kind, n.level) AS kind, n.name AS name`,
      { prefix },
    );
    const links = await tx.run(
      `MATCH (a)-[r]->(b) WHERE a.id STARTS WITH $prefix AND b.id STARTS WITH $prefix AND type(r) IN $types
       RETURN type(r) AS type, r.kind AS kind, r.sourceIds AS sourceIds`,
      { prefix, types: [...RELATIONSHIP_TYPES] },
    );
    return {
      nodes: nodes.records.map((record) => ({ id: record.get('id') as string, label: record.get('label') as string, kind: record.get('kind') as string, name: record.get('name') as string })),
      links: links.records.map((record) => ({ type: record.get('type') as string, kind: record.get('kind') as string | null, sourceIds: record.get('sourceIds') as string[] })),
    };
  });
}

const fixtureDir = (folder: string) => sharedFixture(`networks/${folder}`);
const countBy = <T>(items: T[], key: (item: T) => string) => items.reduce<Record<string, number>>((counts, item) => ({ ...counts, [key(item)]: (counts[key(item)] ?? 0) + 1 }), {});

/** Rows of a sheet that have a first cell, counted with exceljs itself, apart from this project's reader. */
async function sheetRows(file: string, sheetName: string): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  const rows: string[][] = [];
  workbook.getWorksheet(sheetName)!.eachRow((row, number) => {
    if (number > 1 && row.getCell(1).text.trim()) rows.push((row.values as unknown[]).slice(1).map((value) => (value == null ? '' : String((value as { text?: string }).text ?? value))));
  });
  return rows;
}

const csvRecords = (file: string) => parse(readFileSync(file), { columns: true, bom: true, skip_empty_lines: true }) as Record<string, string>[];
const xmlCount = (file: string, tag: string) => (readFileSync(file, 'utf8').match(new RegExp(`<${tag}[\\s>]`, 'g')) ?? []).length;
/** Edges whose source and target attributes are the same node: links here join two different nodes, so they are left out. */
const endOf = (tag: string, end: string) => new RegExp(`\\b${end}=(?:"([^"]*)"|'([^']*)')`).exec(tag)?.slice(1).find((value) => value !== undefined);
const selfLoops = (file: string) =>
  [...readFileSync(file, 'utf8').matchAll(/<edge\b(?:[^>"']|"[^"]*"|'[^']*')*>/g)].filter(([tag]) => endOf(tag, 'source') !== undefined && endOf(tag, 'source') === endOf(tag, 'target')).length;

describe('npm run import of network files as their tools write them (../shared/fixtures/networks/)', () => {
  it('kumu/paypal-mafia.xlsx: every element and connection, people as PERSON, unknown connection types as RELATED_TO', async () => {
    const prefix = `${uniqueId('kumu')}-`;
    const file = sharedFixture('networks/kumu/paypal-mafia.xlsx');
    const elements = await sheetRows(file, 'Elements');
    const connections = await sheetRows(file, 'Connections');
    const result = await cli(['paypal-mafia.xlsx', '--id-prefix', prefix], fixtureDir('kumu'));
    expect(result.stderr).not.toMatch(/import failed/);
    expect(result.code).toBe(0);
    const graph = await graphUnder(prefix);
    expect(graph.nodes).toHaveLength(elements.length);
    expect(graph.links).toHaveLength(connections.length);
    // The fixtures' README: 17 Person and 17 Company elements; 40 Employee/Founder and 9 Investor connections.
    expect(countBy(graph.nodes, (node) => node.kind)).toEqual({ PERSON: 17, PRIVATE_FIRM: 17 });
    expect(countBy(graph.links, (link) => `${link.type} ${link.kind ?? ''}`.trim())).toEqual({ 'RELATED_TO Employee/Founder': 40, FUNDS: 9 });
    expect(result.stdout).toMatch(/"Employee\/Founder" \(40 connections\) is no type the mapping knows; imported as RELATED_TO/);
    const [source] = new Set(graph.links.flatMap((link) => link.sourceIds));
    expect(source).toMatch(/^file:[0-9a-f]{16}$/);
    expect(graph.links.every((link) => link.sourceIds.length === 1 && link.sourceIds[0] === source)).toBe(true);
  });

  it('kumu/kumu-changelabs-template.json: elements and connections by Kumu id', async () => {
    const prefix = `${uniqueId('kumujson')}-`;
    const document = JSON.parse(readFileSync(sharedFixture('networks/kumu/kumu-changelabs-template.json'), 'utf8')) as { elements: unknown[]; connections: unknown[] };
    const result = await cli(['kumu-changelabs-template.json', '--id-prefix', prefix], fixtureDir('kumu'));
    expect(result.code).toBe(0);
    const graph = await graphUnder(prefix);
    expect(graph.nodes).toHaveLength(document.elements.length);
    expect(graph.links).toHaveLength(document.connections.length);
  });

  it('kumu/ukpn-entities.csv with ukpn-connections.csv: connections by label, untyped ones as RELATED_TO', async () => {
    const prefix = `${uniqueId('ukpn')}-`;
    const entities = csvRecords(sharedFixture('networks/kumu/ukpn-entities.csv'));
    const connections = csvRecords(sharedFixture('networks/kumu/ukpn-connections.csv'));
    const result = await cli(['ukpn-entities.csv', 'ukpn-connections.csv', '--id-prefix', prefix], fixtureDir('kumu'));
    expect(result.code).toBe(0);
    const graph = await graphUnder(prefix);
    expect(graph.nodes).toHaveLength(entities.length);
    expect(graph.links).toHaveLength(connections.length);
    expect(new Set(graph.links.map((link) => link.type))).toEqual(new Set(['RELATED_TO']));
  });

  it('gephi/m2gsi-chafea.gexf: as Gephi 0.10 wrote it', async () => {
    const prefix = `${uniqueId('gexf')}-`;
    const file = sharedFixture('networks/gephi/m2gsi-chafea.gexf');
    const result = await cli(['m2gsi-chafea.gexf', '--id-prefix', prefix], fixtureDir('gephi'));
    expect(result.code).toBe(0);
    const graph = await graphUnder(prefix);
    expect(graph.nodes).toHaveLength(xmlCount(file, 'node'));
    expect(graph.links).toHaveLength(xmlCount(file, 'edge') - selfLoops(file));
  });

  it('graphml/etcgroups-networks.graphml: typed keys, names from the name key, Collaborates with as PARTNERS_WITH', async () => {
    const prefix = `${uniqueId('graphml')}-`;
    const file = sharedFixture('networks/graphml/etcgroups-networks.graphml');
    const result = await cli(['etcgroups-networks.graphml', '--id-prefix', prefix], fixtureDir('graphml'));
    expect(result.code).toBe(0);
    const graph = await graphUnder(prefix);
    expect(selfLoops(file)).toBe(4);
    expect(result.stdout).toContain('4 connections join an element to itself');
    expect(graph.nodes).toHaveLength(xmlCount(file, 'node'));
    expect(graph.links).toHaveLength(xmlCount(file, 'edge') - selfLoops(file));
    expect(graph.nodes.map((node) => node.name)).toContain('European Network Against Arms Trade');
    expect(graph.links.map((link) => link.type)).toContain('PARTNERS_WITH');
  });

  it.each(readdirSync(path.dirname(sharedFixture('networks/gephi/exporter-test-tables/single.csv'))).filter((name) => name.endsWith('.csv')))(
    'gephi/exporter-test-tables/%s: a Data Laboratory table on its own',
    async (name) => {
      const prefix = `${uniqueId('gephi')}-`;
      const records = csvRecords(sharedFixture(`networks/gephi/exporter-test-tables/${name}`));
      const result = await cli([name, '--id-prefix', prefix], fixtureDir('gephi/exporter-test-tables'));
      expect(result.stderr).not.toMatch(/import failed/);
      expect(result.code).toBe(0);
      const graph = await graphUnder(prefix);
      if ('Source' in records[0]) {
        const ends = new Set(records.flatMap((record) => [record.Source, record.Target]));
        expect(graph.nodes).toHaveLength(ends.size);
        expect(graph.links).toHaveLength(records.length);
      } else {
        expect(graph.nodes).toHaveLength(records.length);
        expect(graph.links).toHaveLength(0);
      }
    },
  );
});

describe("the issue's spreadsheet, and bad files", () => {
  const elements = (prefix: string) =>
    `Label,Type,Description,Tags\n${prefix}Réseau Alpha,Organization,Un réseau ESS,ess|réseau\n${prefix}Coopérative Beta,Cooperative,,\n${prefix}Mairie Gamma,Government,,\n`;

  it('imports 3 actors and 2 links, each citing its file as the source; the second run changes nothing', async () => {
    const prefix = uniqueId('sheet');
    const dir = tempDir({
      'elements.csv': elements(prefix),
      'connections.csv': `From,To,Type,Description\n${prefix}Réseau Alpha,${prefix}Coopérative Beta,Partnership,Accord 2021\n${prefix}Mairie Gamma,${prefix}Coopérative Beta,Funding,\n`,
    });
    const first = await cli(['elements.csv', 'connections.csv'], dir);
    expect(first.stdout).not.toContain('Bad rows');
    expect(first.code).toBe(0);
    const graph = await graphUnder(prefix.toLowerCase());
    expect(graph.nodes.map((node) => [node.name, node.kind]).sort()).toEqual([
      [`${prefix}Coopérative Beta`, 'COOPERATIVE'],
      [`${prefix}Mairie Gamma`, 'PUBLIC_AUTHORITY'],
      [`${prefix}Réseau Alpha`, 'OTHER'],
    ]);
    expect(graph.links.map((link) => link.type).sort()).toEqual(['FUNDS', 'PARTNERS_WITH']);
    const sources = await test.db.read(async (tx) =>
      (await tx.run(`MATCH (s:Source) WHERE s.id IN $ids RETURN s.title AS title, s.checksum AS checksum`, { ids: graph.links.flatMap((link) => link.sourceIds) })).records.map((record) => record.get('title')),
    );
    expect(sources).toEqual(['connections.csv']);
    const second = await cli(['elements.csv', 'connections.csv'], dir);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/^total\s+0\s+0\s+\d+\s+0$/m);
  });

  it('refuses a connection to a label that exists nowhere, with its line, and writes nothing', async () => {
    const prefix = uniqueId('nowhere');
    const dir = tempDir({ 'elements.csv': elements(prefix), 'connections.csv': `From,To,Type\n${prefix}Réseau Alpha,${prefix}Nobody,Partnership\n` });
    const result = await cli(['elements.csv', 'connections.csv'], dir);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`connections.csv line 2  To: "${prefix}Nobody" is no element's label or ID in elements.csv, connections.csv, nor the id of a node in the database`);
    expect((await graphUnder(prefix.toLowerCase())).nodes).toEqual([]);
  });

  it('stops, naming the file and why, on a GEXF that is not XML, a damaged workbook and a workbook without an Elements sheet', async () => {
    const workbook = new ExcelJS.Workbook();
    const connectionsOnly = workbook.addWorksheet('Connections');
    connectionsOnly.addRow(['From', 'To']);
    connectionsOnly.addRow(['Alpha', 'Beta']);
    const noElements = Buffer.from(await workbook.xlsx.writeBuffer());
    const good = readFileSync(sharedFixture('networks/kumu/paypal-mafia.xlsx'));
    const damaged = Buffer.from(good);
    damaged.fill(0x41, Math.floor(good.length / 3), Math.floor(good.length / 3) + 200);
    const dir = tempDir({ 'broken.gexf': 'this is not <xml', 'damaged.xlsx': damaged, 'no-elements.xlsx': noElements });
    for (const [name, reason] of [
      ['broken.gexf', /^import failed: broken\.gexf.*XML/m],
      ['damaged.xlsx', /^import failed: damaged\.xlsx.*not a readable \.xlsx workbook/m],
      ['no-elements.xlsx', /^import failed: no-elements\.xlsx.*Elements/m],
    ] as const) {
      const result = await cli([name], dir);
      expect({ name, code: result.code, stderr: result.stderr }).toMatchObject({ name, code: 1 });
      expect(result.stderr).toMatch(reason);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('refuses a bad --map with exit code 2, naming the entry', async () => {
    const dir = tempDir({ 'elements.csv': elements('x'), 'types.json': JSON.stringify({ elements: { Organization: { label: 'Actor', kind: 'ROBOT' } } }) });
    const result = await cli(['elements.csv', '--map', 'types.json'], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--map types\.json: elements\.Organization\.kind: must be one of/);
  });
});

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Workbook } from 'exceljs';
import { parse as parseCsv } from 'csv-parse/sync';
import { isNetworkJson, networkCsvTableKind, readNetworkFile } from '../../src/import/network/readers';
import { readKumuWorkbook } from '../../src/import/network/readers/kumu-workbook.reader';
import { readGexf } from '../../src/import/network/readers/gexf.reader';
import { readGraphml } from '../../src/import/network/readers/graphml.reader';
import { readNetworkCsv } from '../../src/import/network/readers/network-csv.reader';
import { readCytoscape } from '../../src/import/network/readers/cytoscape.reader';
import { readKumuJson } from '../../src/import/network/readers/kumu-json.reader';
import { NetworkConnection, NetworkElement, NetworkFile, NetworkFileError } from '../../src/import/network/network-file';
import { writeGexf } from '../../src/export/gexf.format';
import { writeGraphml } from '../../src/export/graphml.format';
import { writeCytoscape } from '../../src/export/cytoscape.format';
import { writeEdgesCsv, writeNodesCsv } from '../../src/export/csv.format';
import type { NetworkData } from '../../src/network/network.type';
import { sharedFixture } from '../support/shared-fixtures';

const fixturePath = (relative: string) => sharedFixture(path.join('networks', relative));
const fixture = (relative: string) => readFileSync(fixturePath(relative));
const readFixture = (relative: string) => readNetworkFile(fixture(relative), path.basename(relative));
const bytes = (text: string) => Buffer.from(text, 'utf8');

function countBy<T>(items: readonly T[], key: (item: T) => string | undefined): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) {
    const value = key(item) ?? '(none)';
    counts[value] = (counts[value] ?? 0) + 1;
  }
  return counts;
}

/** What a reader must never lose: the file's name on everything it produced. */
function expectNamed(network: NetworkFile, file: string): void {
  expect(network.file).toBe(file);
  for (const item of [...network.elements, ...network.connections, ...network.problems, ...network.warnings]) expect(item.file).toBe(file);
}

async function readError(read: () => unknown): Promise<NetworkFileError> {
  try {
    await read();
  } catch (error) {
    if (error instanceof NetworkFileError) return error;
    throw error;
  }
  throw new Error('the file was read, though it should not have been');
}

/** A reason shows the user what is wrong with the file, not where the reader's code broke. */
function expectPlainReason(error: NetworkFileError): void {
  expect(error.reason).not.toMatch(/\n|\bat .*\(|node_modules|\/work\/|\.js:\d+/);
}

async function workbookBytes(build: (workbook: Workbook) => void): Promise<Buffer> {
  const workbook = new Workbook();
  build(workbook);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

describe('Kumu import workbook (paypal-mafia.xlsx, Kumu\'s own sample)', () => {
  const file = 'kumu/paypal-mafia.xlsx';
  let network: NetworkFile;
  /** The sheets as exceljs reads them, cell by cell, to count with no reader in between. */
  let sheets: Map<string, string[][]>;

  beforeAll(async () => {
    network = await readFixture(file);
    const workbook = new Workbook();
    await workbook.xlsx.load(fixture(file) as unknown as Parameters<Workbook['xlsx']['load']>[0]);
    sheets = new Map(
      workbook.worksheets.map((sheet) => {
        const rows: string[][] = [];
        sheet.eachRow((row) => rows.push(Array.from({ length: row.cellCount }, (_, index) => String(row.getCell(index + 1).value ?? ''))));
        return [sheet.name, rows];
      }),
    );
  });

  const column = (sheet: string, header: string) => {
    const [headers, ...rows] = sheets.get(sheet)!;
    return rows.map((row) => row[headers.indexOf(header)] ?? '');
  };

  it('reads its 34 elements, 17 people and 17 companies', () => {
    expect(network.format).toBe('kumu-xlsx');
    // The fixtures README: sheet "Elements", 34 rows, types Person 17, Company 17.
    expect(network.elements).toHaveLength(34);
    expect(countBy(network.elements, (element) => element.type)).toEqual({ Person: 17, Company: 17 });
    // And the sheet itself, counted straight from exceljs's cells.
    expect(countBy(network.elements, (element) => element.type)).toEqual(countBy(column('Elements', 'Type'), (type) => type));
    expect(network.elements.map((element) => element.label)).toEqual(column('Elements', 'Label'));
    expectNamed(network, 'paypal-mafia.xlsx');
  });

  it('reads its 49 connections, 40 Employee/Founder and 9 Investor, naming their ends by label', () => {
    // The fixtures README: sheet "Connections", 49 rows, types Employee/Founder 40, Investor 9.
    expect(network.connections).toHaveLength(49);
    expect(countBy(network.connections, (connection) => connection.type)).toEqual({ 'Employee/Founder': 40, Investor: 9 });
    expect(countBy(network.connections, (connection) => connection.type)).toEqual(countBy(column('Connections', 'Type'), (type) => type));
    expect(new Set(network.connections.map((connection) => connection.by))).toEqual(new Set(['label']));
    const labels = new Set(network.elements.map((element) => element.label));
    expect(network.connections.filter((connection) => !labels.has(connection.from) || !labels.has(connection.to))).toEqual([]);
    expect(network.connections.every((connection) => connection.direction === undefined)).toBe(true);
    expect(network.createsMissingEnds).toBe(false);
    expect(network.problems).toEqual([]);
    expect(network.warnings).toEqual([]);
  });

  it('splits Kumu\'s "a|b" tags and keeps every other column under its header', () => {
    const reid = network.elements.find((element) => element.label === 'Reid Hoffman')!;
    expect(reid.tags).toEqual(['PayPal-Mafia', 'VC', 'Tech']);
    expect(reid.location).toBe('sheet Elements, row 11');
    expect(network.elements[0].attributes.Image).toMatch(/^http:\/\/s3\.amazonaws\.com\//);
    expect(network.elements[0].attributes).not.toHaveProperty('Label');
    expect(network.elements[0].attributes).not.toHaveProperty('Tags');
    const tagged = network.connections.filter((connection) => connection.tags);
    expect(tagged.map((connection) => [connection.location, connection.tags])).toEqual([['sheet Connections, row 18', ['Co-Founder']]]);
    // Row 3's Label cell holds an empty string: it is left out, not kept as "".
    expect(network.connections[1]).toMatchObject({ location: 'sheet Connections, row 3', from: 'PayPal', to: 'Peter Thiel', attributes: {} });
  });

  it('locates every row by its sheet and row number', () => {
    expect(network.elements.map((element) => element.location)).toEqual(Array.from({ length: 34 }, (_, index) => `sheet Elements, row ${index + 2}`));
    expect(network.connections.map((connection) => connection.location)).toEqual(
      Array.from({ length: 49 }, (_, index) => `sheet Connections, row ${index + 2}`),
    );
  });
});

describe('Kumu workbooks built here', () => {
  it('keeps numbers, booleans, dates, rich text, hyperlinks and formula results as Excel stored them', async () => {
    const content = await workbookBytes((workbook) => {
      const sheet = workbook.addWorksheet('ELEMENTS');
      sheet.addRow(['Label', 'Element Type', 'Staff', 'Public', 'Founded', 'Updated', 'Motto', 'Website', 'Total', 'Tags']);
      sheet.addRow([
        { richText: [{ text: 'Ministère ' }, { text: 'A', font: { bold: true } }] },
        'Public authority',
        1200,
        true,
        new Date(Date.UTC(1961, 0, 15)),
        new Date(Date.UTC(2024, 4, 2, 13, 30)),
        { richText: [{ text: 'Servir' }] },
        { text: 'gov.example', hyperlink: 'https://gov.example' },
        { formula: 'C2*2', result: 2400 },
        ' national | public ',
      ]);
      sheet.addRow([]);
      sheet.addRow(['NGO B', 'NGO']);
    });
    const network = await readKumuWorkbook(content, 'built.xlsx');
    expect(network.elements).toEqual([
      {
        file: 'built.xlsx',
        location: 'sheet ELEMENTS, row 2',
        label: 'Ministère A',
        type: 'Public authority',
        tags: ['national', 'public'],
        attributes: {
          Staff: 1200,
          Public: true,
          Founded: '1961-01-15',
          Updated: '2024-05-02T13:30:00.000Z',
          Motto: 'Servir',
          Website: 'gov.example',
          Total: 2400,
        },
      },
      // The empty row 3 is skipped; the row after it keeps its own number.
      { file: 'built.xlsx', location: 'sheet ELEMENTS, row 4', label: 'NGO B', type: 'NGO', attributes: {} },
    ]);
    expect(network.connections).toEqual([]);
  });

  it('skips sheets whose name says "(ignore)", as Kumu does, and tells the others by their header', async () => {
    const content = await workbookBytes((workbook) => {
      const notes = workbook.addWorksheet('(ignore) notes');
      notes.addRow(['From', 'To']);
      notes.addRow(['Nobody', 'Nowhere']);
      const ignoredElements = workbook.addWorksheet('Elements (IGNORE)');
      ignoredElements.addRow(['Label']);
      ignoredElements.addRow(['Draft']);
      const elements = workbook.addWorksheet('elements');
      elements.addRow(['Label', 'Type']);
      elements.addRow(['A', 'Person']);
      elements.addRow(['B', 'Company']);
      workbook.addWorksheet('Sheet3');
      const connections = workbook.addWorksheet('Links');
      connections.addRow(['From', 'To', 'Connection Type', 'Direction']);
      connections.addRow(['A', 'B', 'Founder', 'Mutual']);
    });
    const network = await readKumuWorkbook(content, 'ignore.xlsx');
    expect(network.elements.map((element) => [element.label, element.location])).toEqual([
      ['A', 'sheet elements, row 2'],
      ['B', 'sheet elements, row 3'],
    ]);
    expect(network.connections).toEqual([
      { file: 'ignore.xlsx', location: 'sheet Links, row 2', from: 'A', to: 'B', by: 'label', type: 'Founder', direction: 'mutual', attributes: {} },
    ]);
  });

  it('reads elements spread over several sheets, and warns about a label two of them share', async () => {
    const content = await workbookBytes((workbook) => {
      const people = workbook.addWorksheet('People');
      people.addRow(['Label', 'Type', 'Role']);
      people.addRow(['Ada', 'Person', 'Chair']);
      const organisations = workbook.addWorksheet('Organisations');
      organisations.addRow(['ID', 'Label', 'Type']);
      organisations.addRow(['org-1', 'Ada', 'Company']);
      organisations.addRow(['org-2', '', 'Company']);
      const connections = workbook.addWorksheet('Connections');
      connections.addRow(['From', 'To']);
      connections.addRow(['Ada', 'org-1']);
    });
    const network = await readKumuWorkbook(content, 'sheets.xlsx');
    expect(network.elements.map((element) => [element.location, element.id, element.label, element.type])).toEqual([
      ['sheet People, row 2', undefined, 'Ada', 'Person'],
      ['sheet Organisations, row 2', 'org-1', 'Ada', 'Company'],
      ['sheet Organisations, row 3', 'org-2', undefined, 'Company'],
    ]);
    expect(network.connections.map((connection) => [connection.from, connection.to, connection.by])).toEqual([['Ada', 'org-1', 'label']]);
    expect(network.warnings).toEqual([
      {
        file: 'sheets.xlsx',
        location: 'sheet Organisations, row 2',
        field: 'Label',
        reason: 'label "Ada" is also on sheet People, row 2; connections that name it by label are ambiguous',
      },
      { file: 'sheets.xlsx', location: 'sheet Organisations, row 3', field: 'Label', reason: 'is empty: the element has no label' },
    ]);
  });

  it('refuses a workbook without an Elements sheet, saying which sheets it has', async () => {
    const content = await workbookBytes((workbook) => {
      workbook.addWorksheet('Connections').addRow(['From', 'To']);
      workbook.addWorksheet('Elements (ignore)').addRow(['Label']);
    });
    const error = await readError(() => readKumuWorkbook(content, 'no-elements.xlsx'));
    expect(error.file).toBe('no-elements.xlsx');
    expect(error.reason).toBe(
      'has no "Elements" sheet: Kumu reads elements from a sheet whose first row has a Label column (its sheets: "Connections", "Elements (ignore)")',
    );
  });

  it('refuses a sheet that holds neither elements nor connections, as Kumu does, unless it is ignored', async () => {
    const content = await workbookBytes((workbook) => {
      workbook.addWorksheet('Elements').addRow(['Label']);
      workbook.addWorksheet('Notes').addRow(['Source label', 'Target label']);
    });
    const error = await readError(() => readKumuWorkbook(content, 'notes.xlsx'));
    expect(error).toMatchObject({ location: 'sheet Notes', reason: expect.stringMatching(/^holds neither elements .* add "\(ignore\)" to its name/) });
  });

  it('refuses a damaged workbook with a plain reason', async () => {
    const damaged = Buffer.from(fixture('kumu/paypal-mafia.xlsx'));
    const middle = Math.floor(damaged.length / 2);
    damaged.fill(0xff, middle, middle + 64);
    const error = await readError(() => readNetworkFile(damaged, 'damaged.xlsx'));
    expect(error.file).toBe('damaged.xlsx');
    expect(error.reason).toMatch(/^is not a readable \.xlsx workbook \(.+\)$/);
    expectPlainReason(error);
  });

  it('refuses a file that is no zip at all', async () => {
    const error = await readError(() => readNetworkFile(bytes('Label,Type\nA,B\n'), 'renamed.xlsx'));
    expect(error.reason).toMatch(/^is not a readable \.xlsx workbook \(.*central directory.*\)$/);
    expect(error.reason).not.toMatch(/https?:/);
  });
});

describe('Kumu JSON export (kumu-changelabs-template.json)', () => {
  const file = 'kumu/kumu-changelabs-template.json';
  let network: NetworkFile;
  let document: { elements: { _id: string }[]; connections: { _id: string; from: string; to: string }[] };

  beforeAll(async () => {
    network = await readFixture(file);
    document = JSON.parse(fixture(file).toString('utf8'));
  });

  it('reads its 10 elements and 11 connections, the connections naming elements by _id', () => {
    expect(network.format).toBe('kumu-json');
    // The fixtures README: 10 elements, 11 connections; and the document itself.
    expect(network.elements).toHaveLength(10);
    expect(network.connections).toHaveLength(11);
    expect(network.elements.map((element) => element.id)).toEqual(document.elements.map((element) => element._id));
    expect(network.connections.map((connection) => [connection.id, connection.from, connection.to])).toEqual(
      document.connections.map((connection) => [connection._id, connection.from, connection.to]),
    );
    expect(new Set(network.connections.map((connection) => connection.by))).toEqual(new Set(['id']));
    const ids = new Set(network.elements.map((element) => element.id));
    expect(network.connections.every((connection) => ids.has(connection.from) && ids.has(connection.to))).toBe(true);
    expect(network.connections.every((connection) => connection.direction === 'directed')).toBe(true);
    expect(network.elements.map((element) => element.location)).toEqual(Array.from({ length: 10 }, (_, index) => `/elements/${index}`));
    expect(network.problems).toEqual([]);
    expectNamed(network, 'kumu-changelabs-template.json');
  });

  it('takes "element type" and "connection type" as types and keeps the other attributes', () => {
    expect(network.elements[0]).toEqual({
      file: 'kumu-changelabs-template.json',
      location: '/elements/0',
      id: 'elem-6WdXO7R5',
      label: 'Interviewee C',
      type: 'Interviewee',
      attributes: {},
    });
    // Stakeholder A's description and motivations are "" in the file: left out.
    expect(network.elements.find((element) => element.label === 'Stakeholder A')?.attributes).toEqual({});
    expect(network.elements.find((element) => element.label === 'Phenomenon B')?.attributes).toEqual({
      'type of leverage': '1. The paradigm or mindset of the system',
    });
    expect(network.connections[0]).toMatchObject({ id: 'conn-3FYGqEnD', attributes: { 'value flows': 'Funding', 'power score': '8' } });
    expect(network.connections[0].type).toBeUndefined();
    expect(countBy(network.connections, (connection) => connection.type)).toEqual({ '+': 3, '-': 2, '(none)': 6 });
  });
});

describe('Kumu CSV tables (ukpn-entities.csv, ukpn-connections.csv)', () => {
  const recordsOf = (relative: string) => parseCsv(fixture(relative), { columns: true, bom: true }) as Record<string, string>[];

  it('reads 24 elements with their labels and types', async () => {
    const network = await readFixture('kumu/ukpn-entities.csv');
    const records = recordsOf('kumu/ukpn-entities.csv');
    expect(network.format).toBe('kumu-csv');
    expect(network.elements).toHaveLength(24);
    expect(network.elements.map((element) => [element.label, element.type])).toEqual(records.map((record) => [record.Label, record.Type]));
    expect(network.elements[0]).toEqual({ file: 'ukpn-entities.csv', location: 'line 2', label: 'Asset', type: 'Domain', attributes: {} });
    expect(network.elements.at(-1)?.location).toBe('line 25');
    expect(network.connections).toEqual([]);
    expect(network.warnings).toEqual([]);
  });

  it('reads 22 connections by label, with no type and no direction', async () => {
    const network = await readFixture('kumu/ukpn-connections.csv');
    const records = recordsOf('kumu/ukpn-connections.csv');
    expect(network.connections).toHaveLength(22);
    expect(network.connections.map((connection) => [connection.from, connection.to])).toEqual(records.map((record) => [record.From, record.To]));
    for (const connection of network.connections) {
      expect(connection.by).toBe('label');
      expect(connection.type).toBeUndefined();
      expect(connection.direction).toBeUndefined();
      expect(connection.attributes).toEqual({});
    }
    expect(network.createsMissingEnds).toBe(false);
    const elements = await readFixture('kumu/ukpn-entities.csv');
    const labels = new Set(elements.elements.map((element) => element.label));
    expect(network.connections.every((connection) => labels.has(connection.from) && labels.has(connection.to))).toBe(true);
  });
});

describe('Kumu CSV defects', () => {
  it('reports a broken quote at the line its record starts on, and reads the rows before it', () => {
    const network = readNetworkCsv(bytes('Label,Type\r\nA,Person\r\n"B,Company\r\nC,Company\r\n'), 'broken.csv');
    expect(network.elements.map((element) => element.label)).toEqual(['A']);
    expect(network.problems).toEqual([
      { file: 'broken.csv', location: 'line 3', field: '', reason: 'opens a quoted cell that is never closed, so the file cannot be read from this line on' },
    ]);
  });

  it('reports a connection without From or To under the column\'s own name', () => {
    const network = readNetworkCsv(bytes('\uFEFFFrom;To;Type;Direction\nA;;Founder;\n;B;;\nA;B;;sideways\nA;B;;Undirected\n'), 'semicolons.csv');
    expect(network.problems).toEqual([
      { file: 'semicolons.csv', location: 'line 2', field: 'To', reason: 'is empty: a connection needs the element it points to' },
      { file: 'semicolons.csv', location: 'line 3', field: 'From', reason: 'is empty: a connection needs the element it starts at' },
      { file: 'semicolons.csv', location: 'line 4', field: 'Direction', reason: 'is "sideways": Kumu\'s directions are directed, undirected and mutual' },
    ]);
    expect(network.connections).toEqual([
      { file: 'semicolons.csv', location: 'line 5', from: 'A', to: 'B', by: 'label', direction: 'undirected', attributes: {} },
    ]);
  });

  it('warns, as Kumu does, about a label two elements share and about an element without label', () => {
    const network = readNetworkCsv(bytes('ID,Label,Type,Notes\nx1,UNDP,Org,"first, with a comma"\nx2,,Org,\nx3,UNDP,Org,\n'), 'labels.csv');
    expect(network.format).toBe('kumu-csv');
    expect(network.elements.map((element) => element.id)).toEqual(['x1', 'x2', 'x3']);
    expect(network.elements[0].attributes).toEqual({ Notes: 'first, with a comma' });
    expect(network.warnings).toEqual([
      { file: 'labels.csv', location: 'line 3', field: 'Label', reason: 'is empty: the element has no label' },
      {
        file: 'labels.csv',
        location: 'line 4',
        field: 'Label',
        reason: 'label "UNDP" is also on line 2; connections that name it by label are ambiguous',
      },
    ]);
  });

  it('draws a connection to each element a From or To cell lists with "|", as Kumu does', () => {
    const network = readNetworkCsv(bytes('ID,From,To,Type\nc1,A,B | C,Funds\nc2,A,D,Funds\n,,,\n'), 'fan-out.csv');
    expect(network.connections.map((connection) => [connection.location, connection.id, connection.from, connection.to, connection.type])).toEqual([
      ['line 2', undefined, 'A', 'B', 'Funds'],
      ['line 2', undefined, 'A', 'C', 'Funds'],
      ['line 3', 'c2', 'A', 'D', 'Funds'],
    ]);
    expect(network.warnings).toEqual([
      {
        file: 'fan-out.csv',
        location: 'line 2',
        field: 'ID',
        reason: 'is left out: From and To list several elements, so the row is 2 connections, which one ID cannot name',
      },
    ]);
    // The empty row ",,," is no connection without ends.
    expect(network.problems).toEqual([]);
  });

  it('counts a record that spans lines from the line it starts on', () => {
    const network = readNetworkCsv(bytes('Label,Description\nA,"two\nlines"\n\nB,x\n'), 'multiline.csv');
    expect(network.elements.map((element) => [element.label, element.location, element.attributes.Description])).toEqual([
      ['A', 'line 2', 'two\nlines'],
      ['B', 'line 5', 'x'],
    ]);
  });

  it('refuses an empty file', async () => {
    const error = await readError(() => readNetworkCsv(bytes('\uFEFF\n\n'), 'empty.csv'));
    expect(error).toMatchObject({ file: 'empty.csv', reason: 'is empty: a CSV file needs a header line' });
  });

  it('tells connections tables from elements tables by their header', () => {
    expect(networkCsvTableKind(['From', 'To', 'Type'])).toBe('connections');
    expect(networkCsvTableKind(['from id', 'TO_ID'])).toBe('connections');
    expect(networkCsvTableKind(['Source', 'Target', 'Type', 'Id', 'Label', 'Weight'])).toBe('connections');
    expect(networkCsvTableKind(['Label', 'Type', 'Description', 'Tags'])).toBe('elements');
    expect(networkCsvTableKind(['Id', 'Label', 'timeset'])).toBe('elements');
    expect(networkCsvTableKind(['Source', 'Label'])).toBe('elements');
  });
});

describe("Gephi's Data Laboratory tables (exporter-test-tables)", () => {
  const folder = 'gephi/exporter-test-tables';

  type Expected = { kind: 'elements'; elements: Partial<NetworkElement>[] } | { kind: 'connections'; connections: Partial<NetworkConnection>[] };

  const EXPECTED: Record<string, Expected> = {
    'int_attribute.csv': {
      kind: 'elements',
      elements: [
        { id: '1', attributes: { age: '10' } },
        { id: '2', attributes: { age: '11' } },
      ],
    },
    'multigraph.csv': {
      kind: 'connections',
      connections: [
        { id: '1', from: '1', to: '2', direction: 'directed', attributes: { Weight: '1' } },
        { id: '2', from: '1', to: '2', direction: 'directed', attributes: { Kind: '1', Weight: '1' } },
      ],
    },
    'quotes.csv': {
      kind: 'connections',
      connections: [{ id: '1', from: '1', to: '2', type: 'str with, and "quotes"', direction: 'directed', attributes: { Weight: '1' } }],
    },
    'single.csv': {
      kind: 'connections',
      connections: [{ id: '1', from: '1', to: '2', direction: 'directed', attributes: { Weight: '1.33' } }],
    },
    'testEdgesTableTypesTest_edges.csv': {
      kind: 'connections',
      connections: [
        { id: '1', from: '1', to: '2', type: '1', direction: 'directed', attributes: { Kind: '8', Weight: '2' } },
        { id: '2', from: '2', to: '1', type: '2.0', direction: 'undirected', attributes: { Kind: '1', Weight: '2' } },
      ],
    },
    'testNodesTableTypesTest_nodes.csv': {
      kind: 'elements',
      elements: [
        {
          id: '1',
          label: '1',
          attributes: {
            timeset: '<[1.0, 5.0]; [10.0, 10.5]; [11.0, 16.0]>',
            int: '6',
            long: '77',
            double: '1',
            boolean: 'false',
            string: 'ab',
            intervallongmap: '<[1.0, 2.0, 1]; [2.0, 3.0, 2]>',
            bigint: '123456789123456789123456789123456789123456789123456789',
          },
        },
        { id: '2', attributes: expect.objectContaining({ int: '77', boolean: 'true', intervallongmap: '<[1.0, 2.0, 1234872492744446]>', bigint: '2' }) },
        { id: '3', attributes: {} },
        { id: '4', attributes: {} },
        { id: '5', label: '5', attributes: expect.objectContaining({ long: '8889848888888888', double: '4.6', bigint: '3' }) },
      ],
    },
    'timestamp.csv': {
      kind: 'elements',
      elements: [
        { id: '1', attributes: { price: '<[2000.0, 3.0]>' } },
        { id: '2', attributes: { price: '<[2000.0, 6.0]>' } },
      ],
    },
    'without_attributes.csv': {
      kind: 'elements',
      elements: [
        { id: '1', attributes: {} },
        { id: '2', attributes: {} },
      ],
    },
  };

  it('has an expectation for every file of the folder', () => {
    expect(readdirSync(fixturePath(folder)).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(Object.entries(EXPECTED))('reads %s', async (name, expected) => {
    const network = await readFixture(`${folder}/${name}`);
    expect(network.format).toBe('gephi-csv');
    expect(network.problems).toEqual([]);
    expectNamed(network, name);
    if (expected.kind === 'elements') {
      expect(network.connections).toEqual([]);
      expect(network.elements).toHaveLength(expected.elements.length);
      network.elements.forEach((element, index) => {
        expect(element).toEqual({ file: name, location: `line ${index + 2}`, ...expected.elements[index] });
      });
      expect(network.createsMissingEnds).toBe(false);
      // Gephi shows an Id where a node has no label; the import is told so.
      expect(network.warnings.map((warning) => warning.location)).toEqual(
        network.elements.filter((element) => element.label === undefined).map((element) => element.location),
      );
    } else {
      expect(network.elements).toEqual([]);
      expect(network.connections).toHaveLength(expected.connections.length);
      network.connections.forEach((connection, index) => {
        expect(connection).toEqual({ file: name, location: `line ${index + 2}`, by: 'id', ...expected.connections[index] });
      });
      // Gephi's spreadsheet importer creates the nodes an edges table names.
      expect(network.createsMissingEnds).toBe(true);
    }
  });

  it('reports a node without Id and an edge without Target', () => {
    const nodes = readNetworkCsv(bytes('Id,Label\n,Nameless\n7,Seven\n'), 'nodes.csv');
    expect(nodes.problems).toEqual([{ file: 'nodes.csv', location: 'line 2', field: 'Id', reason: 'is empty: Gephi names every node by its Id' }]);
    expect(nodes.elements.map((element) => element.id)).toEqual(['7']);
    const edges = readNetworkCsv(bytes('Source,Target,Type\n1,,Directed\n1,2,Both\n'), 'edges.csv');
    expect(edges.problems).toEqual([
      { file: 'edges.csv', location: 'line 2', field: 'Target', reason: 'is empty: a connection needs the element it points to' },
      { file: 'edges.csv', location: 'line 3', field: 'Type', reason: 'is "Both": the Type column of a Gephi edges table says Directed or Undirected' },
    ]);
  });
});

describe('GEXF written by Gephi (m2gsi-chafea.gexf)', () => {
  const file = 'gephi/m2gsi-chafea.gexf';
  let network: NetworkFile;
  beforeAll(async () => {
    network = await readFixture(file);
  });

  it('reads its 278 nodes and 281 directed edges', () => {
    const text = fixture(file).toString('utf8');
    expect(network.format).toBe('gexf');
    // The fixtures README says 278 nodes and 281 directed edges; so does a count of the elements.
    expect(network.elements).toHaveLength(278);
    expect(network.elements).toHaveLength(text.match(/<node /g)!.length);
    expect(network.connections).toHaveLength(281);
    expect(network.connections).toHaveLength(text.match(/<edge /g)!.length);
    expect(network.connections.every((connection) => connection.direction === 'directed' && connection.by === 'id')).toBe(true);
    const ids = new Set(network.elements.map((element) => element.id));
    expect(network.connections.every((connection) => ids.has(connection.from) && ids.has(connection.to))).toBe(true);
    expect(network.problems).toEqual([]);
    expect(network.warnings).toEqual([]);
    expectNamed(network, 'm2gsi-chafea.gexf');
  });

  it('keeps the declared types of attributes and leaves the drawing out', () => {
    const europa = network.elements[0];
    expect(europa).toMatchObject({ id: '63', label: 'Europa.eu', location: 'node 63' });
    expect(europa.attributes).toEqual({
      status: 'DISCOVERED',
      pages_total: 235,
      undirected_degree: 3,
      crawling_status: 'UNCRAWLED',
      indegree: 3,
      outdegree: 0,
      creation_date: 1.67464161475e12,
      indexing_status: 'UNINDEXED',
      crawled: false,
      last_modification_date: 1.67464161475e12,
      pages_crawled: 0,
      name: 'Europa.eu',
    });
    expect(network.elements.some((element) => element.attributes.crawled === true)).toBe(true);
    expect(network.connections[0]).toEqual({
      file: 'm2gsi-chafea.gexf',
      location: 'edge 1>6',
      id: '1>6',
      from: '1',
      to: '6',
      by: 'id',
      direction: 'directed',
      // Its viz:color is drawing, not data.
      attributes: { count: 2244 },
    });
  });
});

describe('GEXF built here', () => {
  const gexf = (graph: string, attributes = '') => `<?xml version="1.0" encoding="UTF-8"?>
<gexf xmlns="http://gexf.net/1.2" version="1.2">
  <graph ${attributes}>
    <attributes class="node"><attribute id="0" title="Type" type="string"/><attribute id="tags" title="Tags" type="liststring"/></attributes>
    <attributes class="edge"><attribute id="since" title="Since" type="integer"/></attributes>
    ${graph}
  </graph>
</gexf>`;

  it('takes an edge label as its type when no attribute says, reads mutual edges and GEXF\'s undirected default', () => {
    const network = readGexf(
      bytes(
        gexf(`<nodes>
        <node id="a" label=" Agency "><attvalues><attvalue for="0" value="Agency"/><attvalue for="tags" value="[public, &quot;a, b&quot;]"/></attvalues></node>
        <node id="b"/>
      </nodes>
      <edges>
        <edge source="a" target="b" label="Funds" weight="2.5"><attvalues><attvalue for="since" value="2019"/></attvalues></edge>
        <edge id="e2" source="b" target="a" type="mutual"/>
        <edge id="e3" source="a" target="ghost" type="directed"/>
      </edges>`),
      ),
      'built.gexf',
    );
    expect(network.elements).toEqual([
      { file: 'built.gexf', location: 'node a', id: 'a', label: 'Agency', type: 'Agency', tags: ['public', 'a, b'], attributes: {} },
      { file: 'built.gexf', location: 'node b', id: 'b', attributes: {} },
    ]);
    expect(network.warnings).toEqual([{ file: 'built.gexf', location: 'node b', field: 'label', reason: 'is empty: the element has no label' }]);
    expect(network.connections).toEqual([
      { file: 'built.gexf', location: 'edge 1', from: 'a', to: 'b', by: 'id', type: 'Funds', direction: 'undirected', attributes: { weight: 2.5, Since: 2019 } },
      { file: 'built.gexf', location: 'edge e2', id: 'e2', from: 'b', to: 'a', by: 'id', direction: 'mutual', attributes: {} },
      // An end the file lacks stays in the connection, for the mapper to report; it is no element.
      { file: 'built.gexf', location: 'edge e3', id: 'e3', from: 'a', to: 'ghost', by: 'id', direction: 'directed', attributes: {} },
    ]);
  });

  it('refuses a file that is not XML, saying where it breaks', async () => {
    const error = await readError(() => readNetworkFile(bytes('Label,Type\nA,B\n'), 'not-xml.gexf'));
    expect(error).toMatchObject({ file: 'not-xml.gexf', location: 'line 1' });
    expect(error.reason).toMatch(/^is not XML: /);
    expectPlainReason(error);
  });

  it('refuses XML that has no graph', async () => {
    const noGraph = await readError(() => readGexf(bytes('<?xml version="1.0"?><gexf version="1.3"><meta/></gexf>'), 'empty.gexf'));
    expect(noGraph.reason).toBe('has no <graph> element');
    const notGexf = await readError(() => readGexf(bytes('<graphml><graph/></graphml>'), 'wrong.gexf'));
    expect(notGexf.reason).toBe('is not GEXF: it has no <gexf> element');
  });

  it('refuses two nodes with one id, in graphology\'s words without its prefix', async () => {
    const error = await readError(() => readGexf(bytes(gexf('<nodes><node id="a"/><node id="a"/></nodes>')), 'twice.gexf'));
    expect(error.reason).toBe('cannot be read: the "a" node already exist in the graph');
  });

  it('refuses two edges with one id, which graphology would merge into one', async () => {
    const error = await readError(() =>
      readGexf(bytes(gexf('<nodes><node id="a"/><node id="b"/></nodes><edges><edge id="x" source="a" target="b"/><edge id="x" source="a" target="b"/></edges>')), 'twice.gexf'),
    );
    expect(error).toMatchObject({ location: 'edge x', reason: 'has the id of another edge: every edge needs its own' });
  });
});

describe('GraphML (etcgroups-networks.graphml, from prefuse)', () => {
  const file = 'graphml/etcgroups-networks.graphml';
  let network: NetworkFile;
  beforeAll(async () => {
    network = await readFixture(file);
  });

  it('reads its 24 nodes, labelled by their name key', () => {
    const text = fixture(file).toString('utf8');
    expect(network.format).toBe('graphml');
    expect(network.elements).toHaveLength(24);
    expect(network.elements.map((element) => element.label)).toEqual([...text.matchAll(/<data key="name">([^<]*)<\/data>/g)].map((match) => match[1].trim()));
    expect(network.elements[0]).toMatchObject({
      id: '0',
      location: 'node 0',
      label: 'European Network Against Arms Trade',
      type: 'Network Group',
      attributes: { nid: 0, acronym: 'ENAAT', country: 'Netherlands', theme: 'food and health' },
    });
    expect(network.elements.every((element) => !('name' in element.attributes) && !('type' in element.attributes))).toBe(true);
    expectNamed(network, 'etcgroups-networks.graphml');
  });

  it('reads its 47 directed edges typed Knows, Collaborates with and Is part of', () => {
    const text = fixture(file).toString('utf8');
    // The fixtures README: 47 edges typed Knows, Collaborates with, Is part of; counted here from the file.
    const typesInFile = countBy([...text.matchAll(/<data key="type">(Knows|Collaborates with|Is part of)<\/data>/g)], (match) => match[1]);
    expect(network.connections).toHaveLength(47);
    expect(countBy(network.connections, (connection) => connection.type)).toEqual(typesInFile);
    expect(Object.keys(typesInFile).sort()).toEqual(['Collaborates with', 'Is part of', 'Knows']);
    expect(network.connections[0]).toEqual({
      file: 'etcgroups-networks.graphml',
      location: 'edge 1',
      from: '0',
      to: '5',
      by: 'id',
      type: 'Collaborates with',
      direction: 'directed',
      attributes: { eid: 0 },
    });
    expect(network.problems).toEqual([]);
  });
});

describe('GraphML built here', () => {
  const graphml = `<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:y="http://www.yworks.com/xml/graphml">
  <key id="k0" for="node" attr.name="Label" attr.type="string"/>
  <key id="d9" for="node" yfiles.type="nodegraphics"/>
  <key id="k1" for="all" attr.name="note" attr.type="string"/>
  <key id="k2" for="node" attr.name="budget" attr.type="long"><default>10</default></key>
  <key id="k3" for="edge" attr.name="confirmed" attr.type="boolean"/>
  <key id="k4" for="node" attr.name="tags" attr.type="string"/>
  <graph edgedefault="directed">
    <node id="a">
      <data key="k0">R&amp;D &lt;lab&gt;</data><data key="k1"><![CDATA[x < y]]></data><data key="k2">123456789123456789123</data>
      <data key="k4">["one","two"]</data><data key="d9"><y:ShapeNode><y:NodeLabel>drawn</y:NodeLabel></y:ShapeNode></data>
    </node>
    <node id="b"><data key="k0">B</data></node>
    <edge source="a" target="b" directed="false"><data key="k3">TRUE</data><data key="k1">on edge</data></edge>
    <edge id="e2" source="b" target="a"/>
  </graph>
</graphml>`;

  it('types values from their keys, applies defaults, reads keys for="all" and per-edge directed="false", leaves yEd graphics out', () => {
    const network = readGraphml(bytes(graphml), 'built.graphml');
    expect(network.elements).toEqual([
      {
        file: 'built.graphml',
        location: 'node a',
        id: 'a',
        label: 'R&D <lab>',
        tags: ['one', 'two'],
        // A long beyond 2^53 stays text, every digit kept.
        attributes: { note: 'x < y', budget: '123456789123456789123' },
      },
      { file: 'built.graphml', location: 'node b', id: 'b', label: 'B', attributes: { budget: 10 } },
    ]);
    expect(network.connections).toEqual([
      { file: 'built.graphml', location: 'edge 1', from: 'a', to: 'b', by: 'id', direction: 'undirected', attributes: { confirmed: true, note: 'on edge' } },
      { file: 'built.graphml', location: 'edge e2', id: 'e2', from: 'b', to: 'a', by: 'id', direction: 'directed', attributes: {} },
    ]);
  });

  it('refuses a file that is not XML and XML without a graph', async () => {
    const notXml = await readError(() => readGraphml(bytes('<graphml><graph></graphml>'), 'broken.graphml'));
    expect(notXml.reason).toMatch(/^is not XML: /);
    const noGraph = await readError(() => readGraphml(bytes('<graphml><key id="k"/></graphml>'), 'no-graph.graphml'));
    expect(noGraph.reason).toBe('has no <graph> element');
  });
});

describe('Cytoscape JSON', () => {
  it('reads elements as one list of groups, and reports an edge without target', () => {
    const document = {
      elements: [
        { group: 'nodes', data: { id: 'n1', name: 'Named in Cytoscape desktop', Type: 'Actor', score: 3, nested: { a: 1 } } },
        { data: { id: 'n2', label: 'Inferred node', tags: ['x', 'y'] } },
        { data: { id: 'e1', source: 'n1', target: 'n2', type: 'FUNDS', weight: 2 } },
        { group: 'edges', data: { id: 'e2', source: 'n1' } },
        { group: 'nodes' },
      ],
    };
    const network = readCytoscape(bytes(JSON.stringify(document)), 'list.json');
    expect(network.elements).toEqual([
      {
        file: 'list.json',
        location: '/elements/0',
        id: 'n1',
        label: 'Named in Cytoscape desktop',
        type: 'Actor',
        attributes: { score: 3, nested: '{"a":1}' },
      },
      { file: 'list.json', location: '/elements/1', id: 'n2', label: 'Inferred node', tags: ['x', 'y'], attributes: {} },
    ]);
    expect(network.connections).toEqual([
      { file: 'list.json', location: '/elements/2', id: 'e1', from: 'n1', to: 'n2', by: 'id', type: 'FUNDS', attributes: { weight: 2 } },
    ]);
    expect(network.problems).toEqual([
      { file: 'list.json', location: '/elements/3', field: 'target', reason: 'is missing: an edge needs the id of the node it points to' },
      { file: 'list.json', location: '/elements/4', field: 'data', reason: 'is missing: Cytoscape keeps the fields of an element in data' },
    ]);
  });
});

describe('JSON detection', () => {
  it('tells Kumu and Cytoscape JSON from this project\'s own import document', async () => {
    const kumu = JSON.parse(fixture('kumu/kumu-changelabs-template.json').toString('utf8'));
    expect(isNetworkJson(kumu)).toBe(true);
    expect(isNetworkJson({ elements: { nodes: [], edges: [] } })).toBe(true);
    expect(isNetworkJson({ elements: [{ group: 'nodes', data: { id: 'a' } }] })).toBe(true);
    expect(isNetworkJson({ elements: [], connections: [] })).toBe(true);
    expect(isNetworkJson({ sources: [], territories: [], actors: [{ id: 'a', name: 'A' }], initiatives: [], relationships: [] })).toBe(false);
    expect(isNetworkJson([])).toBe(false);
    expect(isNetworkJson(null)).toBe(false);
  });

  it('reads a .json file as Kumu or Cytoscape by its content, and refuses one that is neither or not JSON', async () => {
    expect((await readNetworkFile(bytes('{"elements":{"nodes":[{"data":{"id":"a"}}]}}'), 'c.json')).format).toBe('cytoscape');
    expect((await readNetworkFile(bytes('{"elements":[{"_id":"e","attributes":{"label":"E"}}]}'), 'k.json')).format).toBe('kumu-json');
    const neither = await readError(() => readNetworkFile(bytes('{"actors":[]}'), 'own.json'));
    expect(neither.reason).toMatch(/^is neither a Kumu JSON export/);
    const notJson = await readError(() => readKumuJson(bytes('{"elements": ['), 'cut.json'));
    expect(notJson.reason).toMatch(/^is not JSON \(/);
    const noElements = await readError(() => readKumuJson(bytes('{"connections": []}'), 'bare.json'));
    expect(noElements.reason).toMatch(/^has no elements/);
  });

  it('refuses an extension it has no reader for', async () => {
    const error = await readError(() => readNetworkFile(bytes(''), 'network.gml'));
    expect(error.reason).toBe('is not a network file this import reads (.xlsx, .json, .cyjs, .csv, .gexf, .graphml)');
  });
});

describe("round trip with this project's own exports", () => {
  const NETWORK: NetworkData = {
    nodes: [
      { id: 'actor:ministry', label: 'Ministère & "Co"', type: 'Actor', kind: 'PUBLIC_AUTHORITY', tags: ['national', 'public'], attributes: null },
      { id: 'initiative:art', label: 'Initiative ART', type: 'Initiative', kind: 'PROGRAMME', tags: [], attributes: null },
    ],
    edges: [
      {
        id: 'rel:1',
        source: 'actor:ministry',
        target: 'initiative:art',
        type: 'FUNDS',
        properties: { sourceIds: ['src-a', 'src-b'], amount: 1234.5, amountExact: '1234.50', currency: 'EUR' },
      },
    ],
    truncated: false,
  };

  const EXPECTED_NODES = [
    { id: 'actor:ministry', label: 'Ministère & "Co"', type: 'Actor', tags: ['national', 'public'] },
    { id: 'initiative:art', label: 'Initiative ART', type: 'Initiative' },
  ];

  /** The typed formats give back every property under its own name and type. */
  const TYPED_EDGE = { id: 'rel:1', from: 'actor:ministry', to: 'initiative:art', by: 'id', type: 'FUNDS' };
  const TYPED_EDGE_ATTRIBUTES = { sourceIds: ['src-a', 'src-b'], amount: 1234.5, amountExact: '1234.50', currency: 'EUR' };

  function expectNodes(network: NetworkFile, kind: string): void {
    expect(network.elements).toHaveLength(2);
    network.elements.forEach((element, index) => {
      const { tags, ...rest } = EXPECTED_NODES[index];
      expect(element).toMatchObject(rest);
      expect(element.tags).toEqual(tags);
      expect(element.attributes).toEqual({ [kind]: NETWORK.nodes[index].kind });
    });
  }

  it('reads back GEXF', () => {
    const network = readGexf(bytes(writeGexf(NETWORK)), 'export.gexf');
    expectNodes(network, 'kind');
    expect(network.connections).toEqual([{ file: 'export.gexf', location: 'edge rel:1', ...TYPED_EDGE, direction: 'directed', attributes: TYPED_EDGE_ATTRIBUTES }]);
  });

  it('reads back GraphML', () => {
    const network = readGraphml(bytes(writeGraphml(NETWORK)), 'export.graphml');
    expectNodes(network, 'kind');
    expect(network.connections).toEqual([{ file: 'export.graphml', location: 'edge rel:1', ...TYPED_EDGE, direction: 'directed', attributes: TYPED_EDGE_ATTRIBUTES }]);
  });

  it('reads back Cytoscape JSON', async () => {
    const network = await readNetworkFile(bytes(writeCytoscape(NETWORK)), 'export.cyjs');
    expect(network.format).toBe('cytoscape');
    expectNodes(network, 'kind');
    expect(network.connections).toEqual([{ file: 'export.cyjs', location: '/elements/edges/0', ...TYPED_EDGE, attributes: TYPED_EDGE_ATTRIBUTES }]);
  });

  it('reads back the Kumu CSV tables, whose cells are text under Kumu\'s column names', () => {
    const nodes = readNetworkCsv(bytes(writeNodesCsv(NETWORK)), 'nodes.csv');
    expect(nodes.format).toBe('kumu-csv');
    expectNodes(nodes, 'Kind');
    const edges = readNetworkCsv(bytes(writeEdgesCsv(NETWORK)), 'edges.csv');
    expect(edges.format).toBe('kumu-csv');
    // The export's From and To hold element IDs; telling them from labels is the mapper's work.
    expect(edges.connections).toEqual([
      {
        file: 'edges.csv',
        location: 'line 2',
        id: 'rel:1',
        from: 'actor:ministry',
        to: 'initiative:art',
        by: 'label',
        type: 'FUNDS',
        direction: 'directed',
        attributes: { Amount: '1234.50', Currency: 'EUR', Sources: 'src-a|src-b' },
      },
    ]);
  });
});

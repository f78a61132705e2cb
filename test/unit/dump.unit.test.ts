import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import neo4j from 'neo4j-driver';
import { DumpFileWriter } from '../../src/dump/dump.writer';
import { DumpFileError, isDumpFile, readDump } from '../../src/dump/dump.reader';
import { ChecksumError, sidecarDigest, verifyChecksum } from '../../src/dump/checksum';
import { exactIdentifierRows, nodeRow, relationshipRow, storedDifferences, verbatimRow } from '../../src/dump/dump.rows';
import { DUMP_HEADER, DUMP_SECTIONS, inKeyOrder, verbatimRowProblems } from '../../src/dump/dump.format';

/** The dump's file layout, its reader, its checksum and its mapping of stored records to rows; no Neo4j. */

const work = mkdtempSync(path.join(tmpdir(), 'dump-unit-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

const AUDIT = { id: 'e-1', targetId: 'a-1', operation: 'import', by: 'import:x.json', at: '2024-05-01T09:00:00.123Z', seq: 0, changedFields: [], after: '{"id":"a-1"}' };

async function writeDump(file: string, sections: Record<string, string[]>): Promise<void> {
  const writer = new DumpFileWriter(file);
  await writer.ready();
  await writer.begin();
  for (const section of DUMP_SECTIONS) {
    await writer.openSection(section);
    const lines = sections[section] ?? [];
    // Two pages where there are several rows, as the dump writes them.
    await writer.rows(lines.slice(0, 1));
    await writer.rows(lines.slice(1));
    await writer.closeSection();
  }
  await writer.finish();
}

describe('dump file', () => {
  const file = path.join(work, 'graph.json');
  const sources = [
    JSON.stringify({ id: 'doc-1', kind: 'DOCUMENT', title: 'Rapport', createdAt: '2024-05-01T09:00:00.123Z', updatedAt: '2024-05-02T10:00:00Z' }),
    JSON.stringify({ id: 'doc-2', kind: 'DOCUMENT', title: 'Ligne\u2028séparée, "citée"' }),
  ];

  beforeAll(() =>
    writeDump(file, {
      sources,
      actors: [JSON.stringify({ id: 'a-1', name: 'A', kind: 'NGO', createdAt: '2024-05-01T09:00:00.123456789+02:00[Europe/Paris]' })],
      auditEntries: [JSON.stringify(AUDIT), JSON.stringify({ ...AUDIT, id: 'e-2', seq: 1 })],
    }),
  );

  it('is one JSON document in the import format, a record a line, with its sha256 beside it', () => {
    const text = readFileSync(file, 'utf8');
    const document = JSON.parse(text);
    expect(Object.keys(document)).toEqual(['format', 'version', 'sources', 'territories', 'actors', 'initiatives', 'relationships', 'mergeProposals', 'maps', 'auditEntries']);
    expect(document.territories).toEqual([]);
    expect(text.split('\n').slice(0, 6)).toEqual([DUMP_HEADER, '"sources":[', `${sources[0]},`, sources[1], '],', '"territories":[']);
    expect(text.endsWith(']}\n')).toBe(true);
    expect(readFileSync(`${file}.sha256`, 'utf8')).toBe(`${sha256(file)}  graph.json\n`);
    expect(existsSync(`${file}.partial`)).toBe(false);
  });

  it('reads back as rows with their JSON pointers, times set aside, verbatim sections streamed again', async () => {
    expect(await isDumpFile(file)).toBe(true);
    const read = await readDump(file);
    expect(read.problems).toEqual([]);
    expect(read.rows.map((row) => [row.section, row.location, row.value])).toEqual([
      ['sources', '/sources/0', { id: 'doc-1', kind: 'DOCUMENT', title: 'Rapport' }],
      ['sources', '/sources/1', { id: 'doc-2', kind: 'DOCUMENT', title: 'Ligne\u2028séparée, "citée"' }],
      ['actors', '/actors/0', { id: 'a-1', name: 'A', kind: 'NGO' }],
    ]);
    expect(read.restore.stampsAt('/sources/0')).toEqual({ createdAt: '2024-05-01T09:00:00.123Z', updatedAt: '2024-05-02T10:00:00Z' });
    expect(read.restore.stampsAt('/sources/1')).toEqual({ createdAt: null, updatedAt: null });
    expect(read.restore.stampsAt('/actors/0').createdAt).toBe('2024-05-01T09:00:00.123456789+02:00[Europe/Paris]');
    expect(read.restore.counts).toEqual({ mergeProposals: 0, maps: 0, auditEntries: 2 });
    const batches: unknown[][] = [];
    for await (const batch of read.restore.verbatim('auditEntries', 1)) batches.push(batch);
    expect(batches).toEqual([[AUDIT], [{ ...AUDIT, id: 'e-2', seq: 1 }]]);
  });

  it('leaves the previous dump in place when a dump fails', async () => {
    const before = readFileSync(file);
    const writer = new DumpFileWriter(file);
    await writer.ready();
    await writer.begin();
    await writer.abort();
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(existsSync(`${file}.partial`)).toBe(false);
  });

  it('is refused when incomplete, rearranged or of another version, naming the line', async () => {
    const text = readFileSync(file, 'utf8');
    const broken = (name: string, content: string) => {
      const target = path.join(work, name);
      writeFileSync(target, content);
      return readDump(target);
    };
    await expect(broken('cut.json', text.slice(0, text.indexOf('"actors":[')))).rejects.toThrow(/ends inside the territories section|expected "actors":\[/);
    await expect(broken('cut-row.json', text.slice(0, text.lastIndexOf('}')) + '\n')).rejects.toThrow(DumpFileError);
    await expect(broken('comma.json', text.replace(`${sources[1]}\n`, `${sources[1]},\n`))).rejects.toThrow(/line 4 ends with a comma, but sources ends there/);
    await expect(broken('v2.json', text.replace('"version":1', '"version":2'))).rejects.toThrow(/a dump of another version \(2\)/);
    await expect(broken('order.json', text.replace('"territories":[', '"actors":['))).rejects.toThrow(/line 6: expected "territories":\[/);
  });

  it('reports bad times and bad audit entries as bad rows, by JSON pointer', async () => {
    const target = path.join(work, 'bad-rows.json');
    await writeDump(target, {
      sources: [JSON.stringify({ id: 'doc-1', kind: 'DOCUMENT', title: 'R', createdAt: 'hier' })],
      auditEntries: [JSON.stringify({ ...AUDIT, at: 12, extra: true })],
    });
    const read = await readDump(target);
    expect(read.rows).toEqual([]);
    expect(read.problems).toEqual([
      expect.objectContaining({ location: '/sources/0', field: 'createdAt', section: 'sources' }),
      expect.objectContaining({ location: '/auditEntries/0', field: 'at', reason: expect.stringContaining('datetime') }),
      expect.objectContaining({ location: '/auditEntries/0', field: 'extra', reason: 'is not a property of AuditEntry' }),
    ]);
  });
});

describe('dump checksum', () => {
  it('passes a file that matches its sidecar and one without a sidecar', async () => {
    const file = path.join(work, 'plain.json');
    writeFileSync(file, '{}');
    expect(await verifyChecksum(file)).toBe(false);
    writeFileSync(`${file}.sha256`, `${sha256(file).toUpperCase()} *plain.json\n`);
    expect(await verifyChecksum(file)).toBe(true);
  });

  it('refuses a file whose bytes changed, with both digests', async () => {
    const file = path.join(work, 'changed.json');
    writeFileSync(file, '{"a":1}');
    writeFileSync(`${file}.sha256`, `${sha256(file)}  changed.json\n`);
    writeFileSync(file, '{"a":2}');
    await expect(verifyChecksum(file)).rejects.toThrow(ChecksumError);
    await expect(verifyChecksum(file)).rejects.toThrow(/checksum mismatch: changed\.json has sha256 [0-9a-f]{64}, but changed\.json\.sha256 says [0-9a-f]{64}/);
  });

  it('reads sha256sum files: the line for the file, or the only line', () => {
    const hex = 'a'.repeat(64);
    expect(sidecarDigest(`${'b'.repeat(64)}  other.json\n${hex}  graph.json\n`, 'graph.json', 'x.sha256')).toBe(hex);
    expect(sidecarDigest(`${hex}  renamed.json\n`, 'graph.json', 'x.sha256')).toBe(hex);
    expect(() => sidecarDigest('not a checksum', 'graph.json', 'x.sha256')).toThrow(/not a sha256sum file/);
  });
});

describe('stored records as dump rows', () => {
  const stamp = { createdAt: '2024-05-01T09:00:00.123Z', updatedAt: '2024-05-01T09:00:00.123Z' };

  it('gives an actor as its input: the name as given, attributes as an object, derived properties left to the restore', () => {
    const { row, problems } = nodeRow(
      'actors',
      {
        updatedAt: stamp.updatedAt,
        name: 'Handicap Intl & co',
        originalName: 'Handicap <i>Intl</i> &amp; co',
        id: 'a-1',
        aliases: [],
        aliasesText: '',
        attributes: '{"10":1,"9":[true],"b":"x"}',
        kind: 'NGO',
        createdAt: stamp.createdAt,
      },
      [{ key: 'WIKIDATA:Q42', scheme: 'WIKIDATA', value: 'Q42' }, { key: 'IATI:XM-DAC-41114', scheme: 'IATI', value: 'XM-DAC-41114', sourceIds: ['s'] }],
    );
    expect(problems).toEqual([]);
    expect(JSON.stringify(row)).toBe(
      JSON.stringify({
        id: 'a-1',
        aliases: [],
        attributes: { '9': [true], '10': 1, b: 'x' },
        identifiers: [{ scheme: 'IATI', value: 'XM-DAC-41114', sourceIds: ['s'] }, { scheme: 'WIKIDATA', value: 'Q42' }],
        kind: 'NGO',
        name: 'Handicap <i>Intl</i> &amp; co',
        ...stamp,
      }),
    );
  });

  it('gives money as its exact decimal strings, and indicators as inputs', () => {
    const funds = relationshipRow('FUNDS', 'a', 'b', { id: 'f', amountExact: '-0.125', amountValue: -0.125, currency: 'EUR', startDate: '2020', startFirst: '2020-01-01', sourceIds: ['s'] });
    expect(funds).toEqual({ row: { id: 'f', type: 'FUNDS', fromId: 'a', toId: 'b', amount: { amount: '-0.125', currency: 'EUR' }, sourceIds: ['s'], startDate: '2020' }, problems: [] });
    const plan = nodeRow('initiatives', {
      id: 'i',
      name: 'P',
      kind: 'PROJECT',
      budgetExact: '10',
      budgetValue: 10,
      budgetCurrency: 'USD',
      budgetEurExact: '9.5',
      budgetEurValue: 9.5,
      indicatorsJson: JSON.stringify([{ name: 'n', value: 1, unit: null, sourceIds: ['s'], breakdown: [{ name: 'm', value: 0.5, unit: 'u', sourceIds: ['s'], breakdown: [] }] }]),
      indicatorSourceIds: ['s'],
    });
    expect(plan.row).toEqual({
      id: 'i',
      budget: { amount: '10', currency: 'USD', amountEur: '9.5' },
      indicators: [{ name: 'n', value: 1, sourceIds: ['s'], breakdown: [{ name: 'm', value: 0.5, unit: 'u', sourceIds: ['s'] }] }],
      kind: 'PROJECT',
      name: 'P',
    });
  });

  it('names what no import field can carry: integers, temporal values, times that are not datetimes', () => {
    const { problems } = nodeRow('sources', { id: 's', title: 'T', kind: 'DOCUMENT', pages: neo4j.int(3), seen: new neo4j.types.Date(2024, 1, 1) }, [], false);
    expect(problems.map((problem) => problem.property).sort()).toEqual(['createdAt or updatedAt', 'pages', 'seen']);
  });

  it('keeps audit entries and merge proposals property for property, and refuses what it does not know', () => {
    expect(verbatimRow('auditEntries', { ...AUDIT, before: null })).toEqual({ row: inKeyOrder('auditEntries', AUDIT), problems: [] });
    expect(verbatimRow('mergeProposals', { id: 'm', score: neo4j.int(1), colour: 'red' }).problems.map((p) => p.property)).toEqual(['score', 'colour']);
    expect(verbatimRowProblems('mergeProposals', { id: 'm' }).map((p) => `${p.field} ${p.reason}`)).toContain('keepId is missing');
  });

  it('keeps a saved map\'s integers integers: whole JSON numbers out, whole numbers only back in', () => {
    const stored = { id: 'map-1', name: 'Carte', visibility: 'PUBLIC', author: 'k', nodes: '[]', annotations: '[]', createdAt: '2024-05-01T09:00:00Z', updatedAt: '2024-05-01T09:00:00Z' };
    expect(verbatimRow('maps', { ...stored, version: neo4j.int(3), nodeCount: neo4j.int(0) })).toEqual({ row: inKeyOrder('maps', { ...stored, version: 3, nodeCount: 0 }), problems: [] });
    expect(verbatimRow('maps', { ...stored, version: 3, nodeCount: neo4j.int('9007199254740993') }).problems).toEqual([
      { property: 'version', reason: 'is a float, not an integer' },
      { property: 'nodeCount', reason: 'is an integer too large for JSON' },
    ]);
    expect(verbatimRowProblems('maps', { ...stored, version: 1.5 }).map((p) => `${p.field} ${p.reason}`)).toEqual(['version must be a whole number']);
  });

  it('compares what a restore writes with what is stored, types included', () => {
    expect(storedDifferences({ a: 'x', b: [1, 2], c: null }, { id: 'i', a: 'x', b: [1, 2], createdAt: 'now' })).toEqual([]);
    expect(storedDifferences({ a: 1, b: 'y' }, { a: neo4j.int(1), c: true }).map((d) => d.property)).toEqual(['a', 'b', 'c']);
  });

  it('restores identifiers with exactly the sources they list', () => {
    expect(exactIdentifierRows({ identifiers: [{ scheme: 'WIKIDATA', value: 'q42' }, { scheme: 'IATI', value: 'xm-dac-41114', sourceIds: ['s'] }] })).toEqual([
      { key: 'IATI:XM-DAC-41114', scheme: 'IATI', value: 'XM-DAC-41114', sourceIds: ['s'] },
      { key: 'WIKIDATA:Q42', scheme: 'WIKIDATA', value: 'Q42', sourceIds: [] },
    ]);
  });
});

describe('npm run dump, usage', () => {
  const io = () => {
    const out = { stdout: '', stderr: '' };
    return {
      out,
      io: {
        stdout: { write: (text: string) => ((out.stdout += text), true), isTTY: false },
        stderr: { write: (text: string) => ((out.stderr += text), true), isTTY: false },
        env: {},
        cwd: work,
      },
    };
  };

  it('needs --out, and never replaces a file without --force (exit code 2, before any database is opened)', async () => {
    const { main } = await import('../../src/dump/cli');
    const missing = io();
    expect(await main([], missing.io)).toBe(2);
    expect(missing.out.stderr).toContain("required option '--out <file>' not specified");
    writeFileSync(path.join(work, 'taken.json'), 'x');
    const taken = io();
    expect(await main(['--out', 'taken.json'], taken.io)).toBe(2);
    expect(taken.out.stderr).toMatch(/taken\.json exists; use --force to replace it/);
    const folder = io();
    expect(await main(['--out', 'no/such/graph.json'], folder.io)).toBe(2);
    expect(folder.out.stderr).toContain('no such folder');
    expect(await main(['--out', 'x.json', '--page-size', '5'], io().io)).toBe(2);
  });
});

describe('analysis properties in dumps', () => {
  it('are left out of rows and of the comparison with what is stored: a new job computes them again', () => {
    const { nodeRow, storedDifferences } = jest.requireActual('../../src/dump/dump.rows') as typeof import('../../src/dump/dump.rows');
    const stored = { id: 'a1', name: 'Oxfam', originalName: 'Oxfam', kind: 'NGO', m0_pagerank: 0.25, m0_job: 'analysis-1', m1_degree: 3 };
    const { row, problems } = nodeRow('actors', stored);
    expect(problems).toEqual([]);
    expect(Object.keys(row).filter((key) => /^m[01]_/.test(key))).toEqual([]);
    expect(row).toMatchObject({ id: 'a1', name: 'Oxfam', kind: 'NGO' });
    expect(storedDifferences({ name: 'Oxfam', kind: 'NGO' }, { name: 'Oxfam', kind: 'NGO', m0_pagerank: 0.25 })).toEqual([]);
    expect(storedDifferences({ name: 'Oxfam' }, { name: 'Oxfam', kind: 'NGO' })).not.toEqual([]);
  });
});

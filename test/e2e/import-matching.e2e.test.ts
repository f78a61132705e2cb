import { randomInt } from 'node:crypto';
import { gql } from 'graphql-request';
import { startTestServer, TestServer } from '../support/server';
import { uniqueId } from '../support/database';

const IMPORT = gql`
  mutation ($data: JSON!, $dryRun: Boolean, $match: ImportMatchMode) {
    importGraph(data: $data, dryRun: $dryRun, match: $match) {
      written
      sections { section created updated unchanged rejected }
      problems { location field reason }
      warnings { location field reason }
      matches { location rowId name actorId actorName score reasons linked }
    }
  }
`;

interface Match {
  location: string;
  rowId: string | null;
  name: string;
  actorId: string;
  actorName: string;
  score: number;
  reasons: string[];
  linked: boolean;
}

interface Report {
  written: boolean;
  sections: { section: string; created: number; updated: number; unchanged: number; rejected: number }[];
  problems: { location: string; field: string; reason: string }[];
  warnings: { location: string; field: string; reason: string }[];
  matches: Match[];
}

/**
 * Import-time matching (issue G4, item 5): an import row that would create an actor scoring as a
 * likely duplicate of an existing one is reported with its score and evidence; with match LINK it
 * is resolved to that actor only when an identifier agrees, and never on a name alone.
 */
describe('import-time matching over HTTP', () => {
  let server: TestServer;
  const prefix = uniqueId('match');
  // A DAC code no other test uses: publishers give these bare ("91234"), the registry as XM-DAC-91234.
  const dacCode = String(randomInt(90000, 99999));
  const word = prefix.replace(/[^a-z]/g, '').slice(-8) || 'zephyrine';
  const existingName = `Fondation Zéphyr ${word} pour l'Eau`;
  const source = { id: `${prefix}-src`, title: 'Registre de test', kind: 'DATASET' };
  const existing = { id: `${prefix}-existing`, name: existingName, kind: 'NGO', countryCode: 'FR', sourceIds: [source.id], identifiers: [{ scheme: 'IATI', value: `XM-DAC-${dacCode}` }] };

  const importGraph = async (data: object, variables: { dryRun?: boolean; match?: 'REPORT' | 'LINK' } = {}) =>
    (await server.editor.request<{ importGraph: Report }>(IMPORT, { data, ...variables })).importGraph;
  const created = (report: Report, name: string) => report.sections.find((entry) => entry.section === name)!.created;
  const actorExists = (id: string) =>
    server.database.db.read(async (tx) => (await tx.run('MATCH (a:Actor {id: $id}) RETURN count(a) AS n', { id })).records[0].get('n').toNumber() === 1);
  const partnersOf = (id: string) =>
    server.database.db.read(async (tx) =>
      (await tx.run('MATCH (:Actor {id: $id})-[:PARTNERS_WITH]-(b:Actor) RETURN b.id AS id ORDER BY id', { id })).records.map((record) => record.get('id') as string),
    );

  beforeAll(async () => {
    server = await startTestServer();
    const report = await importGraph({ sources: [source], actors: [existing] });
    expect(report.problems).toEqual([]);
    expect(report.written).toBe(true);
  }, 180_000);

  afterAll(async () => {
    await server?.close();
  });

  it('reports a new actor named like the seeds\' UNDP as a likely duplicate of it, and writes nothing in a dry run', async () => {
    const report = await importGraph(
      { sources: [source], actors: [{ id: `${prefix}-undp`, name: 'United Nations Development Programme', kind: 'INTERNATIONAL_ORGANISATION', sourceIds: [source.id] }] },
      { dryRun: true },
    );
    // Other files import actors of the same name into the shared database (the CSV and JSON
    // fixtures' UNDP): the report lists the three best, and those can all be theirs.
    expect(report.matches.length).toBeGreaterThan(0);
    for (const match of report.matches) {
      expect(match).toMatchObject({ location: '/actors/0', rowId: `${prefix}-undp`, name: 'United Nations Development Programme', linked: false });
      expect(match.score).toBeGreaterThanOrEqual(0.6);
      expect(match.reasons[0]).toMatch(/same name/);
    }
    if (!report.matches.some((match) => match.actorId === 'undp')) {
      expect(report.matches).toHaveLength(3);
      for (const match of report.matches) expect(match.actorName).toBe('United Nations Development Programme');
    }
    expect(report.written).toBe(false);
    expect(await actorExists(`${prefix}-undp`)).toBe(false);
  });

  it('by default reports a same-named actor and still creates it as given', async () => {
    const id = `${prefix}-same-name`;
    const report = await importGraph({ sources: [source], actors: [{ id, name: existingName.replace('é', 'e'), kind: 'NGO', countryCode: 'FR', sourceIds: [source.id] }] });
    expect(report.matches).toEqual([expect.objectContaining({ rowId: id, actorId: existing.id, actorName: existingName, linked: false })]);
    expect(report.matches[0].score).toBeGreaterThanOrEqual(0.6);
    expect(report.matches[0].reasons).toEqual(expect.arrayContaining([expect.stringMatching(/^same name/), `same country FR and kind NGO`]));
    expect(created(report, 'actors')).toBe(1);
    expect(await actorExists(id)).toBe(true);
  });

  it('with LINK still creates an actor that matches on its name alone: nothing is merged without an identifier agreeing', async () => {
    const id = `${prefix}-name-only`;
    const report = await importGraph(
      { sources: [source], actors: [{ id, name: existingName, kind: 'NGO', countryCode: 'FR', sourceIds: [source.id] }] },
      { match: 'LINK' },
    );
    expect(report.matches.find((match) => match.actorId === existing.id)).toMatchObject({ rowId: id, linked: false });
    expect(created(report, 'actors')).toBe(1);
    expect(await actorExists(id)).toBe(true);
  });

  describe('a row that gives the existing actor\'s DAC code bare, under another name', () => {
    const row = { id: `${prefix}-bare`, name: `Zephyr ${word} Water Foundation`, kind: 'NGO', orgRef: dacCode, sourceIds: [source.id] };
    const partner = { id: `${prefix}-partner`, name: `Coopérative ${word} des Puits`, kind: 'COOPERATIVE', sourceIds: [source.id] };
    const document = {
      sources: [source],
      actors: [row, partner],
      relationships: [{ type: 'PARTNERS_WITH', fromId: row.id, toId: partner.id, sourceIds: [source.id] }],
    };

    it('is reported with the identifier as evidence, and created, by default', async () => {
      const report = await importGraph(document, { dryRun: true });
      const match = report.matches.find((entry) => entry.actorId === existing.id)!;
      expect(match).toMatchObject({ rowId: row.id, linked: false });
      expect(match.score).toBeGreaterThanOrEqual(0.9);
      expect(match.reasons[0]).toBe(`same identifier IATI XM-DAC-${dacCode}: "${dacCode}" (read as the DAC code XM-DAC-${dacCode}) and "XM-DAC-${dacCode}"`);
      expect(created(report, 'actors')).toBe(2);
    });

    it('with LINK becomes the existing actor, which keeps its name, and the row\'s links move to it', async () => {
      const report = await importGraph(document, { match: 'LINK' });
      expect(report.problems).toEqual([]);
      expect(report.matches.find((entry) => entry.actorId === existing.id)).toMatchObject({ rowId: row.id, linked: true });
      expect(report.warnings).toEqual(
        expect.arrayContaining([expect.objectContaining({ location: '/actors/0', field: 'id', reason: expect.stringMatching(new RegExp(`^linked to existing actor "${existing.id}" \\(--match link\\): score 0\\.9\\d, same identifier`)) })]),
      );
      expect(await actorExists(row.id)).toBe(false);
      expect(await partnersOf(existing.id)).toEqual([partner.id]);
      const name = await server.database.db.read(async (tx) => (await tx.run('MATCH (a:Actor {id: $id}) RETURN a.name AS name', { id: existing.id })).records[0].get('name'));
      expect(name).toBe(existingName);
    });
  });
});

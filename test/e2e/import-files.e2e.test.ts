import { readFileSync } from 'node:fs';
import { gql, GraphQLClient } from 'graphql-request';
import { READER_KEY, startTestServer, TestServer } from '../support/server';
import { uniqueId } from '../support/database';
import { errorOf } from '../support/errors';
import { sharedFixture } from '../support/shared-fixtures';

const IMPORT_FILES = gql`
  mutation ($files: [ImportFileInput!]!, $dryRun: Boolean, $idPrefix: String, $sourceTitle: String, $typeMapping: JSON) {
    importFiles(files: $files, dryRun: $dryRun, idPrefix: $idPrefix, sourceTitle: $sourceTitle, typeMapping: $typeMapping) {
      written
      dryRun
      sections { section created updated unchanged rejected }
      relationshipTypes { type created updated unchanged rejected }
      problems { file location field reason }
      warnings { file location field reason }
    }
  }
`;

interface Report {
  written: boolean;
  dryRun: boolean;
  sections: { section: string; created: number; updated: number; unchanged: number; rejected: number }[];
  relationshipTypes: { type: string; created: number; updated: number; unchanged: number; rejected: number }[];
  problems: { file: string; location: string; field: string; reason: string }[];
  warnings: { file: string; location: string; field: string; reason: string }[];
}

const INTERNALS = /stack|Cypher|MATCH \(|\/work\/|\/tmp\/|governance-graph-upload|node_modules|\.ts:\d|at [A-Za-z.]+ \(/;
const file = (name: string, content: Buffer | string) => ({ name, contentBase64: Buffer.from(content).toString('base64') });
const created = (report: Report, section: string) => report.sections.find((entry) => entry.section === section)?.created;

describe('importFiles over HTTP: the CLI readers for files a client sends', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => server.close());

  const run = (variables: Record<string, unknown>, client: GraphQLClient = server.editor) =>
    client.request<{ importFiles: Report }>(IMPORT_FILES, variables).then((data) => data.importFiles);

  async function actorsUnder(prefix: string): Promise<{ id: string; kind: string; tags: string[] | null }[]> {
    return server.database.db.read(async (tx) =>
      (await tx.run('MATCH (a:Actor) WHERE a.id STARTS WITH $prefix RETURN a.id AS id, a.kind AS kind, a.tags AS tags ORDER BY id', { prefix })).records.map((record) => ({
        id: record.get('id') as string,
        kind: record.get('kind') as string,
        tags: record.get('tags') as string[] | null,
      })),
    );
  }

  it("counts Kumu's own workbook on a dry run, writes nothing, then writes it all on the real run", async () => {
    const prefix = `${uniqueId('upload')}-`;
    const files = [file('paypal-mafia.xlsx', readFileSync(sharedFixture('networks/kumu/paypal-mafia.xlsx')))];
    const dry = await run({ files, dryRun: true, idPrefix: prefix, sourceTitle: 'PayPal Mafia (Kumu sample)' });
    expect(dry).toMatchObject({ written: false, dryRun: true, problems: [] });
    expect(created(dry, 'actors')).toBe(34);
    expect(created(dry, 'relationships')).toBe(49);
    expect(dry.relationshipTypes).toEqual(
      expect.arrayContaining([expect.objectContaining({ type: 'RELATED_TO', created: 40 }), expect.objectContaining({ type: 'FUNDS', created: 9 })]),
    );
    expect(dry.warnings).toContainEqual(expect.objectContaining({ file: 'paypal-mafia.xlsx', field: 'Type', reason: expect.stringContaining('"Employee/Founder" (40 connections)') }));
    expect(await actorsUnder(prefix)).toEqual([]);

    const written = await run({ files, idPrefix: prefix, sourceTitle: 'PayPal Mafia (Kumu sample)' });
    expect(written.written).toBe(true);
    expect(created(written, 'actors')).toBe(34);
    const actors = await actorsUnder(prefix);
    expect(actors).toHaveLength(34);
    expect(actors.filter((actor) => actor.kind === 'PERSON')).toHaveLength(17);
  });

  it('applies a type table given with the request, and refuses a bad one naming its entry', async () => {
    const prefix = `${uniqueId('upmap')}-`;
    const elements = file('elements.csv', 'Label,Type\nAna,Interviewee\nBeta,Organization\n');
    const connections = file('connections.csv', 'From,To,Type\nAna,Beta,Knows\n');
    const report = await run({
      files: [elements, connections],
      idPrefix: prefix,
      typeMapping: { elements: { Interviewee: { label: 'Actor', kind: 'PERSON' } }, connections: { Knows: 'PARTNERS_WITH' } },
    });
    expect(report).toMatchObject({ written: true, problems: [], warnings: [] });
    expect((await actorsUnder(prefix)).map((actor) => actor.kind)).toEqual(['PERSON', 'OTHER']);
    const error = await errorOf(run({ files: [elements], typeMapping: { connections: { Knows: 'LIKES' } } }));
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'typeMapping.connections.Knows' });
  });

  it('refuses an unreadable file with BAD_USER_INPUT naming it, without a server path, and writes nothing', async () => {
    const error = await errorOf(run({ files: [file('broken.gexf', 'this is not <xml')] }));
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'files.broken.gexf', reason: expect.stringContaining('XML') });
    expect(JSON.stringify(error)).not.toMatch(INTERNALS);
    const noName = await errorOf(run({ files: [file('../../etc/passwd', 'x')] }));
    expect(noName.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(JSON.stringify(noName)).not.toMatch(INTERNALS);
  });

  it('reports a connection to a label that exists nowhere as a bad row of its file and line', async () => {
    const prefix = `${uniqueId('upbad')}-`;
    const report = await run({
      files: [file('elements.csv', 'Label,Type\nAlpha,NGO\n'), file('connections.csv', 'From,To,Type\nAlpha,Nobody,Partnership\n')],
      idPrefix: prefix,
    });
    expect(report.written).toBe(false);
    expect(report.problems).toEqual([
      { file: 'connections.csv', location: 'line 2', field: 'To', reason: '"Nobody" is no element\'s label or ID in elements.csv, connections.csv, nor the id of a node in the database' },
    ]);
    expect(await actorsUnder(prefix)).toEqual([]);
  });

  it('needs the editor role', async () => {
    const reader = new GraphQLClient(server.url, { headers: { authorization: `Bearer ${READER_KEY}` } });
    const error = await errorOf(run({ files: [file('elements.csv', 'Label\nA\n')] }, reader));
    expect(error.extensions.code).toBe('FORBIDDEN');
  });
});

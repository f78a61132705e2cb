import { gql, GraphQLClient } from 'graphql-request';
import { READER_KEY, startTestServer, TestServer } from '../support/server';
import { uniqueId } from '../support/database';
import { errorOf, ReturnedError } from '../support/errors';

const IMPORT = gql`
  mutation ($data: JSON!, $dryRun: Boolean, $onError: ImportErrorMode) {
    importGraph(data: $data, dryRun: $dryRun, onError: $onError) {
      written
      dryRun
      sections { section created updated unchanged rejected }
      relationshipTypes { type created updated unchanged rejected }
      problems { location field reason }
      elapsedMs
      rowsPerSecond
    }
  }
`;

interface Count {
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
}

interface ImportReport {
  written: boolean;
  dryRun: boolean;
  sections: (Count & { section: string })[];
  relationshipTypes: (Count & { type: string })[];
  problems: { location: string; field: string; reason: string }[];
  elapsedMs: number;
  rowsPerSecond: number;
}

/** What a client must never see: internals of the server. */
const INTERNALS = /stack|Cypher|MATCH \(|MERGE \(|\/work\/|node_modules|\.ts:\d|at [A-Za-z.]+ \(/;

function section(report: ImportReport, name: string): Count {
  const found = report.sections.find((s) => s.section === name);
  if (!found) throw new Error(`no section ${name} in the report`);
  const { section: _name, ...counts } = found;
  return counts;
}

/** A source, two actors and a PARTNERS_WITH link between them that cites the source. */
function goodDocument(prefix: string) {
  return {
    sources: [{ id: `${prefix}-src`, title: 'Rapport de partenariat', kind: 'DOCUMENT', language: 'fr', date: '2021-05' }],
    actors: [
      { id: `${prefix}-coop`, name: 'Coopérative Import', kind: 'COOPERATIVE', countryCode: 'FR', sourceIds: [`${prefix}-src`] },
      { id: `${prefix}-ngo`, name: 'ONG Import', kind: 'NGO', countryCode: 'BO' },
    ],
    relationships: [
      { type: 'PARTNERS_WITH', fromId: `${prefix}-coop`, toId: `${prefix}-ngo`, startDate: '2019', sourceIds: [`${prefix}-src`] },
    ],
  };
}

/** The good document plus one bad link of each kind, in the relationships section after the good one. */
function mixedDocument(prefix: string) {
  const document = goodDocument(prefix);
  const [coop, ngo, src] = [`${prefix}-coop`, `${prefix}-ngo`, `${prefix}-src`];
  document.relationships.push(
    { type: 'PARTNERS_WITH', fromId: coop, toId: `${prefix}-nobody`, sourceIds: [src] } as never,
    { type: 'LIKES', fromId: coop, toId: ngo, sourceIds: [src] } as never,
    { type: 'PARTNERS_WITH', fromId: ngo, toId: coop, startDate: '2013-13', sourceIds: [src] },
    { type: 'FUNDS', fromId: coop, toId: ngo, amount: { amount: '1e3', currency: 'EUR' }, sourceIds: [src] } as never,
    { type: 'SUPPORTS', fromId: ngo, toId: coop, sourceIds: [`${prefix}-no-such-source`] } as never,
    { type: 'SUPPORTS', fromId: coop, toId: ngo, sourceIds: [] } as never,
  );
  return document;
}

describe('importGraph over HTTP', () => {
  let server: TestServer;
  let reader: GraphQLClient;

  /** Which of these nodes exist, by id; also proves the importer wrote nothing it was told not to. */
  async function existing(ids: string[]): Promise<string[]> {
    return server.database.db.read(async (tx) => {
      const result = await tx.run('MATCH (n) WHERE n.id IN $ids RETURN n.id AS id ORDER BY id', { ids });
      return result.records.map((record) => record.get('id') as string);
    });
  }

  async function linksOf(id: string): Promise<number> {
    return server.database.db.read(async (tx) => {
      const result = await tx.run('MATCH (n {id: $id})-[r]-() WHERE type(r) <> "PART_OF" RETURN count(r) AS c', { id });
      return Number(result.records[0].get('c'));
    });
  }

  function importGraph(client: GraphQLClient, variables: Record<string, unknown>): Promise<ImportReport> {
    return client.request<{ importGraph: ImportReport }>(IMPORT, variables).then((data) => data.importGraph);
  }

  function expectClean(error: ReturnedError): void {
    expect(JSON.stringify(error)).not.toMatch(INTERNALS);
  }

  beforeAll(async () => {
    server = await startTestServer();
    reader = new GraphQLClient(server.url, { headers: { authorization: `Bearer ${READER_KEY}` } });
  });
  afterAll(async () => server.close());

  describe('a good document', () => {
    const prefix = uniqueId('igood');
    let first: ImportReport;

    beforeAll(async () => {
      first = await importGraph(server.editor, { data: goodDocument(prefix) });
    });

    it('writes every row and counts them as created', () => {
      expect(first).toMatchObject({ written: true, dryRun: false, problems: [] });
      expect(first.sections.map((s) => s.section)).toEqual(['sources', 'territories', 'actors', 'initiatives', 'relationships']);
      expect(section(first, 'sources')).toEqual({ created: 1, updated: 0, unchanged: 0, rejected: 0 });
      expect(section(first, 'actors')).toEqual({ created: 2, updated: 0, unchanged: 0, rejected: 0 });
      expect(section(first, 'relationships')).toEqual({ created: 1, updated: 0, unchanged: 0, rejected: 0 });
      expect(first.relationshipTypes).toEqual([{ type: 'PARTNERS_WITH', created: 1, updated: 0, unchanged: 0, rejected: 0 }]);
      expect(first.elapsedMs).toBeGreaterThanOrEqual(0);
      expect(first.rowsPerSecond).toBeGreaterThan(0);
    });

    it('reads back over GraphQL what it wrote', async () => {
      const data = await server.anonymous.request<{ actor: any }>(gql`
        query ($id: ID!) {
          actor(id: $id) {
            id name kind countryCode sourceIds
            relationships { totalCount edges { node { type startDate sourceIds from { id } to { id } } } }
          }
        }
      `, { id: `${prefix}-coop` });
      expect(data.actor).toMatchObject({ id: `${prefix}-coop`, name: 'Coopérative Import', kind: 'COOPERATIVE', countryCode: 'FR', sourceIds: [`${prefix}-src`] });
      expect(data.actor.relationships.totalCount).toBe(1);
      expect(data.actor.relationships.edges[0].node).toEqual({
        type: 'PARTNERS_WITH',
        startDate: '2019',
        sourceIds: [`${prefix}-src`],
        from: { id: `${prefix}-coop` },
        to: { id: `${prefix}-ngo` },
      });
    });

    it('records the writes as an import by the API key that sent them', async () => {
      const data = await server.anonymous.request<{ history: { operation: string; by: string }[] }>(
        gql`query ($id: ID!) { history(id: $id) { operation by } }`,
        { id: `${prefix}-ngo` },
      );
      expect(data.history).toEqual([{ operation: 'import', by: 'importGraph:editor-team' }]);
    });

    it('changes nothing the second time: every row is unchanged', async () => {
      const again = await importGraph(server.editor, { data: goodDocument(prefix) });
      expect(again).toMatchObject({ written: true, problems: [] });
      expect(section(again, 'sources')).toEqual({ created: 0, updated: 0, unchanged: 1, rejected: 0 });
      expect(section(again, 'actors')).toEqual({ created: 0, updated: 0, unchanged: 2, rejected: 0 });
      expect(section(again, 'relationships')).toEqual({ created: 0, updated: 0, unchanged: 1, rejected: 0 });
      expect(await linksOf(`${prefix}-coop`)).toBe(1);
    });
  });

  it('counts on a dry run what the import would do, and writes nothing', async () => {
    const prefix = uniqueId('idry');
    const report = await importGraph(server.editor, { data: goodDocument(prefix), dryRun: true });
    expect(report).toMatchObject({ written: false, dryRun: true, problems: [] });
    expect(section(report, 'actors')).toEqual({ created: 2, updated: 0, unchanged: 0, rejected: 0 });
    expect(section(report, 'relationships')).toEqual({ created: 1, updated: 0, unchanged: 0, rejected: 0 });
    expect(await existing([`${prefix}-src`, `${prefix}-coop`, `${prefix}-ngo`])).toEqual([]);
  });

  it('a dry run reports bad rows too', async () => {
    const prefix = uniqueId('idrybad');
    const report = await importGraph(server.editor, { data: mixedDocument(prefix), dryRun: true, onError: 'SKIP' });
    expect(report.written).toBe(false);
    expect(report.problems.length).toBeGreaterThanOrEqual(6);
    expect(await existing([`${prefix}-src`, `${prefix}-coop`, `${prefix}-ngo`])).toEqual([]);
  });

  it('with onError ABORT, writes nothing and reports every bad row at once, by JSON pointer', async () => {
    const prefix = uniqueId('iabort');
    const report = await importGraph(server.editor, { data: mixedDocument(prefix) });
    expect(report.written).toBe(false);
    expect(report.problems).toEqual([
      { location: '/relationships/1', field: 'toId', reason: `no actor, initiative or territory has id "${prefix}-nobody"` },
      { location: '/relationships/2', field: 'type', reason: expect.stringMatching(/^type must be one of the following values/) },
      { location: '/relationships/3', field: 'startDate', reason: expect.stringMatching(/startDate/) },
      { location: '/relationships/4', field: 'amount.amount', reason: expect.stringMatching(/^amount must be a number or a decimal string .*no exponent/) },
      { location: '/relationships/5', field: 'sourceIds', reason: `unknown source id(s): ${prefix}-no-such-source` },
      { location: '/relationships/6', field: 'sourceIds', reason: 'sourceIds must name at least one source' },
    ]);
    expect(section(report, 'relationships')).toEqual({ created: 0, updated: 0, unchanged: 0, rejected: 6 });
    expect(section(report, 'actors')).toEqual({ created: 0, updated: 0, unchanged: 0, rejected: 0 });
    expect(report.relationshipTypes).toEqual(
      expect.arrayContaining([
        { type: 'LIKES', created: 0, updated: 0, unchanged: 0, rejected: 1 },
        { type: 'PARTNERS_WITH', created: 0, updated: 0, unchanged: 0, rejected: 2 },
      ]),
    );
    expect(JSON.stringify(report)).not.toMatch(INTERNALS);
    expect(await existing([`${prefix}-src`, `${prefix}-coop`, `${prefix}-ngo`])).toEqual([]);
  });

  it('with onError SKIP, writes the good rows only', async () => {
    const prefix = uniqueId('iskip');
    const report = await importGraph(server.editor, { data: mixedDocument(prefix), onError: 'SKIP' });
    expect(report.written).toBe(true);
    expect(report.problems.map((p) => p.location)).toEqual([
      '/relationships/1',
      '/relationships/2',
      '/relationships/3',
      '/relationships/4',
      '/relationships/5',
      '/relationships/6',
    ]);
    expect(section(report, 'sources')).toEqual({ created: 1, updated: 0, unchanged: 0, rejected: 0 });
    expect(section(report, 'actors')).toEqual({ created: 2, updated: 0, unchanged: 0, rejected: 0 });
    expect(section(report, 'relationships')).toEqual({ created: 1, updated: 0, unchanged: 0, rejected: 6 });
    expect(await existing([`${prefix}-src`, `${prefix}-coop`, `${prefix}-ngo`, `${prefix}-nobody`])).toEqual(
      [`${prefix}-coop`, `${prefix}-ngo`, `${prefix}-src`].sort(),
    );
    expect(await linksOf(`${prefix}-coop`)).toBe(1);
  });

  describe('refusals', () => {
    it('refuses a caller without a key (UNAUTHENTICATED) and writes nothing', async () => {
      const prefix = uniqueId('ianon');
      const error = await errorOf(importGraph(server.anonymous, { data: goodDocument(prefix) }));
      expect(error.extensions.code).toBe('UNAUTHENTICATED');
      expectClean(error);
      expect(await existing([`${prefix}-src`, `${prefix}-coop`, `${prefix}-ngo`])).toEqual([]);
    });

    it('refuses a reader key (FORBIDDEN) and writes nothing', async () => {
      const prefix = uniqueId('ireader');
      const error = await errorOf(importGraph(reader, { data: goodDocument(prefix) }));
      expect(error.extensions.code).toBe('FORBIDDEN');
      expectClean(error);
      expect(await existing([`${prefix}-src`, `${prefix}-coop`, `${prefix}-ngo`])).toEqual([]);
    });

    it('refuses more rows than the default cap of 5000, naming data and the CLI, and writes nothing', async () => {
      const prefix = uniqueId('icap');
      const actors = Array.from({ length: 5001 }, (_, i) => ({ id: `${prefix}-${i}`, name: `Actor ${i}`, kind: 'NGO' }));
      const error = await errorOf(importGraph(server.editor, { data: { actors } }));
      expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'data' });
      expect(String(error.extensions.reason)).toMatch(/5001 rows.*at most 5000.*npm run import/);
      expectClean(error);
      expect(await existing([`${prefix}-0`, `${prefix}-5000`])).toEqual([]);
    });

    it('follows IMPORT_MAX_ROWS', async () => {
      const small = await startTestServer({ IMPORT_MAX_ROWS: '3' });
      try {
        const prefix = uniqueId('icapenv');
        const error = await errorOf(importGraph(small.editor, { data: mixedDocument(prefix) }));
        expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'data' });
        expect(String(error.extensions.reason)).toMatch(/10 rows.*at most 3/);
        expect(await existing([`${prefix}-src`, `${prefix}-coop`])).toEqual([]);
        const report = await importGraph(small.editor, {
          data: { sources: goodDocument(prefix).sources, actors: goodDocument(prefix).actors },
        });
        expect(report.written).toBe(true);
      } finally {
        await small.close();
      }
    });

    it.each([
      ['an array', [], 'data'],
      ['a string', 'actors', 'data'],
      ['an unknown section', { actors: [], people: [] }, 'data'],
      ['a section that is not an array', { actors: { id: 'x' } }, 'data/actors'],
    ])('refuses %s as the document with BAD_USER_INPUT', async (_what, data, field) => {
      const error = await errorOf(importGraph(server.editor, { data }));
      expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expectClean(error);
    });

    it('refuses a missing document and an unknown onError mode before running', async () => {
      for (const variables of [{}, { data: null }, { data: {}, onError: 'IGNORE' }]) {
        const error = await errorOf(importGraph(server.editor, variables));
        expect(['BAD_USER_INPUT', 'GRAPHQL_VALIDATION_FAILED']).toContain(error.extensions.code);
        expectClean(error);
      }
    });

    it('reports rows that are not objects as bad rows, without internals', async () => {
      const report = await importGraph(server.editor, { data: { actors: [null, 42, 'x', [1]] } });
      expect(report.written).toBe(false);
      expect(report.problems).toEqual(
        ['/actors/0', '/actors/1', '/actors/2', '/actors/3'].map((location) => ({ location, field: '', reason: 'must be an object' })),
      );
    });
  });
});

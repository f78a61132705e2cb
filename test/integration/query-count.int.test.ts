import { gql } from 'graphql-request';
import { startTestServer, TestServer } from '../support/server';
import { uniqueId } from '../support/database';
import { MIX, Pools, QUERY_NAMES } from '../../bench/mix';

/** Parameters of the bench's mix that find something in the seed graph. */
const SEED_PARAMS: { [K in keyof Pools]: Pools[K][number] } = {
  actorById: { id: 'undp' },
  actorList: { kinds: ['NGO', 'ESS_NETWORK'], countryCode: 'FR' },
  partners: { id: 'undp' },
  fundingChains: { id: 'afd' },
  egoNetwork: { id: 'undp' },
  search: { text: 'COORACE' },
  filteredSorted: { countries: ['FR', 'BO'], fromYear: 2000, toYear: 2030 },
  deepList: { kinds: ['NGO', 'ESS_NETWORK'], countryCode: 'FR' },
};

/**
 * A list resolver must cost a bounded number of Cypher statements whatever the list's length:
 * the nested fields below are served by per-request DataLoaders.
 */
describe('Cypher round trips per request', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
    // Enough actors with links and places that a page of 50 is full of nested work.
    const prefix = uniqueId('qc');
    await server.database.db.write(async (tx) => {
      await tx.run(
        `UNWIND range(1, 60) AS i
         MERGE (a:Actor {id: $prefix + '-' + i}) SET a.name = 'QC ' + i, a.kind = 'NGO', a.createdAt = datetime(), a.updatedAt = datetime()
         WITH a, i
         MATCH (p:Actor {id: 'undp'}), (t:Territory {id: 'bolivia'})
         MERGE (a)-[r:PARTNERS_WITH {id: $prefix + '-p-' + i}]->(p) SET r.sourceIds = ['doc-000']
         MERGE (a)-[s:ACTS_IN {id: $prefix + '-t-' + i}]->(t) SET s.sourceIds = ['doc-000']`,
        { prefix },
      );
    });
  });
  afterAll(async () => server.close());

  async function statementsFor(query: string, variables?: Record<string, unknown>): Promise<number> {
    const before = server.database.db.statementCount;
    await server.anonymous.request(query, variables);
    return server.database.db.statementCount - before;
  }

  it.each(QUERY_NAMES)('the bench mix\'s %s is one statement', async (name) => {
    const request = (MIX[name].api as (params: unknown) => { query: string; variables: Record<string, unknown> })(SEED_PARAMS[name]);
    expect(await statementsFor(request.query, request.variables)).toBe(1);
  });

  it('a list reads the links of its nodes in its own statement, aliased twice, through fragments and variables', async () => {
    const count = await statementsFor(
      gql`
        query Links($types: [RelationshipType!], $first: Int!) {
          actors(first: 50) { totalCount edges { node { ...Links out: relationships(direction: OUT, first: $first) { totalCount } } } }
          initiatives(first: 10) { edges { node { relationships(types: $types) { edges { node { id } } } } } }
        }
        fragment Links on Actor { relationships(types: $types, first: $first) { aggregate { count } edges { node { id } } } }
      `,
      { types: ['PARTNERS_WITH', 'FUNDS'], first: 3 },
    );
    expect(count).toBe(2);
  });

  it.each([5, 50])('actors(first: %i) { relationships { from to } territories initiatives sources } is one statement', async (first) => {
    const count = await statementsFor(gql`{
      actors(first: ${first}) { edges { node {
        relationships { edges { node { from { name } to { name } } } }
        territories { name } places: territories { id } initiatives { name } sources { id title }
      } } }
    }`);
    expect(count).toBe(1);
  });

  it('initiatives read their territories and sources in their own statement', async () => {
    expect(await statementsFor(gql`{ initiatives(first: 50) { edges { node { name territories { name } sources { id } } } } }`)).toBe(1);
  });

  it.each([5, 50])("actors(first: %i) with their links' sources and endpoints' territories is one statement", async (first) => {
    const count = await statementsFor(gql`{
      actors(first: ${first}) { totalCount edges { node {
        territories { name } sources { id }
        relationships { edges { node { type sources { id title } from { name ... on Actor { territories { id } } } to { name ... on Actor { territories { id } } ... on Initiative { territories { id } } } } } }
      } } }
    }`);
    expect(count).toBe(1);
  });

  it('a nested list not read ahead adds one statement, not one per actor', async () => {
    const count = await statementsFor(gql`{
      actors(first: 50) { totalCount edges { node {
        relationships { edges { node { type from { name } to { name ... on Actor { initiatives { id } } } sources { id } } } }
        territories { name }
        fundingReceived { id }
      } } }
    }`);
    // The list with its links, their sources, their endpoints' initiatives and its territories, then fundingReceived.
    expect(count).toBe(2);
  });

  it('the same nested query costs the same for 5 and for 50 actors', async () => {
    const query = (n: number) => gql`{ actors(first: ${n}) { edges { node { relationships { edges { node { from { name } to { name } } } } territories { name } initiatives { name } } } } }`;
    expect(await statementsFor(query(50))).toBe(await statementsFor(query(5)));
  });

  it('initiatives with participants and indicator sources run a bounded number of statements', async () => {
    const count = await statementsFor(gql`{
      initiatives(first: 50) { edges { node { name participants { actor { name } relationship { role } } indicators { sources { id } } territories { name } } } }
    }`);
    expect(count).toBeLessThanOrEqual(4);
  });

  it('sources with what each supports run two statements for 2 sources and for 40', async () => {
    const query = (n: number) => gql`{ sources(first: ${n}) { edges { node { id supports { kind id } } } } }`;
    expect(await statementsFor(query(2))).toBe(2);
    expect(await statementsFor(query(40))).toBe(2);
  });
});

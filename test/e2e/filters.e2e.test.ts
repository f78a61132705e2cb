import { gql } from 'graphql-request';
import { errorOf } from '../support/errors';
import { startTestServer, TestServer } from '../support/server';
import { uniqueId } from '../support/database';

const IMPORT = gql`
  mutation ($data: JSON!) {
    importGraph(data: $data) {
      written
      problems { location field reason }
    }
  }
`;

const ACTORS = gql`
  query ($filter: ActorFilter, $sort: [ActorSort!], $first: Int!, $after: String) {
    actors(filter: $filter, sort: $sort, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { id } }
    }
  }
`;

const INITIATIVES = gql`
  query ($filter: InitiativeFilter, $sort: [InitiativeSort!]) {
    initiatives(filter: $filter, sort: $sort, first: 50) { totalCount edges { node { id } } }
  }
`;

interface ActorPage {
  actors: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { node: { id: string } }[] };
}

/**
 * A small graph of this file's own: three actors partnering with one hub, funding one
 * initiative in Tarija (seed territory) with amounts in two currencies at different dates.
 * Every query below is held to this graph by a hasLink to the hub (or to the initiative), so
 * that actors the other test files write cannot change its answers.
 */
function document(p: string) {
  const src = `${p}-src`;
  return {
    sources: [{ id: src, title: 'Filters e2e', kind: 'DOCUMENT' }],
    actors: [
      { id: `${p}-hub`, name: 'Plateforme pivot', kind: 'ESS_NETWORK', sourceIds: [src] },
      { id: `${p}-a`, name: 'ONG française', kind: 'NGO', countryCode: 'FR', sourceIds: [src] },
      { id: `${p}-b`, name: 'Coopérative tunisienne', kind: 'COOPERATIVE', countryCode: 'TN', sourceIds: [src] },
      { id: `${p}-c`, name: 'ONG tunisienne', kind: 'NGO', countryCode: 'TN', sse: true, sourceIds: [src] },
    ],
    initiatives: [
      { id: `${p}-i`, name: 'Programme emploi Tarija', kind: 'PROGRAMME', startDate: '2020-03', endDate: '2023', budget: { amount: '250000', currency: 'EUR' }, sourceIds: [src] },
      { id: `${p}-j`, name: 'Projet pilote', kind: 'PROJECT', startDate: '2016', sourceIds: [src] },
    ],
    relationships: [
      ...['a', 'b', 'c'].map((x) => ({ type: 'PARTNERS_WITH', fromId: `${p}-${x}`, toId: `${p}-hub`, sourceIds: [src] })),
      { type: 'PARTNERS_WITH', fromId: `${p}-a`, toId: `${p}-c`, sourceIds: [src] },
      { type: 'ACTS_IN', fromId: `${p}-i`, toId: 'departement-tarija', sourceIds: [src] },
      { type: 'FUNDS', fromId: `${p}-a`, toId: `${p}-i`, amount: { amount: '150000', currency: 'EUR' }, startDate: '2020-06', sourceIds: [src] },
      { type: 'FUNDS', fromId: `${p}-b`, toId: `${p}-i`, amount: { amount: '40000', currency: 'EUR' }, startDate: '2021', sourceIds: [src] },
      { type: 'FUNDS', fromId: `${p}-c`, toId: `${p}-j`, amount: { amount: '90000', currency: 'TND' }, startDate: '2016', sourceIds: [src] },
      { type: 'FUNDS', fromId: `${p}-hub`, toId: `${p}-a`, amount: { amount: '1000', currency: 'EUR' }, sourceIds: [src] },
    ],
  };
}

describe('filters and sorts over HTTP', () => {
  let server: TestServer;
  const p = uniqueId('filters');
  const partnerOfHub = { type: 'PARTNERS_WITH', otherId: `${p}-hub` };

  const ids = async (filter: object, sort?: object[]) => {
    const data = await server.anonymous.request<ActorPage>(ACTORS, { filter, sort, first: 50 });
    return data.actors.edges.map((edge) => edge.node.id.slice(p.length + 1));
  };

  beforeAll(async () => {
    server = await startTestServer();
    const report = await server.editor.request<{ importGraph: { written: boolean; problems: unknown[] } }>(IMPORT, { data: document(p) });
    expect(report.importGraph).toEqual({ written: true, problems: [] });
  });
  afterAll(async () => server.close());

  it('combines OR, AND and NOT with the fields of a filter', async () => {
    expect(await ids({ hasLink: partnerOfHub })).toEqual(['a', 'b', 'c']);
    expect(await ids({ hasLink: partnerOfHub, OR: [{ kind: ['COOPERATIVE'] }, { countryCode: 'FR' }] })).toEqual(['a', 'b']);
    expect(await ids({ hasLink: partnerOfHub, NOT: { kind: ['NGO'] } })).toEqual(['b']);
    // The hub and its partners have no scale: NOT keeps those its filter cannot show to hold.
    expect(await ids({ hasLink: partnerOfHub, NOT: { OR: [{ countryCode: 'FR' }, { scale: ['LOCAL'] }] } })).toEqual(['b', 'c']);
    expect(await ids({ AND: [{ hasLink: partnerOfHub }, { countryCode: 'TN' }], NOT: { OR: [{ sse: true }, { kind: ['ESS_NETWORK'] }] } })).toEqual(['b']);
  });

  it('keeps actors with a FUNDS link to an initiative in a territory, above an amount, within dates', async () => {
    const fundsInBolivia = { type: 'FUNDS', direction: 'OUT', initiative: { territoryId: 'bolivia' } };
    expect(await ids({ hasLink: partnerOfHub, AND: [{ hasLink: fundsInBolivia }] })).toEqual(['a', 'b']);
    expect(await ids({ hasLink: partnerOfHub, AND: [{ hasLink: { ...fundsInBolivia, amountGte: 100000 } }] })).toEqual(['a']);
    expect(await ids({ hasLink: partnerOfHub, AND: [{ hasLink: { ...fundsInBolivia, startDate: { from: '2021' } } }] })).toEqual(['b']);
    expect(await ids({ hasLink: partnerOfHub, AND: [{ hasLink: { type: 'FUNDS', direction: 'OUT', currency: 'TND', amountLte: 100000 } }] })).toEqual(['c']);
    // Received, not given: only the hub funds a, and a funds nobody among the partners.
    expect(await ids({ hasLink: partnerOfHub, AND: [{ hasLink: { type: 'FUNDS', direction: 'IN', actor: { kind: ['ESS_NETWORK'] } } }] })).toEqual(['a']);
  });

  it('filters initiatives by dates, budget-free links and who funds them', async () => {
    const fundedByOurs = { type: 'FUNDS', direction: 'IN', actor: { hasLink: partnerOfHub } };
    const initiatives = async (filter: object) =>
      (await server.anonymous.request<{ initiatives: { edges: { node: { id: string } }[] } }>(INITIATIVES, { filter })).initiatives.edges.map((e) =>
        e.node.id.slice(p.length + 1),
      );
    expect(await initiatives({ hasLink: fundedByOurs })).toEqual(['i', 'j']);
    expect(await initiatives({ hasLink: fundedByOurs, startDate: { from: '2020', to: '2020-12' } })).toEqual(['i']);
    expect(await initiatives({ hasLink: fundedByOurs, endDate: { to: '2022' } })).toEqual([]);
    expect(await initiatives({ hasLink: fundedByOurs, NOT: { territoryId: 'departement-tarija' } })).toEqual(['j']);
  });

  it('sorts initiatives by dates, budget and kind, and actors by country, those without the value last', async () => {
    const fundedByOurs = { type: 'FUNDS', direction: 'IN', actor: { hasLink: partnerOfHub } };
    const initiatives = async (field: string, direction: string) =>
      (await server.anonymous.request<{ initiatives: { edges: { node: { id: string } }[] } }>(INITIATIVES, { filter: { hasLink: fundedByOurs }, sort: [{ field, direction }] })).initiatives.edges.map(
        (e) => e.node.id.slice(p.length + 1),
      );
    // i: PROGRAMME, 2020-03 to 2023, 250,000 EUR; j: PROJECT, from 2016, no end, no budget.
    expect(await initiatives('START_DATE', 'ASC')).toEqual(['j', 'i']);
    expect(await initiatives('START_DATE', 'DESC')).toEqual(['i', 'j']);
    expect(await initiatives('END_DATE', 'ASC')).toEqual(['i', 'j']);
    expect(await initiatives('END_DATE', 'DESC')).toEqual(['i', 'j']);
    expect(await initiatives('BUDGET_EUR', 'ASC')).toEqual(['i', 'j']);
    expect(await initiatives('BUDGET_EUR', 'DESC')).toEqual(['i', 'j']);
    expect(await initiatives('KIND', 'DESC')).toEqual(['j', 'i']);
    // Partners of c: a (FR) and the hub (no country).
    const partnersOfC = { hasLink: { type: 'PARTNERS_WITH', otherId: `${p}-c` } };
    expect(await ids(partnersOfC, [{ field: 'COUNTRY_CODE', direction: 'ASC' }])).toEqual(['a', 'hub']);
    expect(await ids(partnersOfC, [{ field: 'COUNTRY_CODE', direction: 'DESC' }])).toEqual(['a', 'hub']);
    expect(await ids(partnersOfC, [{ field: 'KIND', direction: 'ASC' }])).toEqual(['hub', 'a']);
    const budgetOnActors = await errorOf(server.anonymous.request(ACTORS, { filter: partnersOfC, sort: [{ field: 'BUDGET_EUR', direction: 'ASC' }], first: 5 }));
    expect(budgetOnActors.extensions.code).toBe('BAD_USER_INPUT');
  });

  it('sorts by partner count and funding received, ties by id, with cursors that page through the same order', async () => {
    // Partners: a has hub and c, c has hub and a, b has the hub only.
    expect(await ids({ hasLink: partnerOfHub }, [{ field: 'PARTNER_COUNT', direction: 'DESC' }])).toEqual(['a', 'c', 'b']);
    expect(await ids({ hasLink: partnerOfHub }, [{ field: 'PARTNER_COUNT', direction: 'ASC' }])).toEqual(['b', 'a', 'c']);
    expect(await ids({ hasLink: partnerOfHub }, [{ field: 'FUNDING_RECEIVED_COUNT', direction: 'DESC' }])).toEqual(['a', 'b', 'c']);
    const sort = [{ field: 'PARTNER_COUNT', direction: 'DESC' }];
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const page: ActorPage = await server.anonymous.request<ActorPage>(ACTORS, { filter: { hasLink: partnerOfHub }, sort, first: 1, after });
      expect(page.actors.totalCount).toBe(3);
      seen.push(...page.actors.edges.map((edge) => edge.node.id.slice(p.length + 1)));
      after = page.actors.pageInfo.hasNextPage ? page.actors.pageInfo.endCursor : null;
    } while (after);
    expect(seen).toEqual(['a', 'c', 'b']);
    const initiatives = await server.anonymous.request<{ initiatives: { edges: { node: { id: string } }[] } }>(INITIATIVES, {
      filter: { hasLink: { type: 'FUNDS', direction: 'IN', actor: { hasLink: partnerOfHub } } },
      sort: [{ field: 'FUNDING_RECEIVED_COUNT', direction: 'DESC' }],
    });
    expect(initiatives.initiatives.edges.map((e) => e.node.id.slice(p.length + 1))).toEqual(['i', 'j']);
  });

  it("filters a node's relationships by their dates and amounts", async () => {
    const query = gql`
      query ($id: ID!, $filter: RelationshipFilter) {
        actor(id: $id) { relationships(types: [FUNDS], filter: $filter) { totalCount edges { node { to { id } } } } }
      }
    `;
    type Answer = { actor: { relationships: { totalCount: number; edges: { node: { to: { id: string } } }[] } } };
    const funded = async (id: string, filter: object | null) =>
      (await server.anonymous.request<Answer>(query, { id: `${p}-${id}`, filter })).actor.relationships.edges.map((e) => e.node.to.id.slice(p.length + 1)).sort();
    expect(await funded('a', null)).toEqual(['a', 'i']);
    expect(await funded('a', { amountGte: 100000 })).toEqual(['i']);
    expect(await funded('a', { OR: [{ amountLte: 5000 }, { startDate: { from: '2021' } }] })).toEqual(['a']);
    // A link without a start date matches no bound on it, so NOT keeps it: NOT is the complement.
    expect(await funded('a', { startDate: { to: '2020' } })).toEqual(['i']);
    expect(await funded('a', { NOT: { startDate: { to: '2020' } } })).toEqual(['a']);
    expect(await funded('a', { NOT: { startDate: { to: '2019' } } })).toEqual(['a', 'i']);
  });

  it("sorts a node's relationships by amount, date or type, links without the key last, with cursors that page through the same order", async () => {
    const query = gql`
      query ($id: ID!, $sort: [RelationshipSort!], $first: Int!, $after: String) {
        initiative(id: $id) {
          relationships(sort: $sort, first: $first, after: $after) {
            totalCount
            pageInfo { hasNextPage hasPreviousPage endCursor }
            edges { node { type from { id } } }
          }
        }
      }
    `;
    type Answer = {
      initiative: {
        relationships: { totalCount: number; pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string }; edges: { node: { type: string; from: { id: string } } }[] };
      };
    };
    const page = async (sort: object[] | null, first = 10, after: string | null = null) =>
      (await server.anonymous.request<Answer>(query, { id: `${p}-i`, sort, first, after })).initiative.relationships;
    const order = async (sort: object[]) => (await page(sort)).edges.map((e) => `${e.node.type}:${e.node.from.id.slice(p.length + 1)}`);
    // Initiative i: FUNDS from a (150,000 EUR, 2020-06), FUNDS from b (40,000 EUR, 2021), ACTS_IN Tarija (no amount, no date).
    expect(await order([{ field: 'AMOUNT_EUR', direction: 'DESC' }])).toEqual(['FUNDS:a', 'FUNDS:b', 'ACTS_IN:i']);
    expect(await order([{ field: 'AMOUNT_EUR', direction: 'ASC' }])).toEqual(['FUNDS:b', 'FUNDS:a', 'ACTS_IN:i']);
    expect(await order([{ field: 'START_DATE', direction: 'ASC' }])).toEqual(['FUNDS:a', 'FUNDS:b', 'ACTS_IN:i']);
    expect(await order([{ field: 'START_DATE', direction: 'DESC' }])).toEqual(['FUNDS:b', 'FUNDS:a', 'ACTS_IN:i']);
    expect(await order([{ field: 'TYPE', direction: 'ASC' }, { field: 'AMOUNT_EUR', direction: 'DESC' }])).toEqual(['ACTS_IN:i', 'FUNDS:a', 'FUNDS:b']);

    // One link a page: the same order, and a cursor of one sort is refused under another.
    const sort = [{ field: 'AMOUNT_EUR', direction: 'DESC' }];
    const seen: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 3; i++) {
      const one: Answer['initiative']['relationships'] = await page(sort, 1, after);
      expect(one.totalCount).toBe(3);
      expect(one.pageInfo.hasPreviousPage).toBe(i > 0);
      expect(one.pageInfo.hasNextPage).toBe(i < 2);
      seen.push(...one.edges.map((e) => `${e.node.type}:${e.node.from.id.slice(p.length + 1)}`));
      after = one.pageInfo.endCursor;
    }
    expect(seen).toEqual(['FUNDS:a', 'FUNDS:b', 'ACTS_IN:i']);
    const firstPage = await page(sort, 1);
    const otherSort = await errorOf(server.anonymous.request(query, { id: `${p}-i`, sort: [{ field: 'START_DATE', direction: 'DESC' }], first: 1, after: firstPage.pageInfo.endCursor }));
    expect(otherSort).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'after' } });
    const twice = await errorOf(server.anonymous.request(query, { id: `${p}-i`, sort: [...sort, ...sort], first: 1 }));
    expect(twice).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'sort' } });
    const unknown = await errorOf(server.anonymous.request(query, { id: `${p}-i`, sort: [{ field: 'COLOUR', direction: 'ASC' }], first: 1 }));
    expect(unknown.extensions.code).toBe('BAD_USER_INPUT');
  });

  it("aggregates a node's matching links, every page of them, in euros and years", async () => {
    const query = gql`
      query ($id: ID!, $types: [RelationshipType!], $filter: RelationshipFilter) {
        initiative(id: $id) {
          relationships(types: $types, filter: $filter, first: 1) {
            totalCount
            edges { node { id } }
            aggregate { ...Numbers }
          }
        }
      }
      fragment Numbers on RelationshipAggregate {
        count
        amountEur { count min max sum avg }
        startYear { count min max }
        endYear { count min max sum avg }
      }
    `;
    type Stats = { count: number; min: number | null; max: number | null; sum?: number | null; avg?: number | null };
    type Answer = { initiative: { relationships: { totalCount: number; edges: unknown[]; aggregate: { count: number; amountEur: Stats; startYear: Stats; endYear: Stats } } } };
    const aggregate = async (variables: object) => (await server.anonymous.request<Answer>(query, { id: `${p}-i`, ...variables })).initiative.relationships;
    const none = { count: 0, min: null, max: null, sum: null, avg: null };
    // FUNDS from a (150,000 EUR, 2020-06) and from b (40,000 EUR, 2021), and ACTS_IN Tarija (neither): one link a page, all three counted.
    const all = await aggregate({});
    expect(all.edges).toHaveLength(1);
    expect(all.aggregate).toEqual({
      count: 3,
      amountEur: { count: 2, min: 40000, max: 150000, sum: 190000, avg: 95000 },
      startYear: { count: 2, min: 2020, max: 2021 },
      endYear: none,
    });
    expect(all.totalCount).toBe(3);
    expect((await aggregate({ filter: { amountGte: 100000 } })).aggregate).toEqual({
      count: 1,
      amountEur: { count: 1, min: 150000, max: 150000, sum: 150000, avg: 150000 },
      startYear: { count: 1, min: 2020, max: 2020 },
      endYear: none,
    });
    expect((await aggregate({ types: ['SUPPORTS'] })).aggregate).toEqual({ count: 0, amountEur: none, startYear: { count: 0, min: null, max: null }, endYear: none });
  });

  it('gives the same pages whether totalCount is selected or not, and the fields selected through fragments', async () => {
    // Without totalCount the list stops after the page instead of counting every match.
    const uncounted = gql`
      query ($filter: ActorFilter, $after: String) {
        actors(filter: $filter, first: 2, after: $after) { pageInfo { hasNextPage endCursor } edges { cursor node { ...Shown } } }
      }
      fragment Shown on Actor { id countryCode sources { id } }
    `;
    type Uncounted = { actors: { pageInfo: { hasNextPage: boolean; endCursor: string }; edges: { cursor: string; node: { id: string; countryCode: string; sources: { id: string }[] } }[] } };
    const filter = { hasLink: partnerOfHub };
    const first = await server.anonymous.request<Uncounted>(uncounted, { filter });
    const counted = await server.anonymous.request<ActorPage>(ACTORS, { filter, first: 2 });
    expect(first.actors.edges.map((e) => e.node.id)).toEqual(counted.actors.edges.map((e) => e.node.id));
    expect(first.actors.pageInfo).toEqual(counted.actors.pageInfo);
    expect(first.actors.edges.map((e) => [e.node.countryCode, e.node.sources.map((s) => s.id)])).toEqual([
      ['FR', [`${p}-src`]],
      ['TN', [`${p}-src`]],
    ]);
    const second = await server.anonymous.request<Uncounted>(uncounted, { filter, after: first.actors.pageInfo.endCursor });
    expect(second.actors.edges.map((e) => e.node.id.slice(p.length + 1))).toEqual(['c']);
    expect(second.actors.pageInfo.hasNextPage).toBe(false);
  });

  it('refuses bad filters with BAD_USER_INPUT naming the field', async () => {
    const emptyOr = await errorOf(server.anonymous.request(ACTORS, { filter: { OR: [] }, first: 5 }));
    expect(emptyOr.extensions.code).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(emptyOr)).toContain('OR');
    const twoEnds = await errorOf(server.anonymous.request(ACTORS, { filter: { hasLink: { type: 'FUNDS', actor: {}, territoryId: 'bolivia' } }, first: 5 }));
    expect(twoEnds).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'filter.hasLink' } });
    let deep: object = { sse: true };
    for (let i = 0; i < 6; i++) deep = { NOT: deep };
    const tooDeep = await errorOf(server.anonymous.request(ACTORS, { filter: deep, first: 5 }));
    expect(tooDeep).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'filter' } });
    const badDate = await errorOf(server.anonymous.request(INITIATIVES, { filter: { startDate: { from: '2020-13' } } }));
    expect(badDate.extensions.code).toBe('BAD_USER_INPUT');
    const partnerCountOnInitiatives = await errorOf(server.anonymous.request(INITIATIVES, { sort: [{ field: 'PARTNER_COUNT', direction: 'DESC' }] }));
    expect(partnerCountOnInitiatives.extensions.code).toBe('BAD_USER_INPUT');
  });
});

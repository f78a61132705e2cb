import { gql } from 'graphql-request';
import { errorOf } from '../support/errors';
import { startTestServer, TestServer } from '../support/server';

/**
 * A node list reads the `relationships` fields under its nodes in its own statement
 * (relationship-fields.ts, LinksReadAhead). Its answers must be those of the DataLoader path,
 * which `actor(id)` and `initiative(id)` still take: each list below is compared node by node
 * with the same selection asked of each node alone.
 */
const LINKS = `
  totalCount
  pageInfo { hasNextPage hasPreviousPage endCursor }
  edges { cursor node { id type amount { amount currency amountEur } from { id name } to { id name } } }
`;

const SELECTION = `
  id
  out: relationships(types: $types, direction: OUT, first: 2) { ${LINKS} }
  anyEndpointField: relationships(first: 2) { edges { node { from { id ... on Actor { countryCode sources { id } } } to { id name ... on Initiative { startDate } } } } }
  byAmount: relationships(sort: [{ field: AMOUNT_EUR, direction: DESC }, { field: START_DATE, direction: ASC }], first: 3) {
    aggregate { count amountEur { count min max sum } startYear { min max } }
    ${LINKS}
  }
  ...Dated
`;
// Three fields per list are read ahead (MAX_READ_AHEAD): the fragment's, fourth, takes the DataLoader.

const DATED = `fragment Dated on Actor { relationships(asOf: "2019", first: 4) { ${LINKS} } }`;

describe('links read ahead by node lists', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => server.close());

  it('give the same answers as each node asked alone, with aliases, fragments, variables, sorts and aggregates', async () => {
    const variables = { types: ['PARTNERS_WITH', 'FUNDS', 'PARTICIPATES_IN'] };
    const list = await server.anonymous.request<{ actors: { edges: { node: Record<string, unknown> & { id: string } }[] } }>(
      `query ($types: [RelationshipType!]) { actors(filter: { countryCode: "FR" }, first: 30) { edges { node { ${SELECTION} } } } } ${DATED}`,
      variables,
    );
    const nodes = list.actors.edges.map((edge) => edge.node);
    expect(nodes.length).toBeGreaterThan(5);
    // The seeds' French actors hold links of every kind compared here.
    expect(nodes.some((node) => (node.out as { totalCount: number }).totalCount > 2)).toBe(true);
    expect(nodes.some((node) => (node.byAmount as { aggregate: { amountEur: { count: number } } }).aggregate.amountEur.count > 0)).toBe(true);
    for (const node of nodes) {
      const alone = await server.anonymous.request<{ actor: Record<string, unknown> }>(
        `query ($id: ID!, $types: [RelationshipType!]) { actor(id: $id) { ${SELECTION} } } ${DATED}`,
        { ...variables, id: node.id },
      );
      expect(node).toEqual(alone.actor);
    }
  });

  it('read neighbours and sources the same as each node asked alone, skipped fields left out', async () => {
    const selection = `id territories { id name level } initiatives { id name } sources { id title url } more: sources { id } t2: territories @skip(if: $skip) { id }`;
    const list = await server.anonymous.request<{ actors: { edges: { node: Record<string, unknown> & { id: string } }[] } }>(
      `query ($skip: Boolean!) { actors(filter: { OR: [{ countryCode: "PE" }, { countryCode: "EC" }, { countryCode: "BO" }] }, first: 100) { edges { node { ${selection} } } } }`,
      { skip: true },
    );
    const nodes = list.actors.edges.map((edge) => edge.node);
    // Other suites add actors to the shared database, so the page is the seeds' Andean actors: several
    // act in two or three territories, and Tarija's governorate in four initiatives, so order matters.
    // The seeds' sources are on initiatives and links, not on actors.
    expect(nodes.some((node) => (node.territories as unknown[]).length > 1)).toBe(true);
    expect(nodes.some((node) => (node.initiatives as unknown[]).length > 1)).toBe(true);
    for (const node of nodes) {
      expect(node).not.toHaveProperty('t2');
      const alone = await server.anonymous.request<{ actor: Record<string, unknown> }>(`query ($id: ID!, $skip: Boolean!) { actor(id: $id) { ${selection} } }`, {
        id: node.id,
        skip: true,
      });
      expect(node).toEqual(alone.actor);
    }
    const initiatives = await server.anonymous.request<{ initiatives: { edges: { node: Record<string, unknown> & { id: string } }[] } }>(
      // The seeds' work axes and action plans: the PTCE work axis names two sources.
      `{ initiatives(filter: { kind: [WORK_AXIS, ACTION_PLAN] }, first: 100) { edges { node { id territories { id name } sources { id title } } } } }`,
    );
    expect(initiatives.initiatives.edges.some(({ node }) => (node.sources as unknown[]).length > 1)).toBe(true);
    for (const { node } of initiatives.initiatives.edges) {
      const alone = await server.anonymous.request<{ initiative: Record<string, unknown> }>(
        `query ($id: ID!) { initiative(id: $id) { id territories { id name } sources { id title } } }`,
        { id: node.id },
      );
      expect(node).toEqual(alone.initiative);
    }
  });

  it("read each link's sources and its endpoints' territories the same as each node asked alone", async () => {
    const selection = `id relationships(first: 12) { edges { node { id
      sources { id title } again: sources @include(if: $include) { id }
      from { id ... on Actor { territories { id name } } }
      to { id name ... on Actor { territories { id name } } ... on Initiative { territories { id } places: territories { level } } }
    } } }`;
    const list = await server.anonymous.request<{ actors: { edges: { node: Record<string, unknown> & { id: string } }[] } }>(
      `query ($include: Boolean!) { actors(filter: { OR: [{ countryCode: "PE" }, { countryCode: "EC" }, { countryCode: "BO" }] }, first: 100) { edges { node { ${selection} } } } }`,
      { include: false },
    );
    const nodes = list.actors.edges.map((edge) => edge.node);
    type Link = { sources: unknown[]; to: { territories?: unknown[] }; again?: unknown };
    const links = nodes.flatMap((node) => (node.relationships as { edges: { node: Link }[] }).edges.map((edge) => edge.node));
    expect(links.some((link) => link.sources.length > 0)).toBe(true);
    expect(links.some((link) => (link.to.territories ?? []).length > 0)).toBe(true);
    expect(links.every((link) => !('again' in link))).toBe(true);
    for (const node of nodes) {
      const alone = await server.anonymous.request<{ actor: Record<string, unknown> }>(`query ($id: ID!, $include: Boolean!) { actor(id: $id) { ${selection} } }`, {
        id: node.id,
        include: false,
      });
      expect(node).toEqual(alone.actor);
    }
  });

  it('answer initiatives the same way', async () => {
    const selection = `id relationships(direction: IN, first: 2) { ${LINKS} }`;
    const list = await server.anonymous.request<{ initiatives: { edges: { node: Record<string, unknown> & { id: string } }[] } }>(
      `{ initiatives(first: 20) { edges { node { ${selection} } } } }`,
    );
    expect(list.initiatives.edges.length).toBeGreaterThan(2);
    for (const { node } of list.initiatives.edges) {
      const alone = await server.anonymous.request<{ initiative: Record<string, unknown> }>(
        `query ($id: ID!) { initiative(id: $id) { ${selection} } }`,
        { id: node.id },
      );
      expect(node).toEqual(alone.initiative);
    }
  });

  it('leave out a field skipped by a directive, and still refuse bad arguments on the nested field', async () => {
    const skipped = await server.anonymous.request<{ actors: { edges: { node: Record<string, unknown> }[] } }>(
      `query ($skip: Boolean!) { actors(first: 3) { edges { node { id relationships(first: 1) @skip(if: $skip) { totalCount } } } } }`,
      { skip: true },
    );
    expect(skipped.actors.edges.every(({ node }) => !('relationships' in node))).toBe(true);

    const error = await errorOf(server.anonymous.request(`{ actors(first: 3) { edges { node { id relationships(after: "not-a-cursor") { totalCount } } } } }`));
    expect(error.extensions?.code).toBe('BAD_USER_INPUT');
    expect(error.message).toContain('after');
  });
});

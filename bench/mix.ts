/**
 * The query mix, once per target:
 * - api: this project's GraphQL API;
 * - raw: the floor, a node:http handler that calls the project's repositories directly (so it
 *   runs exactly the Cypher the API runs) and serialises what the GraphQL selection would return;
 * - neo4j-graphql: @neo4j/graphql 7 over the same database (bench/targets/neo4j-graphql.ts),
 *   with its generated filters and connections where it has them, @cypher fields where not.
 * Each query also has a normaliser per target, so the smoke run can prove that all three
 * answer the same data.
 */
import 'reflect-metadata';
import type { Database } from '../src/db/database';
import { ActorRepository, toActor } from '../src/actors/actor.repository';
import { nestedLinkPages, RelationshipListQuery, toLinkPageRow } from '../src/relationships/relationship.repository';
import { LIGHT_NODE_PROPERTIES } from '../src/db/projection';
import { NODE_LABELS, RELATIONSHIP_TYPES } from '../src/relationships/relationship-kinds';
import { SearchRepository } from '../src/search/search.repository';
import { toLuceneQuery } from '../src/search/lucene';
import { NetworkRepository } from '../src/network/network.repository';
import { buildNetwork } from '../src/network/network-builder';
import { EDGE_CAP_PER_NODE } from '../src/network/network.limits';
import { Rng } from './prng';
import { stageParams } from '../src/network/queries/funding-stage';
import { FundingStage } from '../src/relationships/transaction-type';
import { plainToInstance } from 'class-transformer';
import { ActorFilter } from '../src/actors/actor.input';
import { compileActorFilter, type TextMatches } from '../src/filters/node-filter.query';
import { nodeOrder } from '../src/analysis/node-sort';
import { joinNestedReads } from '../src/common/read-ahead';
import { nestedNeighbours } from '../src/relationships/relationship.repository';
import { nestedSources, sourcePropertiesFor } from '../src/sources/source.repository';
import { territoryPropertiesFor } from '../src/territories/territory.repository';
import { NEIGHBOUR_FIELDS } from '../src/common/neighbour-fields';

export const QUERY_NAMES = ['actorById', 'actorList', 'partners', 'fundingChains', 'egoNetwork', 'search', 'filteredSorted', 'deepList'] as const;
export type QueryName = (typeof QUERY_NAMES)[number];
export const TARGETS = ['api', 'raw', 'neo4j-graphql'] as const;
export type Target = (typeof TARGETS)[number];

/** Fixed shapes of the mix. */
export const LIST_PAGE = 20;
export const LIST_RELS = 5;
export const PARTNER_DEPTH = 2;
export const PARTNER_FIRST = 100;
export const FUNDING_MAX_HOPS = 4;
export const FUNDING_FIRST = 50;
export const EGO_RADIUS = 2;
export const EGO_LIMIT = 500;
export const SEARCH_FIRST = 20;

export interface ListParams {
  kinds: string[];
  countryCode: string;
}

/** Two countries (OR) and the years a PARTNERS_WITH link of the actor starts in (a date range). */
export interface FilterSortParams {
  countries: [string, string];
  fromYear: number;
  toYear: number;
}

/** The parameters one request of a query takes; every target gets the same sequence. */
export interface Pools {
  actorById: { id: string }[];
  actorList: ListParams[];
  partners: { id: string }[];
  fundingChains: { id: string }[];
  egoNetwork: { id: string }[];
  search: { text: string }[];
  filteredSorted: FilterSortParams[];
  deepList: ListParams[];
}

export interface GraphqlRequest {
  query: string;
  variables: Record<string, unknown>;
}

export interface QuerySpec<P> {
  name: QueryName;
  description: string;
  /** Root fields (Type.field) the API must have for this query; missing ones make it "pending". */
  apiRequires: string[];
  api(params: P): GraphqlRequest;
  neo4jGraphql(params: P): GraphqlRequest;
  raw(db: Database, params: P): Promise<unknown>;
  /** From each target's `data` (raw: the handler's body) to one comparable value. */
  normalise: Record<Target, (data: unknown) => unknown>;
}

const actors = new ActorRepository();
/** The list filters of the mix have no full-text part. */
const NO_TEXT: TextMatches = { idsOf: () => [] };
const network = new NetworkRepository();
const search = new SearchRepository();

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const ACTOR_FIELDS = 'id name kind scale countryCode sse aliases acronym';

function actorView(a: Json): Json {
  return {
    id: a.id,
    name: a.name,
    kind: a.kind,
    scale: a.scale ?? null,
    countryCode: a.countryCode ?? null,
    sse: a.sse === true,
    aliases: a.aliases ?? [],
    acronym: a.acronym ?? null,
  };
}

const actorById: QuerySpec<{ id: string }> = {
  name: 'actorById',
  description: 'one actor by id',
  apiRequires: ['Query.actor'],
  api: ({ id }) => ({ query: `query ActorById($id: ID!) { actor(id: $id) { ${ACTOR_FIELDS} } }`, variables: { id } }),
  neo4jGraphql: ({ id }) => ({
    query: `query ActorById($id: ID!) { actors(where: { id: { eq: $id } }) { ${ACTOR_FIELDS} } }`,
    variables: { id },
  }),
  async raw(db, { id }) {
    const found = await db.read((tx) => actors.findByIds(tx, [id]));
    const props = found.get(id);
    if (!props) return { actor: null };
    const a = toActor(props);
    return { actor: { id: a.id, name: a.name, kind: a.kind, scale: a.scale, countryCode: a.countryCode, sse: a.sse, aliases: a.aliases, acronym: a.acronym } };
  },
  normalise: {
    api: (d) => ((d as Json).actor ? actorView((d as Json).actor) : null),
    raw: (d) => ((d as Json).actor ? actorView((d as Json).actor) : null),
    'neo4j-graphql': (d) => ((d as Json).actors[0] ? actorView((d as Json).actors[0]) : null),
  },
};

interface ListView {
  totalCount: number;
  hasNextPage: boolean;
  nodes: { id: string; name: string; kind: string; relTotal: number; rels: { id: string; kind: string | null; to: string }[] }[];
}

const actorList: QuerySpec<ListParams> = {
  name: 'actorList',
  description: `actors filtered by kind and country, first ${LIST_PAGE} in id order with totalCount, each with its first ${LIST_RELS} outgoing PARTNERS_WITH links`,
  apiRequires: ['Query.actors'],
  api: (p) => ({
    query: `query ActorList($kinds: [ActorKind!], $country: String) {
      actors(filter: { kind: $kinds, countryCode: $country }, first: ${LIST_PAGE}) {
        totalCount
        pageInfo { hasNextPage endCursor }
        edges { node { id name kind
          relationships(types: [PARTNERS_WITH], direction: OUT, first: ${LIST_RELS}) {
            totalCount
            edges { node { id kind to { id name } } }
          }
        } }
      }
    }`,
    variables: { kinds: p.kinds, country: p.countryCode },
  }),
  neo4jGraphql: (p) => ({
    query: `query ActorList($kinds: [String!], $country: String) {
      actorsConnection(where: { kind: { in: $kinds }, countryCode: { eq: $country } }, first: ${LIST_PAGE}, sort: [{ id: ASC }]) {
        totalCount
        pageInfo { hasNextPage endCursor }
        edges { node { id name kind
          partnersWithConnection(first: ${LIST_RELS}, sort: [{ edge: { id: ASC } }]) {
            totalCount
            edges { properties { id kind } node { id name } }
          }
        } }
      }
    }`,
    variables: { kinds: p.kinds, country: p.countryCode },
  }),
  // The API's own statement for this selection: the page, its total and each actor's links, read in one go.
  async raw(db, p) {
    // to { id name } is all the selection reads of the endpoints, as the API's LinksReadAhead finds.
    const links: RelationshipListQuery = {
      types: ['PARTNERS_WITH'],
      direction: 'OUT',
      asOfFirst: null,
      asOfLast: null,
      first: LIST_RELS,
      afterId: null,
      endpointProperties: LIGHT_NODE_PROPERTIES,
    };
    return db.read(async (tx) => {
      const filter = compileActorFilter(plainToInstance(ActorFilter, { kind: p.kinds, countryCode: p.countryCode }), NO_TEXT);
      const page = await actors.list(tx, filter, LIST_PAGE, null, null, null, {
        totalCount: true,
        properties: ['id', 'name', 'kind'],
        nested: nestedLinkPages([links]),
      });
      return {
        actors: {
          totalCount: page.totalCount,
          hasNextPage: page.hasNextPage,
          nodes: page.rows.map((row) => {
            const found = toLinkPageRow(page.nested!.get(String(row.id))![0]);
            return {
              id: row.id,
              name: row.name,
              kind: row.kind,
              relationships: {
                totalCount: found.totalCount,
                nodes: found.rows.slice(0, LIST_RELS).map((r) => ({ id: r.props.id, kind: r.props.kind ?? null, to: { id: r.to.id, name: r.to.name } })),
              },
            };
          }),
        },
      };
    });
  },
  normalise: {
    api: (d) => {
      const c = (d as Json).actors;
      return {
        totalCount: c.totalCount,
        hasNextPage: c.pageInfo.hasNextPage,
        nodes: c.edges.map(({ node }: Json) => ({
          id: node.id,
          name: node.name,
          kind: node.kind,
          relTotal: node.relationships.totalCount,
          rels: node.relationships.edges.map(({ node: r }: Json) => ({ id: r.id, kind: r.kind ?? null, to: r.to.id })),
        })),
      } satisfies ListView;
    },
    raw: (d) => {
      const c = (d as Json).actors;
      return {
        totalCount: c.totalCount,
        hasNextPage: c.hasNextPage,
        nodes: c.nodes.map((n: Json) => ({
          id: n.id,
          name: n.name,
          kind: n.kind,
          relTotal: n.relationships.totalCount,
          rels: n.relationships.nodes.map((r: Json) => ({ id: r.id, kind: r.kind ?? null, to: r.to.id })),
        })),
      } satisfies ListView;
    },
    'neo4j-graphql': (d) => {
      const c = (d as Json).actorsConnection;
      return {
        totalCount: c.totalCount,
        hasNextPage: c.pageInfo.hasNextPage,
        nodes: c.edges.map(({ node }: Json) => ({
          id: node.id,
          name: node.name,
          kind: node.kind,
          relTotal: node.partnersWithConnection.totalCount,
          rels: node.partnersWithConnection.edges.map((e: Json) => ({ id: e.properties.id, kind: e.properties.kind ?? null, to: e.node.id })),
        })),
      } satisfies ListView;
    },
  },
};

const partnerView = (rows: Json[]) => rows.map((p) => `${p.id}@${p.distance}`);

const partners: QuerySpec<{ id: string }> = {
  name: 'partners',
  description: `partners of an actor to depth ${PARTNER_DEPTH} through PARTNERS_WITH (both ways), nearest ${PARTNER_FIRST} first`,
  apiRequires: ['Query.partners'],
  api: ({ id }) => ({
    query: `query Partners($id: ID!) { partners(actorId: $id, depth: ${PARTNER_DEPTH}, first: ${PARTNER_FIRST}) { distance actor { id name } } }`,
    variables: { id },
  }),
  neo4jGraphql: ({ id }) => ({
    query: `query Partners($id: ID!) { actors(where: { id: { eq: $id } }) { partnersWithin2(first: ${PARTNER_FIRST}) { id name distance } } }`,
    variables: { id },
  }),
  async raw(db, { id }) {
    const found = await db.read((tx) =>
      network.partners(tx, [id], { depth: PARTNER_DEPTH, directTypes: ['PARTNERS_WITH'], shared: false, first: PARTNER_FIRST, withLinks: false, actorProperties: ['id', 'name'], asOfFirst: null, asOfLast: null }),
    );
    const steps = found.get(id)?.steps ?? [];
    return { partners: steps.map((s) => ({ distance: s.distance, actor: { id: s.node.id, name: s.node.name } })) };
  },
  normalise: {
    api: (d) => partnerView((d as Json).partners.map((p: Json) => ({ id: p.actor.id, distance: p.distance }))),
    raw: (d) => partnerView((d as Json).partners.map((p: Json) => ({ id: p.actor.id, distance: p.distance }))),
    'neo4j-graphql': (d) => partnerView((d as Json).actors[0]?.partnersWithin2 ?? []),
  },
};

const chainView = (chains: string[][]) => chains.map((steps) => steps.join('>'));

const fundingChains: QuerySpec<{ id: string }> = {
  name: 'fundingChains',
  description: `FUNDS chains from a funder, up to ${FUNDING_MAX_HOPS} hops, shortest ${FUNDING_FIRST} first`,
  apiRequires: ['Query.fundingChains'],
  api: ({ id }) => ({
    query: `query FundingChains($id: ID!) { fundingChains(from: $id, maxHops: ${FUNDING_MAX_HOPS}, first: ${FUNDING_FIRST}) { hops steps { id } } }`,
    variables: { id },
  }),
  neo4jGraphql: ({ id }) => ({
    query: `query FundingChains($id: ID!) { actors(where: { id: { eq: $id } }) { fundingChains(first: ${FUNDING_FIRST}) { hops stepIds } } }`,
    variables: { id },
  }),
  async raw(db, { id }) {
    const chains = await db.read((tx) =>
      network.fundingChains(tx, { from: id, to: null, maxHops: FUNDING_MAX_HOPS, minAmount: null, currency: null, first: FUNDING_FIRST, asOfFirst: null, asOfLast: null, withEndpoints: false, ...stageParams(FundingStage.DISBURSED) }),
    );
    return { fundingChains: chains.map((legs) => ({ hops: legs.length, steps: legs.flat().map((s) => ({ id: s.props.id })) })) };
  },
  normalise: {
    api: (d) => chainView((d as Json).fundingChains.map((c: Json) => c.steps.map((s: Json) => s.id))),
    raw: (d) => chainView((d as Json).fundingChains.map((c: Json) => c.steps.map((s: Json) => s.id))),
    'neo4j-graphql': (d) => chainView(((d as Json).actors[0]?.fundingChains ?? []).map((c: Json) => c.stepIds)),
  },
};

const sorted = (ids: string[]) => [...ids].sort();

const egoNetwork: QuerySpec<{ id: string }> = {
  name: 'egoNetwork',
  description: `ego network of an actor, radius ${EGO_RADIUS}, all link types, at most ${EGO_LIMIT} nodes (nearest first) and the links among them`,
  apiRequires: ['Query.egoNetwork'],
  api: ({ id }) => ({
    query: `query Ego($id: ID!) { egoNetwork(id: $id, radius: ${EGO_RADIUS}, limit: ${EGO_LIMIT}) { truncated nodes { id label type kind } edges { id source target type } } }`,
    variables: { id },
  }),
  neo4jGraphql: ({ id }) => ({
    query: `query Ego($id: ID!) { actors(where: { id: { eq: $id } }) { egoNetwork(limit: ${EGO_LIMIT}) { truncated nodes { id label type kind } edges { id source target type } } } }`,
    variables: { id },
  }),
  async raw(db, { id }) {
    const rows = await db.read((tx) =>
      network.egoNetwork(tx, id, EGO_RADIUS, RELATIONSHIP_TYPES, { asOfFirst: null, asOfLast: null }, EGO_LIMIT, EGO_LIMIT * EDGE_CAP_PER_NODE, false),
    );
    if (!rows) return { egoNetwork: null };
    const net = buildNetwork(rows.nodes, rows.edges, rows.truncated);
    return {
      egoNetwork: {
        truncated: net.truncated,
        nodes: net.nodes.map((n) => ({ id: n.id, label: n.label, type: n.type, kind: n.kind })),
        edges: net.edges.map((e) => ({ id: e.id, source: e.source, target: e.target, type: e.type })),
      },
    };
  },
  normalise: {
    api: (d) => egoView((d as Json).egoNetwork),
    raw: (d) => egoView((d as Json).egoNetwork),
    'neo4j-graphql': (d) => egoView((d as Json).actors[0]?.egoNetwork ?? null),
  },
};

function egoView(net: Json | null) {
  if (!net) return null;
  return { truncated: net.truncated, nodes: sorted(net.nodes.map((n: Json) => n.id)), edges: sorted(net.edges.map((e: Json) => e.id)) };
}

const searchView = (hits: Json[]) => hits.map((h) => `${h.label}:${h.id}:${Number(h.score).toFixed(4)}`);

const searchQuery: QuerySpec<{ text: string }> = {
  name: 'search',
  description: `full-text search across actors, initiatives and territories, best ${SEARCH_FIRST}`,
  apiRequires: ['Query.search'],
  api: ({ text }) => ({
    query: `query Search($text: String!) { search(text: $text, first: ${SEARCH_FIRST}) { label score node { id name } } }`,
    variables: { text },
  }),
  // @neo4j/graphql has no step from free text to a Lucene query; the client sends the API's.
  neo4jGraphql: ({ text }) => ({
    query: `query Search($lucene: String!) { search(lucene: $lucene, first: ${SEARCH_FIRST}) { label score id name } }`,
    variables: { lucene: toLuceneQuery(text) },
  }),
  async raw(db, { text }) {
    const lucene = toLuceneQuery(text);
    const rows = lucene ? await db.read((tx) => search.search(tx, lucene, NODE_LABELS, SEARCH_FIRST)) : [];
    return { search: rows.map((r) => ({ label: r.label, score: r.score, node: { id: r.props.id, name: r.props.name } })) };
  },
  normalise: {
    api: (d) => searchView((d as Json).search.map((h: Json) => ({ label: h.label, score: h.score, id: h.node.id }))),
    raw: (d) => searchView((d as Json).search.map((h: Json) => ({ label: h.label, score: h.score, id: h.node.id }))),
    'neo4j-graphql': (d) => searchView((d as Json).search),
  },
};


/** The API's filter for filteredSorted; the raw target compiles the same one. */
function filterSortFilter(p: FilterSortParams): Json {
  return {
    OR: [{ countryCode: p.countries[0] }, { countryCode: p.countries[1] }],
    hasLink: { type: 'PARTNERS_WITH', direction: 'OUT', startDate: { from: String(p.fromYear), to: String(p.toYear) } },
  };
}

interface FilterSortView {
  totalCount: number;
  hasNextPage: boolean;
  ids: string[];
}

const filteredSorted: QuerySpec<FilterSortParams> = {
  name: 'filteredSorted',
  description: `actors of either of two countries (OR) with an outgoing PARTNERS_WITH link starting in a range of years, most partners first (PARTNER_COUNT, then id), first ${LIST_PAGE} with totalCount`,
  apiRequires: ['Query.actors'],
  api: (p) => ({
    query: `query FilteredSorted($filter: ActorFilter!) {
      actors(filter: $filter, sort: [{ field: PARTNER_COUNT, direction: DESC }], first: ${LIST_PAGE}) {
        totalCount
        pageInfo { hasNextPage endCursor }
        edges { node { id name countryCode } }
      }
    }`,
    variables: { filter: filterSortFilter(p) },
  }),
  neo4jGraphql: (p) => ({
    query: `query FilteredSorted($c1: String!, $c2: String!, $from: String!, $to: String!) {
      actorsConnection(
        where: { OR: [{ countryCode: { eq: $c1 } }, { countryCode: { eq: $c2 } }], partnersWithConnection: { some: { edge: { startFirst: { gte: $from, lte: $to } } } } }
        sort: [{ partnerCount: DESC }, { id: ASC }]
        first: ${LIST_PAGE}
      ) {
        totalCount
        pageInfo { hasNextPage endCursor }
        edges { node { id name countryCode } }
      }
    }`,
    variables: { c1: p.countries[0], c2: p.countries[1], from: `${p.fromYear}-01-01`, to: `${p.toYear}-12-31` },
  }),
  async raw(db, p) {
    return db.read(async (tx) => {
      const filter = compileActorFilter(plainToInstance(ActorFilter, filterSortFilter(p)), NO_TEXT);
      const order = nodeOrder([{ field: 'PARTNER_COUNT', direction: 'DESC' }] as Parameters<typeof nodeOrder>[0], null);
      const page = await actors.list(tx, filter, LIST_PAGE, null, null, order, { totalCount: true, properties: ['id', 'name', 'countryCode'] });
      return { actors: { totalCount: page.totalCount, hasNextPage: page.hasNextPage, nodes: page.rows.map((r) => ({ id: r.id, name: r.name, countryCode: r.countryCode ?? null })) } };
    });
  },
  normalise: {
    api: (d) => ({ totalCount: (d as Json).actors.totalCount, hasNextPage: (d as Json).actors.pageInfo.hasNextPage, ids: (d as Json).actors.edges.map((e: Json) => e.node.id) }) satisfies FilterSortView,
    raw: (d) => ({ totalCount: (d as Json).actors.totalCount, hasNextPage: (d as Json).actors.hasNextPage, ids: (d as Json).actors.nodes.map((n: Json) => n.id) }) satisfies FilterSortView,
    'neo4j-graphql': (d) => {
      const c = (d as Json).actorsConnection;
      return { totalCount: c.totalCount, hasNextPage: c.pageInfo.hasNextPage, ids: c.edges.map((e: Json) => e.node.id) } satisfies FilterSortView;
    },
  },
};

interface DeepView {
  id: string;
  territories: string[];
  sources: string[];
  links: { id: string; sources: string[]; to: string; toTerritories: string[] }[];
}

const ids = (items: Json[] | undefined) => (items ?? []).map((item) => String(item.id));

const deepList: QuerySpec<ListParams> = {
  name: 'deepList',
  description: `actors filtered by kind and country, first ${LIST_PAGE}, each with its territories, its sources and its first ${LIST_RELS} outgoing PARTNERS_WITH links, each link with its sources and its other end's territories (3 levels)`,
  apiRequires: ['Query.actors'],
  api: (p) => ({
    query: `query DeepList($kinds: [ActorKind!], $country: String) {
      actors(filter: { kind: $kinds, countryCode: $country }, first: ${LIST_PAGE}) {
        edges { node { id name
          territories { id name }
          sources { id title }
          relationships(types: [PARTNERS_WITH], direction: OUT, first: ${LIST_RELS}) {
            edges { node { id sources { id title } to { id name ... on Actor { territories { id name } } } } }
          }
        } }
      }
    }`,
    variables: { kinds: p.kinds, country: p.countryCode },
  }),
  // @neo4j/graphql has no computed field on relationship properties: a link's sources are its sourceIds.
  neo4jGraphql: (p) => ({
    query: `query DeepList($kinds: [String!], $country: String) {
      actorsConnection(where: { kind: { in: $kinds }, countryCode: { eq: $country } }, first: ${LIST_PAGE}, sort: [{ id: ASC }]) {
        edges { node { id name
          territories(sort: [{ name: ASC }, { id: ASC }]) { id name }
          sources { id title }
          partnersWithConnection(first: ${LIST_RELS}, sort: [{ edge: { id: ASC } }]) {
            edges { properties { id sourceIds } node { id name territories(sort: [{ name: ASC }, { id: ASC }]) { id name } } }
          }
        } }
      }
    }`,
    variables: { kinds: p.kinds, country: p.countryCode },
  }),
  // The API's statement for this selection: the page, with the territories, sources and links the list reads ahead.
  async raw(db, p) {
    const territories = NEIGHBOUR_FIELDS.Actor.territories;
    // What the API's read-ahead projects for `territories { id name }` and `sources { id title }`.
    const placeProperties = territoryPropertiesFor(new Set(['id', 'name']));
    const sourceProperties = sourcePropertiesFor(new Set(['id', 'title']));
    const links: RelationshipListQuery = {
      types: ['PARTNERS_WITH'],
      direction: 'OUT',
      asOfFirst: null,
      asOfLast: null,
      first: LIST_RELS,
      afterId: null,
      endpointProperties: LIGHT_NODE_PROPERTIES,
      perLink: { sources: true, sourceProperties, endpointNeighbours: [{ end: 'to', field: 'territories', spec: territories, properties: placeProperties }] },
    };
    return db.read(async (tx) => {
      const filter = compileActorFilter(plainToInstance(ActorFilter, { kind: p.kinds, countryCode: p.countryCode }), NO_TEXT);
      const page = await actors.list(tx, filter, LIST_PAGE, null, null, null, {
        totalCount: false,
        properties: ['id', 'name', 'sourceIds'],
        nested: joinNestedReads([nestedLinkPages([links]), nestedNeighbours(territories, 'neighbours_territories', placeProperties), nestedSources('sources_of_node', sourceProperties)]),
      });
      return {
        actors: page.rows.map((row) => {
          const [linkPage, places, sources] = page.nested!.get(String(row.id))!;
          const found = toLinkPageRow(linkPage);
          return {
            id: row.id,
            name: row.name,
            territories: (places as Json[]).map((t) => ({ id: t.id, name: t.name })),
            sources: (sources as Json[]).map((s) => ({ id: s.id, title: s.title })),
            relationships: found.rows.slice(0, LIST_RELS).map((r) => ({
              id: r.props.id,
              sources: (r.readAhead!.sources as Json[]).map((s) => ({ id: s.id, title: s.title })),
              to: { id: r.to.id, name: r.to.name, territories: (r.readAhead!.to_territories as Json[]).map((t) => ({ id: t.id, name: t.name })) },
            })),
          };
        }),
      };
    });
  },
  normalise: {
    api: (d) =>
      (d as Json).actors.edges.map(({ node }: Json) => ({
        id: node.id,
        territories: ids(node.territories),
        sources: ids(node.sources),
        links: node.relationships.edges.map(({ node: r }: Json) => ({ id: r.id, sources: ids(r.sources), to: r.to.id, toTerritories: ids(r.to.territories) })),
      })) satisfies DeepView[],
    raw: (d) =>
      (d as Json).actors.map((n: Json) => ({
        id: n.id,
        territories: ids(n.territories),
        sources: ids(n.sources),
        links: n.relationships.map((r: Json) => ({ id: r.id, sources: ids(r.sources), to: r.to.id, toTerritories: ids(r.to.territories) })),
      })) satisfies DeepView[],
    'neo4j-graphql': (d) =>
      (d as Json).actorsConnection.edges.map(({ node }: Json) => ({
        id: node.id,
        territories: ids(node.territories),
        sources: ids(node.sources),
        links: node.partnersWithConnection.edges.map((e: Json) => ({ id: e.properties.id, sources: e.properties.sourceIds ?? [], to: e.node.id, toTerritories: ids(e.node.territories) })),
      })) satisfies DeepView[],
  },
};

export const MIX: { [K in QueryName]: QuerySpec<Pools[K][number]> } = {
  actorById,
  actorList,
  partners,
  fundingChains,
  egoNetwork,
  search: searchQuery,
  filteredSorted,
  deepList,
};

/**
 * Request parameters, chosen from the loaded graph with a fixed seed. Roots of the traversals
 * are ordinary actors (a few to a few dozen links), not the hubs of the power law: a hub's
 * depth-2 neighbourhood is most of the graph, which would measure the expansion caps rather
 * than the query path. The chosen funders have fewer chains than the API's path cap, so every
 * target sees the same complete set before ordering.
 */
export async function choosePools(db: Database, size = 64, seed = 7): Promise<Pools> {
  const rng = new Rng(seed);
  const take = <T>(items: T[], n = size): T[] => {
    if (items.length === 0) throw new Error('no candidates for a query pool: is the graph loaded?');
    return rng.shuffle([...items]).slice(0, n);
  };
  const column = async (cypher: string, params: Record<string, unknown> = {}) =>
    db.read(async (tx) => (await tx.run(cypher, params)).records.map((r) => r.get(0) as string));

  const allActors = await column('MATCH (a:Actor) WHERE a.id STARTS WITH $p RETURN a.id ORDER BY a.id', { p: 'a-' });
  const partnerRoots = await column(
    `MATCH (a:Actor) WHERE a.id STARTS WITH 'a-'
     WITH a, COUNT { (a)-[:PARTNERS_WITH]-() } AS d WHERE d >= 2 AND d <= 20
     RETURN a.id ORDER BY a.id`,
  );
  const funderCandidates = await column(
    `MATCH (a:Actor) WHERE a.id STARTS WITH 'a-' AND a.scale IN ['INTERNATIONAL', 'NATIONAL']
     WITH a, COUNT { (a)-[:FUNDS]->() } AS d WHERE d >= 2 AND d <= 40
     RETURN a.id ORDER BY a.id`,
  );
  // Funders with at least a page of chains when the graph has enough of them, else any with one.
  const rich: string[] = [];
  const some: string[] = [];
  for (const id of take(funderCandidates, size * 3)) {
    if (rich.length >= size) break;
    const [paths] = await column(
      `MATCH (a:Actor {id: $id}) CALL (a) { MATCH p = (a)-[:FUNDS*1..${FUNDING_MAX_HOPS}]->() RETURN p LIMIT 20001 } RETURN toString(count(p))`,
      { id },
    );
    const n = Number(paths);
    if (n > 20_000 || n === 0) continue;
    (n >= FUNDING_FIRST ? rich : some).push(id);
  }
  const funders = [...rich, ...some].slice(0, Math.max(rich.length, Math.min(size, rich.length + some.length)));
  if (funders.length === 0) throw new Error('no funder with a usable number of funding chains');
  const egoCentres = await column(
    `MATCH (a:Actor) WHERE a.id STARTS WITH 'a-'
     WITH a, COUNT { (a)--() } AS d WHERE d >= 3 AND d <= 30
     RETURN a.id ORDER BY a.id`,
  );
  const countries = await column('MATCH (t:Territory {level: "COUNTRY"}) RETURN t.code ORDER BY t.code');
  const kindSets = [['NGO', 'ASSOCIATION'], ['ESS_NETWORK', 'COOPERATIVE'], ['PUBLIC_AUTHORITY'], ['OTHER', 'PRIVATE_FIRM']];
  const names = await column(
    'MATCH (a:Actor) WHERE a.id IN $ids RETURN a.name ORDER BY a.id',
    { ids: take(allActors, size) },
  );
  return {
    actorById: take(allActors).map((id) => ({ id })),
    actorList: Array.from({ length: size }, () => ({ kinds: rng.pick(kindSets), countryCode: rng.pick(countries) })),
    partners: take(partnerRoots).map((id) => ({ id })),
    fundingChains: funders.map((id) => ({ id })),
    egoNetwork: take(egoCentres).map((id) => ({ id })),
    filteredSorted: Array.from({ length: size }, () => {
      const first = rng.pick(countries);
      const others = countries.filter((c) => c !== first);
      const fromYear = 2010 + rng.int(13);
      // A graph of one country (the smoke run's) ORs it with itself.
      return { countries: [first, others.length ? rng.pick(others) : first] as [string, string], fromYear, toYear: fromYear + 1 };
    }),
    deepList: Array.from({ length: size }, () => ({ kinds: rng.pick(kindSets), countryCode: rng.pick(countries) })),
    // The place word of a generated name and its first (kind) word: a selective two-word query.
    search: names.map((name) => {
      const words = name.split(' ');
      return { text: `${words[words.length - 2]} ${words[0]}` };
    }),
  };
}

/**
 * Target (c): @neo4j/graphql 7 over the same database, served by Apollo's standalone server, as
 * its documentation sets it up. Lookups, filters, pagination and nested links use what the
 * library generates (`actors(where:)`, `actorsConnection`, `partnersWithConnection`); the
 * traversals it cannot express (variable depth with a distance, simple paths, an ego network
 * with a node limit, a cross-label full-text search) are @cypher fields, written as a user of the
 * library would write them.
 */
import 'reflect-metadata';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { Neo4jGraphQL } from '@neo4j/graphql';
import neo4j, { type Driver } from 'neo4j-driver';
import { countingDriver } from './counting-driver';

export const TYPE_DEFS = /* GraphQL */ `
  type Actor @node {
    id: ID!
    name: String!
    kind: String!
    scale: String
    countryCode: String
    sse: Boolean
    aliases: [String!]
    acronym: String
    partnersWith: [Actor!]! @relationship(type: "PARTNERS_WITH", direction: OUT, properties: "PartnersWith")
    territories: [Territory!]! @relationship(type: "ACTS_IN", direction: OUT)

    "The sources its sourceIds name, in that order (ids are a property, not links)"
    sources: [Source!]!
      @cypher(
        statement: """
        UNWIND range(0, size(coalesce(this.sourceIds, [])) - 1) AS i
        MATCH (s:Source {id: this.sourceIds[i]})
        WITH i, s ORDER BY i
        RETURN s
        """
        columnName: "s"
      )

    "Distinct actors a PARTNERS_WITH link joins it to, either way (the API's PARTNER_COUNT)"
    partnerCount: Int!
      @cypher(
        statement: """
        RETURN COUNT { MATCH (this)-[:PARTNERS_WITH]-(partner:Actor) RETURN DISTINCT partner } AS count
        """
        columnName: "count"
      )

    "Partners within two PARTNERS_WITH steps, either way, nearest first (a path bound cannot be a parameter)"
    partnersWithin2(first: Int!): [PartnerHit!]!
      @cypher(
        statement: """
        MATCH p = (this)-[:PARTNERS_WITH*1..2]-(other:Actor)
        WHERE other <> this
        WITH other, min(length(p)) AS distance
        ORDER BY distance, other.name, other.id
        LIMIT $first
        RETURN {id: other.id, name: other.name, distance: distance} AS hit
        """
        columnName: "hit"
      )

    "Simple FUNDS paths of one to four links from this actor, shortest first"
    fundingChains(first: Int!): [ChainHit!]!
      @cypher(
        statement: """
        MATCH p = (this)-[:FUNDS*1..4]->()
        WHERE ALL(i IN range(0, length(p) - 1) WHERE NOT nodes(p)[i] IN nodes(p)[i + 1..])
        WITH p ORDER BY length(p), [n IN nodes(p) | n.id]
        LIMIT $first
        RETURN {hops: length(p), stepIds: [r IN relationships(p) | r.id]} AS chain
        """
        columnName: "chain"
      )

    "Nodes within two links (any type), nearest first then by id, at most limit, and the links among them"
    egoNetwork(limit: Int!): EgoNetwork
      @cypher(
        statement: """
        MATCH p = (this)-[*0..2]-(n)
        WITH n, min(length(p)) AS level
        ORDER BY level, n.id
        WITH collect(n) AS ranked
        WITH ranked[..$limit] AS members, size(ranked) > $limit AS truncated
        CALL (members) {
          UNWIND members AS x
          MATCH (x)-[r]->(y) WHERE y IN members
          RETURN collect({id: r.id, source: x.id, target: y.id, type: type(r)}) AS edges
        }
        RETURN {
          truncated: truncated,
          nodes: [m IN members | {id: m.id, label: m.name, kind: coalesce(m.kind, m.level),
                                  type: head([l IN labels(m) WHERE l IN ['Actor', 'Initiative', 'Territory']])}],
          edges: edges
        } AS net
        """
        columnName: "net"
      )
  }

  type PartnersWith @relationshipProperties {
    id: ID!
    kind: String
    startFirst: String
    sourceIds: [ID!]
  }

  type Territory @node {
    id: ID!
    name: String!
  }

  type Source @node {
    id: ID!
    title: String
  }

  type PartnerHit {
    id: ID!
    name: String!
    distance: Int!
  }

  type ChainHit {
    hops: Int!
    stepIds: [ID!]!
  }

  type EgoNode {
    id: ID!
    label: String!
    type: String!
    kind: String
  }

  type EgoEdge {
    id: ID!
    source: ID!
    target: ID!
    type: String!
  }

  type EgoNetwork {
    truncated: Boolean!
    nodes: [EgoNode!]!
    edges: [EgoEdge!]!
  }

  type SearchHit {
    id: ID!
    name: String!
    label: String!
    score: Float!
  }

  type Query {
    "Full-text search over the project's node_search index, across labels"
    search(lucene: String!, first: Int!): [SearchHit!]!
      @cypher(
        statement: """
        CALL db.index.fulltext.queryNodes('node_search', $lucene, {limit: $first * 4}) YIELD node, score
        WITH node, score, [l IN labels(node) WHERE l IN ['Actor', 'Initiative', 'Territory']][0] AS label
        WHERE label IS NOT NULL
        WITH node, score, label ORDER BY score DESC, node.id LIMIT $first
        RETURN {id: node.id, name: node.name, label: label, score: score} AS hit
        """
        columnName: "hit"
      )
  }
`;

export interface Neo4jGraphqlServer {
  url: string;
  /** Cypher statements run so far. */
  statements(): number;
  stop(): Promise<void>;
}

export async function startNeo4jGraphqlServer(options: {
  uri: string;
  port: number;
  driver?: Driver;
  /** Sees every statement the library sends (to PROFILE what it generates). */
  onStatement?: (cypher: string, params: Record<string, unknown> | undefined) => void;
}): Promise<Neo4jGraphqlServer> {
  const own = !options.driver;
  // The API's pool size (src/db/driver.ts), so neither side waits on connections the other has.
  const base = options.driver ?? neo4j.driver(options.uri, neo4j.auth.basic('neo4j', ''), { maxConnectionPoolSize: 50 });
  const counted = countingDriver(base, options.onStatement);
  // String ranges are off by default; dates are stored as ISO text, so a date range is one.
  const neoSchema = new Neo4jGraphQL({
    typeDefs: TYPE_DEFS,
    driver: counted.driver,
    features: { filters: { String: { GT: true, GTE: true, LT: true, LTE: true } } },
  });
  const server = new ApolloServer({ schema: await neoSchema.getSchema() });
  const { url } = await startStandaloneServer(server, { listen: { port: options.port, host: '127.0.0.1' } });
  return {
    url,
    statements: counted.count,
    async stop() {
      await server.stop();
      if (own) await base.close();
    },
  };
}

if (require.main === module) {
  const uri = process.env.BENCH_NEO4J_URI;
  const port = Number(process.env.PORT ?? 0);
  if (!uri) throw new Error('BENCH_NEO4J_URI is not set');
  startNeo4jGraphqlServer({ uri, port }).then(
    (server) => {
      process.stdout.write(`ready ${server.url}\n`);
      process.on('SIGTERM', () => void server.stop().then(() => process.exit(0)));
    },
    (error: unknown) => {
      process.stderr.write(`neo4j-graphql target failed: ${error instanceof Error ? error.stack : String(error)}\n`);
      process.exit(1);
    },
  );
}

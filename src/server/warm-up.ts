import { graphql, type GraphQLSchema } from 'graphql';
import type { Services } from '../composition';
import type { AppContext } from './context';
import { createLoaders } from './loaders';

/**
 * What a freshly started server runs before it opens its port: the operations most clients send
 * first (the explorer's and the soak's), reads and writes, through the schema. A cold Neo4j plans
 * each statement on its first run and a cold JVM and V8 interpret before they compile; on 2
 * cores, the first burst of 16 writers after a start passed the 5 s transaction timeout
 * (bench/results/notes.md, Soak). Here that cost is paid once, before any client waits on it.
 *
 * The mutations run inside Database.rehearse: their transactions are rolled back and publish
 * nothing, so the warm-up writes nothing, not even an audit entry.
 */
const OPERATIONS: { name: string; document: string; variables: (ids: WarmUpIds) => Record<string, unknown> }[] = [
  {
    name: 'actor',
    document: `query WarmUpActor($id: ID!) {
      actor(id: $id) { id name kind sources { id } territories { id }
        relationships(first: 20) { totalCount edges { node { id type from { id } to { id } } } } }
    }`,
    variables: ({ actorId }) => ({ id: actorId }),
  },
  {
    name: 'actors',
    document: `query WarmUpActors { actors(first: 20) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id name kind } } } }`,
    variables: () => ({}),
  },
  {
    name: 'egoNetwork',
    document: `query WarmUpEgo($id: ID!) { egoNetwork(id: $id, radius: 1, limit: 100) { nodes { id label } edges { id source target } } }`,
    variables: ({ actorId }) => ({ id: actorId }),
  },
  {
    name: 'partners',
    document: `query WarmUpPartners($id: ID!) { partners(actorId: $id, first: 50) { distance actor { id name } } }`,
    variables: ({ actorId }) => ({ id: actorId }),
  },
  {
    name: 'search',
    document: `query WarmUpSearch($text: String!) { search(text: $text, first: 10) { score label node { id } } }`,
    variables: ({ actorName }) => ({ text: actorName }),
  },
  {
    name: 'network',
    document: `query WarmUpNetwork { network(filter: { limit: 300 }) { nodes { id label } edges { id source target } } }`,
    variables: () => ({}),
  },
  {
    name: 'fundingChains',
    document: `query WarmUpFunding($id: ID!) { fundingChains(from: $id, first: 10) { hops complete nodes { id } } }`,
    variables: ({ actorId }) => ({ id: actorId }),
  },
  {
    name: 'upsertActor',
    document: `mutation WarmUpUpsertActor($input: ActorInput!) { upsertActor(input: $input) { id } }`,
    variables: ({ sourceId }) => ({ input: { id: 'warm-up-actor', name: 'Warm-up actor', kind: 'ASSOCIATION', sourceIds: [sourceId] } }),
  },
  {
    name: 'createRelationship',
    document: `mutation WarmUpLink($input: RelationshipInput!) { createRelationship(input: $input) { id } }`,
    variables: ({ actorId, otherActorId, sourceId }) => ({
      input: { id: 'warm-up-link', type: 'PARTNERS_WITH', fromId: actorId, toId: otherActorId, sourceIds: [sourceId] },
    }),
  },
];

interface WarmUpIds {
  actorId: string;
  otherActorId: string;
  actorName: string;
  sourceId: string;
}

export interface WarmUpReport {
  /** False when the graph has fewer than two actors or no source: nothing to run the operations on. */
  ran: boolean;
  rounds: number;
  ms: number;
  /** Operation name and GraphQL error message of each that failed; the warm-up goes on past them. */
  errors: { operation: string; message: string }[];
}

/** The first two actors in id order and the first source: whatever the graph, seeds or not. */
async function idsToWarmUpOn(services: Services): Promise<WarmUpIds | null> {
  const [actors, sources] = await Promise.all([services.actors.list(undefined, 2, undefined), services.sources.list(1, undefined)]);
  const [first, second] = actors.items;
  const source = sources.items[0];
  if (!first || !second || !source) return null;
  return { actorId: first.id, otherActorId: second.id, actorName: first.name, sourceId: source.id };
}

export async function warmUp(schema: GraphQLSchema, services: Services, { rounds = 3 } = {}): Promise<WarmUpReport> {
  const started = performance.now();
  const ids = await idsToWarmUpOn(services);
  const errors: WarmUpReport['errors'] = [];
  if (ids) {
    await services.db.rehearse(async () => {
      for (let round = 0; round < rounds; round++) {
        for (const operation of OPERATIONS) {
          const contextValue: AppContext = {
            requestId: `warm-up-${round}-${operation.name}`,
            caller: { name: 'warm-up', role: 'editor' },
            loaders: createLoaders(services),
          };
          const result = await graphql({ schema, source: operation.document, variableValues: operation.variables(ids), contextValue });
          if (round === 0) for (const error of result.errors ?? []) errors.push({ operation: operation.name, message: error.message });
        }
      }
    });
  }
  return { ran: ids !== null, rounds: ids ? rounds : 0, ms: Math.round(performance.now() - started), errors };
}

import type { LocalNeo4j } from '../../src/db/local-neo4j';

/** Named by two projects, like the setup: the first call stops Neo4j, the second finds nothing. */
export default async function globalTeardown(): Promise<void> {
  const state = globalThis as { __NEO4J__?: LocalNeo4j };
  const neo4j = state.__NEO4J__;
  state.__NEO4J__ = undefined;
  await neo4j?.stop();
}

import type { LocalNeo4j } from '../../src/db/local-neo4j';

export default async function globalTeardown(): Promise<void> {
  const neo4j = (globalThis as { __NEO4J__?: LocalNeo4j }).__NEO4J__;
  await neo4j?.stop();
}

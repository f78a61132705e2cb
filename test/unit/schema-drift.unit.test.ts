import { readFileSync } from 'node:fs';
import { renderSchema, SCHEMA_FILE } from '../../scripts/emit-schema';

describe('schema/schema.graphql', () => {
  it('is the schema the classes emit now (run `npm run schema` after changing types)', async () => {
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(await renderSchema());
  });

  it('holds the names clients rely on', async () => {
    const schema = await renderSchema();
    for (const name of [
      'interface GraphNode',
      'type Actor implements GraphNode',
      'type Initiative implements GraphNode',
      'type Territory implements GraphNode',
      'type Relationship',
      'type Money',
      'scalar Date',
      'type SearchHit',
      'input RelationshipInput',
      'input ActorInput',
      'upsertActor(input: ActorInput!)',
      'createRelationship(input: RelationshipInput!)',
      'mergeActors(keepId: ID!, mergeId: ID!)',
      'history(',
      'enum LinkDirection',
      'tags: [String!]!',
      'attributes: JSON',
      'checksum: String',
    ]) {
      expect(schema).toContain(name);
    }
    for (const type of ['PARTNERS_WITH', 'FUNDS', 'SUPPORTS', 'LEADS', 'PARTICIPATES_IN', 'MEMBER_OF', 'COORDINATES', 'ARTICULATES', 'PART_OF', 'ACTS_IN', 'SUCCEEDED_BY', 'RELATED_TO']) {
      expect(schema).toMatch(new RegExp(`enum RelationshipType \\{[^}]*\\b${type}\\b`));
    }
    expect(schema).toMatch(/enum ActorKind \{[^}]*\bPERSON\b/);
  });
});

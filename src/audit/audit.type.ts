import { Field, ID, ObjectType } from 'type-graphql';
import { GraphQLJSON } from 'graphql-scalars';

@ObjectType({ description: 'One write, as recorded in the audit trail' })
export class AuditEntry {
  @Field(() => ID)
  id: string;

  @Field(() => ID, { description: 'The node or relationship the write concerned' })
  targetId: string;

  @Field({ description: 'e.g. upsertActor, createRelationship, mergeActors, import' })
  operation: string;

  @Field({ description: 'Name of the API key that made the write, or "system"' })
  by: string;

  @Field()
  at: string;

  @Field(() => [String])
  changedFields: string[];

  @Field(() => GraphQLJSON, { nullable: true, description: 'Values of the changed fields before the write' })
  before: Record<string, unknown> | null;

  @Field(() => GraphQLJSON, { nullable: true, description: 'Values of the changed fields after the write' })
  after: Record<string, unknown> | null;
}

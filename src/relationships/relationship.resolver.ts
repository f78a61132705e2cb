import { Arg, Authorized, Ctx, Field, FieldResolver, ID, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { RelationshipAggregate } from './relationship-aggregate.type';
import { Relationship } from './relationship.type';
import { RelationshipInput } from './relationship.input';
import type { RelationshipService } from './relationship.service';
import { Source } from '../sources/source.type';
import { Connection } from '../common/connection';
import { loadSources } from '../common/sources-field';
import type { AppContext } from '../server/context';
import { WrittenBy } from '../common/caller';

@ObjectType()
export class RelationshipConnection extends Connection(Relationship, 'Relationship') {
  @Field(() => RelationshipAggregate, { nullable: true, description: 'Counts and amounts over every matching link; computed only when selected' })
  aggregate?: RelationshipAggregate | null;
}

@Resolver(() => Relationship)
export class RelationshipResolver {
  constructor(private readonly relationshipService: RelationshipService) {}

  @Query(() => Relationship, { nullable: true })
  relationship(@Arg('id', () => ID) id: string, @Ctx() ctx: AppContext): Promise<Relationship | null> {
    return ctx.loaders.relationship.load(id);
  }

  @FieldResolver(() => [Source], { description: 'The sources that state this link' })
  sources(@Root() relationship: Relationship, @Ctx() ctx: AppContext): Promise<Source[]> {
    return loadSources(ctx, relationship);
  }

  @Authorized('editor')
  @Mutation(() => Relationship, { description: 'Creates a link; endpoints and sources must exist' })
  createRelationship(@Arg('input', () => RelationshipInput) input: RelationshipInput, @WrittenBy() by: string): Promise<Relationship> {
    return this.relationshipService.create(input, by);
  }

  @Authorized('editor')
  @Mutation(() => Relationship, { description: 'Replaces a link with the given state, keeping its id' })
  updateRelationship(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => RelationshipInput) input: RelationshipInput,
    @WrittenBy() by: string,
  ): Promise<Relationship> {
    return this.relationshipService.update(id, input, by);
  }

  @Authorized('editor')
  @Mutation(() => Boolean, { description: 'Deletes a link; its audit trail stays' })
  deleteRelationship(@Arg('id', () => ID) id: string, @WrittenBy() by: string): Promise<boolean> {
    return this.relationshipService.delete(id, by);
  }
}

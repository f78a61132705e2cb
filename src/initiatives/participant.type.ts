import { Field, ObjectType } from 'type-graphql';
import { Actor } from '../actors/actor.type';
import { Relationship } from '../relationships/relationship.type';

@ObjectType({ description: 'An actor that leads, joins or coordinates an initiative, and how' })
export class Participant {
  @Field(() => Actor)
  actor: Actor;

  @Field(() => Relationship)
  relationship: Relationship;
}

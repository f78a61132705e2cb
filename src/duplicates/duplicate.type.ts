import { Field, Float, ObjectType } from 'type-graphql';
import { Actor } from '../actors/actor.type';

@ObjectType({ description: 'Two actors that may be one organisation, with the evidence for and against' })
export class DuplicateCandidate {
  @Field(() => Actor, { description: 'The actor of the pair whose id sorts first' })
  a: Actor;

  @Field(() => Actor)
  b: Actor;

  @Field(() => Float, { description: '0 to 1: how likely the two are one organisation, from the evidence in reasons' })
  score: number;

  @Field(() => [String], { description: 'The evidence, strongest first; evidence against starts with "against:"' })
  reasons: string[];

  aId: string;
  bId: string;
}

import { Field, ID, InputType } from 'type-graphql';
import { Type } from 'class-transformer';
import { IsEnum, IsOptional, ValidateNested } from 'class-validator';
import { IsNodeId } from '../common/validation';
import { Direction, RelationshipType } from '../relationships/relationship.type';
import type { RelationshipTypeName } from '../relationships/relationship-kinds';
import { ActorFilter } from '../actors/actor.input';
import { InitiativeFilter } from '../initiatives/initiative.input';
import { FilterBranches, PeriodAndAmountBounds } from './bounds.input';

@InputType({ description: "Conditions on a link's own facts; every field given must hold, and AND, OR and NOT combine filters" })
export class RelationshipFilter extends PeriodAndAmountBounds {
  @FilterBranches(() => RelationshipFilter, 'AND')
  AND?: RelationshipFilter[];

  @FilterBranches(() => RelationshipFilter, 'OR')
  OR?: RelationshipFilter[];

  @FilterBranches(() => RelationshipFilter, 'NOT')
  NOT?: RelationshipFilter;
}

@InputType({
  description:
    'At least one link of this type, in this direction, whose facts and other end match: ' +
    '"actors with a FUNDS link to an initiative in territory X" is ' +
    '`hasLink: {type: FUNDS, direction: OUT, initiative: {territoryId: "X"}}`. At most one of actor, initiative and territoryId.',
})
export class LinkFilter extends PeriodAndAmountBounds {
  @Field(() => RelationshipType)
  @IsEnum(RelationshipType)
  type: RelationshipTypeName;

  @Field(() => Direction, { defaultValue: Direction.BOTH, description: 'Relative to the node being filtered' })
  @IsEnum(Direction)
  direction: Direction = Direction.BOTH;

  @Field(() => ActorFilter, { nullable: true, description: 'The other end is an actor matching this' })
  @IsOptional()
  @ValidateNested()
  @Type(() => ActorFilter)
  actor?: ActorFilter;

  @Field(() => InitiativeFilter, { nullable: true, description: 'The other end is an initiative matching this' })
  @IsOptional()
  @ValidateNested()
  @Type(() => InitiativeFilter)
  initiative?: InitiativeFilter;

  @Field(() => ID, { nullable: true, description: 'The other end is this territory or a territory inside it' })
  @IsOptional()
  @IsNodeId()
  territoryId?: string;

  @Field(() => ID, { nullable: true, description: 'The other end has this id' })
  @IsOptional()
  @IsNodeId()
  otherId?: string;
}

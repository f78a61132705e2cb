import { ArgsType, ClassType, Field, InputType } from 'type-graphql';
import { IsIn, IsOptional } from 'class-validator';
import { RelationshipType } from '../relationships/relationship.type';
import { RELATIONSHIP_TYPES, RelationshipTypeName } from '../relationships/relationship-kinds';
import { DateScalar } from '../common/date.scalar';
import { IsPartialDate } from '../common/validation';

/*
 * The arguments most network queries share, as mixins in the manner of type-graphql's
 * mixin-classes example: each function returns a subclass of its argument with one field more.
 * The subclass is decorated both as an ArgsType and as an InputType, so that argument classes and
 * input types can extend it; it is never named in a resolver, so it never reaches the schema. The
 * schema is printed sorted, so a field's place in the chain does not change it.
 */

export const TYPES_DESCRIPTION = 'Only links of these types; all types when left out';

/** Where a chain of mixins starts for a class that has no other base. */
export class NoFields {}

/** Adds `asOf`: only what was active at that (partial) date. The description is the field's, if any. */
export function withAsOf<TBase extends ClassType>(Base: TBase, description?: string) {
  @ArgsType()
  @InputType()
  class AsOfTrait extends Base {
    @Field(() => DateScalar, { nullable: true, description })
    @IsOptional()
    @IsPartialDate()
    asOf?: string;
  }
  return AsOfTrait;
}

/** Adds `types`: only links of these relationship types. */
export function withTypes<TBase extends ClassType>(Base: TBase, description = TYPES_DESCRIPTION) {
  @ArgsType()
  @InputType()
  class TypesTrait extends Base {
    @Field(() => [RelationshipType], { nullable: true, description })
    @IsOptional()
    @IsIn(RELATIONSHIP_TYPES, { each: true })
    types?: RelationshipTypeName[];
  }
  return TypesTrait;
}

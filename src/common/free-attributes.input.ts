import { Field, InputType } from 'type-graphql';
import { GraphQLJSON } from 'graphql-scalars';
import { IsOptional } from 'class-validator';
import { IsFlatAttributes, IsTags } from './validation';
import { ATTRIBUTES_INPUT_DESCRIPTION, FlatAttributes, TAGS_INPUT_DESCRIPTION } from './free-attributes';

/**
 * The tags and free attributes every node and link input takes. The inputs extend it, and
 * type-graphql and class-validator both read the decorators of a parent class, so its fields are
 * declared and validated on each input as if written there. type-graphql emits only the types
 * the schema reaches, so this one never appears in it by itself.
 */
@InputType()
export abstract class TagsAndAttributesInput {
  @Field(() => [String], { nullable: true, description: TAGS_INPUT_DESCRIPTION })
  @IsOptional()
  @IsTags()
  tags?: string[];

  @Field(() => GraphQLJSON, { nullable: true, description: ATTRIBUTES_INPUT_DESCRIPTION })
  @IsOptional()
  @IsFlatAttributes()
  attributes?: FlatAttributes;
}

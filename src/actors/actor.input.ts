import { Field, ID, InputType } from 'type-graphql';
import { GraphQLJSON } from 'graphql-scalars';
import {
  ArrayMaxSize,
  IsBoolean,
  IsEnum,
  IsISO31661Alpha2,
  IsOptional,
  IsString,
  IsUrl,
  Length,
  MaxLength,
} from 'class-validator';
import { ActorKind } from './actor.type';
import { Scale } from '../common/scale';
import { IsFlatAttributes, IsNodeId, IsTags } from '../common/validation';
import { ATTRIBUTES_INPUT_DESCRIPTION, FlatAttributes, TAGS_INPUT_DESCRIPTION } from '../common/free-attributes';

@InputType({ description: 'Creates an actor, or updates the one with this id. Omitted fields stay as they are.' })
export class ActorInput {
  @Field(() => ID, { nullable: true, description: 'Leave out to create a new actor with a generated id' })
  @IsOptional()
  @IsNodeId()
  id?: string;

  @Field()
  @IsString()
  @Length(1, 300)
  name: string;

  @Field(() => ActorKind)
  @IsEnum(ActorKind)
  kind: ActorKind;

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Length(1, 300, { each: true })
  aliases?: string[];

  @Field({ nullable: true })
  @IsOptional()
  @Length(1, 50)
  acronym?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsBoolean()
  sse?: boolean;

  @Field(() => Scale, { nullable: true })
  @IsOptional()
  @IsEnum(Scale)
  scale?: Scale;

  @Field({ nullable: true })
  @IsOptional()
  @IsISO31661Alpha2()
  countryCode?: string;

  @Field({ nullable: true })
  @IsOptional()
  @Length(1, 10)
  iatiOrgType?: string;

  @Field({ nullable: true })
  @IsOptional()
  @Length(1, 200)
  orgRef?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsUrl({ require_protocol: true, protocols: ['http', 'https'] })
  @MaxLength(2000)
  website?: string;

  @Field({ nullable: true })
  @IsOptional()
  @MaxLength(5000)
  description?: string;

  @Field(() => [ID], { nullable: true, description: 'Sources that back this actor' })
  @IsOptional()
  @ArrayMaxSize(50)
  @IsNodeId({ each: true })
  sourceIds?: string[];

  @Field(() => [String], { nullable: true, description: TAGS_INPUT_DESCRIPTION })
  @IsOptional()
  @IsTags()
  tags?: string[];

  @Field(() => GraphQLJSON, { nullable: true, description: ATTRIBUTES_INPUT_DESCRIPTION })
  @IsOptional()
  @IsFlatAttributes()
  attributes?: FlatAttributes;
}

@InputType()
export class ActorFilter {
  @Field(() => [ActorKind], { nullable: true })
  @IsOptional()
  @IsEnum(ActorKind, { each: true })
  kind?: ActorKind[];

  @Field({ nullable: true })
  @IsOptional()
  @IsBoolean()
  sse?: boolean;

  @Field(() => [Scale], { nullable: true })
  @IsOptional()
  @IsEnum(Scale, { each: true })
  scale?: Scale[];

  @Field({ nullable: true })
  @IsOptional()
  @IsISO31661Alpha2()
  countryCode?: string;

  @Field(() => ID, { nullable: true, description: 'Actors acting in this territory or any territory inside it' })
  @IsOptional()
  @IsNodeId()
  territoryId?: string;

  @Field({ nullable: true, description: 'Full-text match on name, aliases and acronym (accent-insensitive)' })
  @IsOptional()
  @Length(1, 200)
  text?: string;
}

import { Field, ID, InputType } from 'type-graphql';
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
  ValidateNested,
} from 'class-validator';
import { Type } from 'class-transformer';
import { ActorKind } from './actor.type';
import { Scale } from '../common/scale';
import { HasNameText, IsNodeId } from '../common/validation';
import { NAME_INPUT_DESCRIPTION } from '../common/names';
import { IdentifierInput, IsIdentifierText } from './identifier.input';
import { TagsAndAttributesInput } from '../common/free-attributes.input';
import { FilterBranches } from '../filters/bounds.input';
import { LinkFilter } from '../filters/filter.input';

@InputType({ description: 'Creates an actor, or updates the one with this id. Omitted fields stay as they are.' })
export class ActorInput extends TagsAndAttributesInput {
  @Field(() => ID, { nullable: true, description: 'Leave out to create a new actor with a generated id' })
  @IsOptional()
  @IsNodeId()
  id?: string;

  @Field({ description: NAME_INPUT_DESCRIPTION })
  @IsString()
  @Length(1, 300)
  @HasNameText()
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

  @Field(() => [IdentifierInput], {
    nullable: true,
    description:
      'Identifiers to add to the ones the actor has: an upsert never removes one. Each identifies one actor only: ' +
      'one that another actor holds is refused. One without sourceIds cites the sourceIds given here.',
  })
  @IsOptional()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => IdentifierInput)
  identifiers?: IdentifierInput[];
}

@InputType({ description: 'Every field given must hold; AND, OR and NOT combine filters (nested at most 5 deep)' })
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

  @Field({
    nullable: true,
    description: 'The actor that holds this identifier: bare (XM-DAC-41114, Q1047: any scheme it is well-formed in) or SCHEME:VALUE (IATI:XM-DAC-41114); compared normalised',
  })
  @IsOptional()
  @Length(1, 220)
  @IsIdentifierText()
  identifier?: string;

  @Field(() => LinkFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => LinkFilter)
  hasLink?: LinkFilter;

  @FilterBranches(() => ActorFilter, 'AND')
  AND?: ActorFilter[];

  @FilterBranches(() => ActorFilter, 'OR')
  OR?: ActorFilter[];

  @FilterBranches(() => ActorFilter, 'NOT')
  NOT?: ActorFilter;
}

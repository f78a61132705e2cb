import { Field, ID, InputType } from 'type-graphql';
import { ArrayMaxSize, IsEnum, IsOptional, IsString, Length, Matches } from 'class-validator';
import { TerritoryLevel } from './territory.type';
import { HasNameText, IsNodeId } from '../common/validation';
import { NAME_INPUT_DESCRIPTION } from '../common/names';
import { TagsAndAttributesInput } from '../common/free-attributes.input';

@InputType({ description: 'Creates a territory, or updates the one with this id' })
export class TerritoryInput extends TagsAndAttributesInput {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsNodeId()
  id?: string;

  @Field({ description: NAME_INPUT_DESCRIPTION })
  @Length(1, 300)
  @HasNameText()
  name: string;

  @Field(() => TerritoryLevel)
  @IsEnum(TerritoryLevel)
  level: TerritoryLevel;

  @Field({ nullable: true })
  @IsOptional()
  @Matches(/^[A-Za-z0-9-]{1,20}$/, { message: '$property must be a short code such as BO or BO-T' })
  code?: string;

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Length(1, 300, { each: true })
  aliases?: string[];

  @Field(() => ID, { nullable: true, description: 'The enclosing territory; creates the PART_OF link' })
  @IsOptional()
  @IsNodeId()
  parentId?: string;

  @Field(() => [ID], { nullable: true, description: 'Sources for the territory and its PART_OF link' })
  @IsOptional()
  @ArrayMaxSize(50)
  @IsNodeId({ each: true })
  sourceIds?: string[];
}

@InputType()
export class TerritoryFilter {
  @Field(() => [TerritoryLevel], { nullable: true })
  @IsOptional()
  @IsEnum(TerritoryLevel, { each: true })
  level?: TerritoryLevel[];

  @Field(() => ID, { nullable: true, description: 'Territories inside this one, at any depth' })
  @IsOptional()
  @IsNodeId()
  withinId?: string;

  @Field({ nullable: true })
  @IsOptional()
  @Length(1, 200)
  text?: string;
}

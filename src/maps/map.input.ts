import { ArgsType, Field, Float, ID, InputType, Int } from 'type-graphql';
import { GraphQLDateTime } from 'graphql-scalars';
import {
  ArrayMaxSize,
  IsEnum,
  IsNumber,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { Type } from 'class-transformer';
import { Cost } from '../common/cost';
import { DateScalar } from '../common/date.scalar';
import { HasNameText, IsNodeId, IsPartialDate } from '../common/validation';
import { NoFields, withAsOf, withTypes } from '../network/network.mixins';
import { MapVisibility } from './map.type';

/** The bounds of a map; the README's "Saved maps" section states them. */
export const MAP_LIMITS = {
  nodes: 5000,
  annotations: 1000,
  name: 200,
  description: 5000,
  text: 2000,
  sourceIds: 20,
  /** Positions are layout units, |x| and |y| at most this. */
  coordinate: 1e6,
  size: { min: 0.1, max: 10 },
} as const;

export const MAPS_FIRST = { default: 20, max: 100 } as const;
export const CHANGES_FIRST = { default: 200, max: 500 } as const;

const COLOR = /^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/;

function Coordinate() {
  return function (object: object, propertyName: string) {
    IsOptional()(object, propertyName);
    IsNumber({ allowNaN: false, allowInfinity: false })(object, propertyName);
    Min(-MAP_LIMITS.coordinate)(object, propertyName);
    Max(MAP_LIMITS.coordinate)(object, propertyName);
  };
}

@InputType({ description: 'A node of a map: an actor, initiative or territory, where it is drawn and how' })
export class MapNodeInput {
  @Field(() => ID, { description: 'The id of an actor, initiative or territory' })
  @IsNodeId()
  id: string;

  @Field(() => Float, { nullable: true, description: 'Leave x and y out together to let the client lay the node out' })
  @Coordinate()
  x?: number | null;

  @Field(() => Float, { nullable: true })
  @Coordinate()
  y?: number | null;

  @Field(() => String, { nullable: true, description: 'Fill colour, #rgb or #rrggbb' })
  @IsOptional()
  @Matches(COLOR, { message: '$property must be a colour written #rgb or #rrggbb' })
  color?: string | null;

  @Field(() => Float, { nullable: true, description: `Relative size, ${MAP_LIMITS.size.min} to ${MAP_LIMITS.size.max}; 1 is the default` })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(MAP_LIMITS.size.min)
  @Max(MAP_LIMITS.size.max)
  size?: number | null;
}

@InputType({ description: 'A note pinned to exactly one of: a node of the map (nodeId), a link between two of its nodes (relationshipId), or a point (x and y)' })
export class AnnotationInput {
  @Field(() => ID, { nullable: true, description: 'Leave out for a generated id' })
  @IsOptional()
  @IsNodeId()
  id?: string | null;

  @Field()
  @IsString()
  @Length(1, MAP_LIMITS.text)
  text: string;

  @Field(() => ID, { nullable: true, description: 'A node of this map' })
  @IsOptional()
  @IsNodeId()
  nodeId?: string | null;

  @Field(() => ID, { nullable: true, description: 'A link whose two ends are nodes of this map' })
  @IsOptional()
  @IsNodeId()
  relationshipId?: string | null;

  @Field(() => Float, { nullable: true })
  @Coordinate()
  x?: number | null;

  @Field(() => Float, { nullable: true })
  @Coordinate()
  y?: number | null;

  @Field(() => [ID], { nullable: true, description: 'Existing sources that back the note' })
  @IsOptional()
  @ArrayMaxSize(MAP_LIMITS.sourceIds)
  @IsNodeId({ each: true })
  sourceIds?: string[] | null;
}

@InputType({
  description:
    'The whole state of a map: saveMap creates the map, or replaces the content of the one with this id. ' +
    'Fields left out are empty (no description, no annotations, no asOf), except visibility, which a new map takes as PRIVATE and an existing one keeps.',
})
export class MapInput {
  @Field(() => ID, { nullable: true, description: 'Leave out to create a map with a generated id' })
  @IsOptional()
  @IsNodeId()
  id?: string | null;

  @Field()
  @IsString()
  @Length(1, MAP_LIMITS.name)
  @HasNameText()
  name: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(MAP_LIMITS.description)
  description?: string | null;

  @Field(() => [MapNodeInput], { description: `At most ${MAP_LIMITS.nodes}, each id once` })
  @ArrayMaxSize(MAP_LIMITS.nodes)
  @ValidateNested({ each: true })
  @Type(() => MapNodeInput)
  nodes: MapNodeInput[];

  @Field(() => [AnnotationInput], { nullable: true, description: `At most ${MAP_LIMITS.annotations}` })
  @IsOptional()
  @ArrayMaxSize(MAP_LIMITS.annotations)
  @ValidateNested({ each: true })
  @Type(() => AnnotationInput)
  annotations?: AnnotationInput[] | null;

  @Field(() => DateScalar, { nullable: true, description: 'The date the map shows the network at' })
  @IsOptional()
  @IsPartialDate()
  asOf?: string | null;

  @Field(() => MapVisibility, { nullable: true })
  @IsOptional()
  @IsEnum(MapVisibility)
  visibility?: MapVisibility | null;

  @Field(() => Int, {
    nullable: true,
    description: 'The version this save starts from (Map.version; 0 for a new map): refused when the map was saved since. Leave out to overwrite whatever is there',
  })
  @Cost('free')
  @IsOptional()
  @Min(0)
  version?: number | null;
}

@ArgsType()
export class MapsArgs {
  @Field(() => Int, { defaultValue: MAPS_FIRST.default, description: `Page size, 0..${MAPS_FIRST.max}` })
  @Cost('rows')
  @Min(0)
  @Max(MAPS_FIRST.max)
  first: number = MAPS_FIRST.default;

  @Field({ nullable: true, description: 'Opaque cursor from a previous page (pageInfo.endCursor)' })
  @IsOptional()
  after?: string;
}

@ArgsType()
export class ChangesSinceArgs {
  @Field(() => GraphQLDateTime, { description: 'e.g. the map\'s updatedAt: what changed since it was saved' })
  date: Date;

  @Field(() => Int, { defaultValue: CHANGES_FIRST.default, description: `At most this many changes, newest first (1..${CHANGES_FIRST.max})` })
  @Cost('rows')
  @Min(1)
  @Max(CHANGES_FIRST.max)
  first: number = CHANGES_FIRST.default;
}

@ArgsType()
export class MapNetworkArgs extends withAsOf(withTypes(NoFields), 'Only links active at this date; the map\'s own asOf when left out') {}

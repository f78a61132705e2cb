import { ArgsType, Field, Int } from 'type-graphql';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/**
 * What software WebGL in a browser draws and a request reads in seconds: tens of thousands of
 * nodes, a few links each. A client may ask for fewer; more is refused, naming the parameter.
 */
export const OVERVIEW_NODES = { default: 20_000, max: 50_000 } as const;
export const OVERVIEW_LINKS = { default: 60_000, max: 200_000 } as const;

/** GET /overview: its query parameters, validated with class-validator like the GraphQL arguments. */
@ArgsType()
export class OverviewArgs {
  @Field(() => Int, { defaultValue: OVERVIEW_NODES.default })
  @IsInt()
  @Min(1)
  @Max(OVERVIEW_NODES.max)
  nodes: number = OVERVIEW_NODES.default;

  @Field(() => Int, { defaultValue: OVERVIEW_LINKS.default })
  @IsInt()
  @Min(0)
  @Max(OVERVIEW_LINKS.max)
  links: number = OVERVIEW_LINKS.default;

  @Field(() => Int, { nullable: true, description: 'Only this Louvain community of the current analysis' })
  @IsOptional()
  @IsInt()
  @Min(0)
  community?: number;
}

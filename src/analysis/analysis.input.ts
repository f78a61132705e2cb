import { ArgsType, Field, InputType, Int } from 'type-graphql';
import { ArrayMaxSize, ArrayMinSize, IsEnum, IsInt, IsOptional, Max, Min } from 'class-validator';
import { Cost } from '../common/cost';
import { RelationshipType } from '../relationships/relationship.type';
import type { RelationshipTypeName } from '../relationships/relationship-kinds';
import { AnalysisMetric } from './analysis.type';
import { ANALYSIS_LIMITS, COMMUNITIES_FIRST } from './analysis.service';

@InputType({ description: 'What a whole-graph analysis computes, and on which links' })
export class AnalysisInput {
  @Field(() => [RelationshipType], { nullable: true, description: 'Links to analyse; every type but PART_OF and ACTS_IN when left out' })
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsEnum(RelationshipType, { each: true })
  types?: RelationshipTypeName[];

  @Field(() => [AnalysisMetric], { nullable: true, description: 'Every metric when left out; degree is always computed' })
  @IsOptional()
  @ArrayMinSize(1)
  @IsEnum(AnalysisMetric, { each: true })
  metrics?: AnalysisMetric[];

  @Field(() => Int, {
    nullable: true,
    description: `Exact betweenness and closeness up to this many nodes, sampled above (${ANALYSIS_LIMITS.exactBelow.min}-${ANALYSIS_LIMITS.exactBelow.max}, default ${ANALYSIS_LIMITS.exactBelow.default})`,
  })
  // The job runs in the background: none of these weighs on the request.
  @Cost('free')
  @IsOptional()
  @IsInt()
  @Min(ANALYSIS_LIMITS.exactBelow.min)
  @Max(ANALYSIS_LIMITS.exactBelow.max)
  exactBelow?: number;

  @Field(() => Int, {
    nullable: true,
    description: `Pivots of the sampled betweenness and closeness (${ANALYSIS_LIMITS.sampleSize.min}-${ANALYSIS_LIMITS.sampleSize.max}, default ${ANALYSIS_LIMITS.sampleSize.default})`,
  })
  // The job runs in the background: none of these weighs on the request.
  @Cost('free')
  @IsOptional()
  @IsInt()
  @Min(ANALYSIS_LIMITS.sampleSize.min)
  @Max(ANALYSIS_LIMITS.sampleSize.max)
  sampleSize?: number;

  @Field(() => Int, { nullable: true, description: `ForceAtlas2 iterations (up to ${ANALYSIS_LIMITS.layoutIterations.max}); by default about a million divided by the node count, 3 to 100` })
  // The job runs in the background: none of these weighs on the request.
  @Cost('free')
  @IsOptional()
  @IsInt()
  @Min(ANALYSIS_LIMITS.layoutIterations.min)
  @Max(ANALYSIS_LIMITS.layoutIterations.max)
  layoutIterations?: number;
}

@ArgsType()
export class CommunitiesArgs {
  @Field(() => Int, { defaultValue: COMMUNITIES_FIRST.default, description: `The largest communities first, up to ${COMMUNITIES_FIRST.max}` })
  @Cost('rows')
  @Min(0)
  @Max(COMMUNITIES_FIRST.max)
  first: number = COMMUNITIES_FIRST.default;
}

@ArgsType()
export class CommunityNetworkArgs {
  @Field(() => Int, { defaultValue: 200, description: `The largest communities, up to ${COMMUNITIES_FIRST.max}, and the links among them` })
  @Cost('rows')
  @Min(1)
  @Max(COMMUNITIES_FIRST.max)
  first: number = 200;
}

import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { WrittenBy } from '../common/caller';
import { nullableNumber } from '../common/neo4j-values';
import type { GraphNode } from '../common/graph-node';
import { GraphNode as GraphNodeType } from '../common/graph-node';
import { Actor } from '../actors/actor.type';
import { Initiative } from '../initiatives/initiative.type';
import { Territory } from '../territories/territory.type';
import type { NodeLabel } from '../relationships/relationship-kinds';
import type { AppContext } from '../server/context';
import type { AnalysisService } from './analysis.service';
import type { JobRow, StoredMetricsRow } from './analysis.repository';
import type { StoredCommunity } from './analysis.aggregates';
import { METRIC_KEYS } from './analysis.properties';
import { AnalysisInput, CommunitiesArgs, CommunityNetworkArgs } from './analysis.input';
import { AnalysisJob, Community, CommunityNetwork, StoredMetrics } from './analysis.type';

function toJob(row: JobRow): AnalysisJob {
  const text = (value: unknown) => (value === null || value === undefined ? null : String(value));
  return Object.assign(new AnalysisJob(), {
    id: String(row.id),
    state: row.state,
    progress: Number(row.progress ?? 0),
    phase: text(row.phase),
    createdAt: String(row.createdAt),
    startedAt: text(row.startedAt),
    finishedAt: text(row.finishedAt),
    nodeCount: nullableNumber(row.nodeCount),
    edgeCount: nullableNumber(row.edgeCount),
    error: text(row.error),
    sampleSize: nullableNumber(row.sampleSize),
    types: (row.types as string[]) ?? [],
    metrics: (row.metrics as string[]) ?? [],
    exactBelow: Number(row.exactBelow),
    requestedSampleSize: Number(row.requestedSampleSize),
    layoutIterations: nullableNumber(row.layoutIterations),
    communityCount: nullableNumber(row.communityCount),
    modularity: nullableNumber(row.modularity),
    current: row.current === true,
    requestedBy: text(row.requestedBy),
  });
}

function toStoredMetrics(row: StoredMetricsRow): StoredMetrics {
  const value = (key: (typeof METRIC_KEYS)[number]) => row.values[METRIC_KEYS.indexOf(key)];
  return Object.assign(new StoredMetrics(), {
    degree: value('degree') ?? 0,
    pagerank: value('pagerank'),
    betweenness: value('betweenness'),
    closeness: value('closeness'),
    eigenvector: value('eigenvector'),
    community: value('community'),
    x: value('x'),
    y: value('y'),
    computedAt: row.computedAt,
    jobId: row.jobId,
  });
}

function toCommunity(stored: StoredCommunity): Community {
  return Object.assign(new Community(), {
    id: stored.id,
    size: stored.size,
    label: stored.label,
    internalLinks: stored.internalLinks,
    x: stored.x,
    y: stored.y,
    topNodeRefs: stored.topNodes,
  });
}

/** One batched statement per label and request, whatever the number of nodes (the loader). */
async function storedMetricsOf(ctx: AppContext, label: NodeLabel, id: string): Promise<StoredMetrics | null> {
  const row = await ctx.loaders.storedMetrics(label).load(id);
  return row ? toStoredMetrics(row) : null;
}

const METRICS_FIELD = {
  nullable: true,
  description: 'Its metrics in the whole graph, from the current analysis job (startAnalysis); null before any, or for a node added since',
} as const;

@Resolver(() => AnalysisJob)
export class AnalysisResolver {
  constructor(private readonly analysis: AnalysisService) {}

  @Query(() => AnalysisJob, { nullable: true, description: 'One analysis job by id' })
  async analysisJob(@Arg('id', () => ID) id: string): Promise<AnalysisJob | null> {
    const row = await this.analysis.byId(id);
    return row ? toJob(row) : null;
  }

  @Query(() => AnalysisJob, { nullable: true, description: 'The job whose metrics nodes show now; null before the first one is DONE' })
  async currentAnalysis(): Promise<AnalysisJob | null> {
    const row = await this.analysis.current();
    return row ? toJob(row) : null;
  }

  @Authorized('editor')
  @Mutation(() => AnalysisJob, {
    description:
      'Starts a whole-graph analysis in the background and returns it QUEUED; follow it with analysisJob(id). ' +
      'One at a time: refused (BAD_USER_INPUT, with the running job\'s id in the message) while another is QUEUED or RUNNING',
  })
  async startAnalysis(
    @Arg('input', () => AnalysisInput, { nullable: true }) input: AnalysisInput | undefined,
    @WrittenBy() by: string,
  ): Promise<AnalysisJob> {
    return toJob(await this.analysis.start(input ?? {}, by));
  }

  @Authorized('editor')
  @Mutation(() => AnalysisJob, { description: 'Stops a QUEUED or RUNNING job: FAILED, and the previous metrics stay as they were' })
  async cancelAnalysis(@Arg('id', () => ID) id: string, @WrittenBy() by: string): Promise<AnalysisJob> {
    return toJob(await this.analysis.cancel(id, by));
  }

  @Query(() => [Community], { description: 'The Louvain communities of the current analysis, largest first; empty before any analysis' })
  async communities(@Args() { first }: CommunitiesArgs): Promise<Community[]> {
    return ((await this.analysis.communities(first))?.communities ?? []).map(toCommunity);
  }

  @Query(() => CommunityNetwork, { nullable: true, description: 'The community meta-graph of the current analysis; null before any' })
  async communityNetwork(@Args() { first }: CommunityNetworkArgs): Promise<CommunityNetwork | null> {
    const network = await this.analysis.communityNetwork(first);
    return network && Object.assign(new CommunityNetwork(), { jobId: network.jobId, nodes: network.communities.map(toCommunity), links: network.links });
  }
}

@Resolver(() => Community)
export class CommunityResolver {
  @FieldResolver(() => [GraphNodeType], { description: 'Its most central nodes (by PageRank), most central first' })
  async topNodes(@Root() community: Community, @Ctx() ctx: AppContext): Promise<GraphNode[]> {
    const loaded = await Promise.all(
      community.topNodeRefs.map(({ id, label }) =>
        label === 'Actor' ? ctx.loaders.actor.load(id) : label === 'Initiative' ? ctx.loaders.initiative.load(id) : ctx.loaders.territory.load(id),
      ),
    );
    return loaded.filter((node): node is NonNullable<typeof node> => node !== null);
  }
}

@Resolver(() => Actor)
export class ActorMetricsResolver {
  @FieldResolver(() => StoredMetrics, METRICS_FIELD)
  metrics(@Root() actor: Actor, @Ctx() ctx: AppContext): Promise<StoredMetrics | null> {
    return storedMetricsOf(ctx, 'Actor', actor.id);
  }
}

@Resolver(() => Initiative)
export class InitiativeMetricsResolver {
  @FieldResolver(() => StoredMetrics, METRICS_FIELD)
  metrics(@Root() initiative: Initiative, @Ctx() ctx: AppContext): Promise<StoredMetrics | null> {
    return storedMetricsOf(ctx, 'Initiative', initiative.id);
  }
}

@Resolver(() => Territory)
export class TerritoryMetricsResolver {
  @FieldResolver(() => StoredMetrics, METRICS_FIELD)
  metrics(@Root() territory: Territory, @Ctx() ctx: AppContext): Promise<StoredMetrics | null> {
    return storedMetricsOf(ctx, 'Territory', territory.id);
  }
}

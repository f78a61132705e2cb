import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Info, Query, Resolver } from 'type-graphql';
import { selects } from '../common/selection';
import { partnerReads } from './partner-paths';
import { GraphNode } from '../common/graph-node';
import type { NetworkService } from './network.service';
import {
  EgoNetworkArgs,
  FundingChainsArgs,
  FundingFlowsArgs,
  NetworkFilter,
  NodeAsOfArgs,
  PartnersArgs,
  SharedPartnersArgs,
  ShortestPathArgs,
} from './network.input';
import { Interlock, Partner } from './partner.type';
import { FundingChain, Sankey } from './funding.type';
import { Articulation } from './articulation.type';
import { Path } from './path.type';
import { readsEdgeProperties } from './network-reads';
import { Network, NetworkData } from './network.type';
import { TimelineEvent } from './timeline.type';

const toNetwork = (data: NetworkData): Network => Object.assign(new Network(), data);

@Resolver()
export class NetworkResolver {
  constructor(private readonly networkService: NetworkService) {}

  @Query(() => [Partner], { description: 'Actors reached through partnerships, nearest first, each with its shortest path' })
  partners(@Args() { actorId, ...options }: PartnersArgs, @Info() info: GraphQLResolveInfo): Promise<Partner[]> {
    return this.networkService.partners(actorId, { ...options, ...partnerReads(info) });
  }

  @Query(() => [GraphNode], { description: 'Actors and initiatives that all the given actors are linked to (interlocks)' })
  sharedPartners(@Args() { actorIds, ...options }: SharedPartnersArgs): Promise<GraphNode[]> {
    return this.networkService.sharedPartners(actorIds, options);
  }

  @Query(() => [Interlock], { description: 'Like sharedPartners, with the links that join each node to the given actors' })
  interlocks(@Args() { actorIds, ...options }: SharedPartnersArgs): Promise<Interlock[]> {
    return this.networkService.interlocks(actorIds, options);
  }

  @Query(() => [FundingChain], { description: 'Chains of FUNDS links from a funder and/or to a recipient, shortest first' })
  fundingChains(@Args() args: FundingChainsArgs, @Info() info: GraphQLResolveInfo): Promise<FundingChain[]> {
    return this.networkService.fundingChains({ ...args, endpoints: selects(info, 'steps', 'from') || selects(info, 'steps', 'to') });
  }

  @Query(() => Sankey, { description: 'FUNDS links around a funder or a recipient, summed per pair and currency, for Sankey diagrams' })
  fundingFlows(@Args() { rootId, ...options }: FundingFlowsArgs): Promise<Sankey> {
    return this.networkService.fundingFlows(rootId, options);
  }

  @Query(() => Articulation, { nullable: true, description: 'What a platform or actor links, grouped by level from local to international' })
  articulation(@Args() { id, asOf }: NodeAsOfArgs): Promise<Articulation | null> {
    return this.networkService.articulation(id, { asOf });
  }

  @Query(() => Path, { nullable: true, description: 'A shortest undirected path between two nodes, or null' })
  shortestPath(@Args() { from, to, ...options }: ShortestPathArgs): Promise<Path | null> {
    return this.networkService.shortestPath(from, to, options);
  }

  @Query(() => Network, { description: 'The nodes within radius of a node, nearest first, and the links among them' })
  async egoNetwork(@Args() { id, ...options }: EgoNetworkArgs, @Info() info: GraphQLResolveInfo): Promise<Network> {
    return toNetwork(await this.networkService.egoNetwork(id, { ...options, edgeProperties: readsEdgeProperties(info) }));
  }

  @Query(() => Network, { description: 'A filtered subgraph with the links among its nodes' })
  async network(@Arg('filter', () => NetworkFilter, { nullable: true }) filter?: NetworkFilter): Promise<Network> {
    return toNetwork(await this.networkService.network(filter ?? {}));
  }

  @Query(() => [TimelineEvent], { description: 'Dated events around a node: its links and initiatives starting and ending, in date order' })
  timeline(@Args() { id, asOf }: NodeAsOfArgs): Promise<TimelineEvent[]> {
    return this.networkService.timeline(id, { asOf });
  }
}

import { FieldResolver, Resolver, Root } from 'type-graphql';
import { Network, NetworkNode } from '../network/network.type';
import type { AnalyticsService } from './analytics.service';
import { NetworkStats, NodeMetrics } from './analytics.type';

@Resolver(() => Network)
export class NetworkAnalyticsResolver {
  constructor(private readonly analytics: AnalyticsService) {}

  /** Same nodes as the network holds; resolving them through here lets each node find its network for metrics. */
  @FieldResolver(() => [NetworkNode])
  nodes(@Root() network: Network): NetworkNode[] {
    return this.analytics.adopt(network);
  }

  @FieldResolver(() => NetworkStats, { description: 'Size, density, components and Louvain modularity of this network' })
  stats(@Root() network: Network): NetworkStats {
    return this.analytics.stats(network);
  }
}

@Resolver(() => NetworkNode)
export class NodeMetricsResolver {
  constructor(private readonly analytics: AnalyticsService) {}

  @FieldResolver(() => NodeMetrics, {
    nullable: true,
    description: 'Centralities and community of the node within the network it was returned in; null outside a Network',
  })
  metrics(@Root() node: NetworkNode): NodeMetrics | null {
    return this.analytics.metricsOf(node);
  }
}

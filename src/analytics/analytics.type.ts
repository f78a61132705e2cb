import { Field, Float, Int, ObjectType } from 'type-graphql';
import type { NetworkAnalysis } from './network-analysis';

@ObjectType({
  description:
    'Centralities of a node within the returned network (not the whole database), computed with graphology ' +
    'the first time they are asked for. Degrees count links; the other measures use the undirected simple ' +
    'graph under the links (one edge per linked pair, self-links dropped), following networkx conventions.',
})
export class NodeMetrics {
  constructor(
    private readonly analysis: NetworkAnalysis,
    readonly nodeId: string,
  ) {}

  @Field(() => Int, { description: 'Links at this node, in either direction; a self-link counts twice' })
  get degree(): number {
    return this.analysis.degrees(this.nodeId).degree;
  }

  @Field(() => Int, { description: 'Links pointing to this node' })
  get inDegree(): number {
    return this.analysis.degrees(this.nodeId).inDegree;
  }

  @Field(() => Int, { description: 'Links starting at this node' })
  get outDegree(): number {
    return this.analysis.degrees(this.nodeId).outDegree;
  }

  @Field(() => Float, { description: 'Distinct neighbours divided by (n - 1), as networkx degree_centrality' })
  get degreeCentrality(): number {
    return this.analysis.degreeCentrality()[this.nodeId];
  }

  @Field(() => Float, {
    nullable: true,
    description:
      'Normalised betweenness: share of shortest paths between other pairs that pass through the node. ' +
      'Null when the network is too large to compute it within a request (nodes x (nodes + linked pairs) over 25 million)',
  })
  get betweenness(): number | null {
    return this.analysis.betweenness()?.[this.nodeId] ?? null;
  }

  @Field(() => Float, {
    nullable: true,
    description:
      "Closeness within the node's component, scaled by the share of nodes it reaches (networkx's default, Wasserman-Faust); " +
      '0 when isolated; null when the network is too large, as for betweenness',
  })
  get closeness(): number | null {
    return this.analysis.closeness()?.[this.nodeId] ?? null;
  }

  @Field(() => Float, { nullable: true, description: 'Eigenvector centrality (L2-normalised); null when the power iteration does not converge' })
  get eigenvector(): number | null {
    return this.analysis.eigenvector()?.[this.nodeId] ?? null;
  }

  @Field(() => Float, { nullable: true, description: 'PageRank with damping 0.85; null when the power iteration does not converge' })
  get pagerank(): number | null {
    return this.analysis.pagerank()?.[this.nodeId] ?? null;
  }

  @Field(() => Int, {
    description: 'Louvain community (fixed seed, so the same network always gives the same partition); 0 is the largest community',
  })
  get community(): number {
    return this.analysis.communities().communities[this.nodeId];
  }
}

@ObjectType({ description: 'Whole-network figures for the returned network' })
export class NetworkStats {
  @Field(() => Int)
  nodeCount: number;

  @Field(() => Int, { description: 'Links, counting parallel links of different types separately' })
  edgeCount: number;

  @Field(() => Float, { description: 'Linked pairs divided by possible pairs, n(n-1)/2; 0 below two nodes' })
  density: number;

  @Field(() => Int, { description: 'Connected components, ignoring link direction' })
  components: number;

  @Field(() => Int, { description: 'Louvain communities' })
  communities: number;

  @Field(() => Float, { nullable: true, description: 'Newman modularity of the Louvain partition; null when there is no link' })
  modularity: number | null;
}

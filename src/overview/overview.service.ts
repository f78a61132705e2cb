import type { Database } from '../db/database';
import { nullableNumber } from '../common/neo4j-values';
import { AnalysisRepository } from '../analysis/analysis.repository';
import type { SlotPrefix } from '../analysis/analysis.properties';
import { NetworkRepository } from '../network/network.repository';
import { NODE_LABELS, NodeLabel, RELATIONSHIP_TYPES, RelationshipTypeName } from '../relationships/relationship-kinds';
import type { OverviewArgs } from './overview.input';
import { OverviewRepository } from './overview.repository';
import type { Overview, OverviewAnalysis } from './overview.type';

/** An overview reads up to 50,000 nodes and their links: more than an interactive query's timeout allows on a cold cache. */
export const OVERVIEW_TIMEOUT_MS = 60_000;

/**
 * The overview of a graph too big to lay out in a browser: the analysis job computed the layout
 * once for the whole graph (ForceAtlas2, in its worker), and the overview draws its most central
 * nodes where the job placed them, as Kumu and Graph Commons show a whole network. Everything is
 * read in one read transaction, against the analysis current when it began.
 */
export class OverviewService {
  constructor(
    private readonly db: Database,
    private readonly repository = new OverviewRepository(),
    private readonly analyses = new AnalysisRepository(),
    private readonly network = new NetworkRepository(),
  ) {}

  async overview(args: OverviewArgs): Promise<Overview> {
    const community = args.community ?? null;
    return this.db.read(
      async (tx) => {
        const graph = await this.network.wholeGraphCounts(tx, NODE_LABELS, RELATIONSHIP_TYPES);
        const job = await this.analyses.currentJob(tx);
        if (!job) return { graph, analysis: null, community, nodes: [], links: [], truncated: false };
        const slot = { prefix: job.prefix as SlotPrefix, jobId: String(job.id) };
        const analysis: OverviewAnalysis = {
          jobId: slot.jobId,
          computedAt: String(job.finishedAt),
          nodeCount: Number(job.nodeCount ?? 0),
          edgeCount: Number(job.edgeCount ?? 0),
          types: ((job.types as string[] | null) ?? []) as RelationshipTypeName[],
          communityCount: nullableNumber(job.communityCount),
          modularity: nullableNumber(job.modularity),
        };
        const nodes = await this.repository.nodes(tx, { slot, limit: args.nodes + 1, community });
        const nodesCut = nodes.length > args.nodes;
        if (nodesCut) nodes.pop();
        const last = nodes[nodes.length - 1];
        if (!last || args.links === 0 || analysis.types.length === 0) {
          return { graph, analysis, community, nodes, links: [], truncated: nodesCut || (args.links === 0 && nodes.length > 0) };
        }
        const idsByLabel = new Map<NodeLabel, string[]>();
        for (const node of nodes) {
          const ids = idsByLabel.get(node.type);
          if (ids) ids.push(node.id);
          else idsByLabel.set(node.type, [node.id]);
        }
        const links = await this.repository.links(tx, {
          slot,
          community,
          idsByLabel,
          lowest: { pagerank: last.pagerank ?? -1, id: last.id },
          types: analysis.types,
          limit: args.links + 1,
        });
        const linksCut = links.length > args.links;
        if (linksCut) links.pop();
        return { graph, analysis, community, nodes, links, truncated: nodesCut || linksCut };
      },
      { timeoutMs: OVERVIEW_TIMEOUT_MS },
    );
  }
}

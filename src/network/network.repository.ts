import type { Tx } from '../db/database';
import type { AnalysisSlot } from '../analysis/analysis.properties';
import type { NodeLabel, RelationshipTypeName } from '../relationships/relationship-kinds';
import type { RelationshipRow } from '../relationships/relationship.repository';
import {
  articulationStatement,
  ArticulationRows,
  AsOf,
  decodeArticulation,
  decodeEgoNetwork,
  decodeFundingChains,
  decodeFundingFlows,
  decodeInterlocks,
  decodeNetwork,
  decodePartners,
  decodeShortestPath,
  decodeTimeline,
  egoNetworkStatement,
  FlowRows,
  FundingChainQuery,
  fundingChainsStatement,
  fundingFlowsStatement,
  type FundingFlowQuery,
  InterlockRow,
  interlocksStatement,
  NetworkQuery,
  NetworkRows,
  networkStatement,
  PartnerQuery,
  PartnerRows,
  partnersStatement,
  PathRows,
  shortestPathStatement,
  TimelineRows,
  timelineStatement,
  decodeWholeGraphCounts,
  decodeWholeGraphLinks,
  decodeWholeGraphNodes,
  EdgeRow,
  PageQuery,
  wholeGraphCountsStatement,
  wholeGraphLinksStatement,
  wholeGraphNodesStatement,
} from './queries';
import { runStatement } from './queries/cypher';

/**
 * The network queries, one statement each. The Cypher and the decoding of each live in its
 * module under ./queries; this class only runs them. The methods are async so that a
 * builder's RangeError (a hop bound, an empty type list) rejects, as a failed run would.
 */
export class NetworkRepository {
  /** Partners of many roots at once (for the Actor.partners loader), in one statement. */
  async partners(tx: Tx, rootIds: readonly string[], q: PartnerQuery): Promise<Map<string, PartnerRows>> {
    return runStatement(tx, partnersStatement(rootIds, q), decodePartners);
  }

  /** Actors and initiatives linked to every one of the given actors, with those links. */
  async interlocks(tx: Tx, actorIds: readonly string[], types: readonly RelationshipTypeName[], asOf: AsOf, first: number): Promise<InterlockRow[]> {
    return runStatement(tx, interlocksStatement({ actorIds, types, first, ...asOf }), decodeInterlocks);
  }

  async fundingChains(tx: Tx, q: FundingChainQuery): Promise<RelationshipRow[][][]> {
    return runStatement(tx, fundingChainsStatement(q), decodeFundingChains);
  }

  async fundingFlows(tx: Tx, q: FundingFlowQuery): Promise<FlowRows | null> {
    return runStatement(tx, fundingFlowsStatement(q), decodeFundingFlows);
  }

  async articulation(tx: Tx, id: string, asOf: AsOf): Promise<ArticulationRows | null> {
    return runStatement(tx, articulationStatement({ id, ...asOf }), decodeArticulation);
  }

  async shortestPath(tx: Tx, from: string, to: string, types: readonly RelationshipTypeName[], maxHops: number, asOf: AsOf): Promise<PathRows | null> {
    return runStatement(tx, shortestPathStatement({ from, to, types, maxHops, ...asOf }), decodeShortestPath);
  }

  async egoNetwork(
    tx: Tx,
    id: string,
    radius: number,
    types: readonly RelationshipTypeName[],
    asOf: AsOf,
    limit: number,
    edgeCap: number,
    withEdgeProperties = true,
  ): Promise<NetworkRows | null> {
    const q = { id, radius, types, limit, edgeCap, withEdgeProperties, ...asOf };
    return runStatement(tx, egoNetworkStatement(q), (records) => decodeEgoNetwork(records, q));
  }

  async network(tx: Tx, q: NetworkQuery): Promise<NetworkRows | null> {
    return runStatement(tx, networkStatement(q), (records) => decodeNetwork(records, q));
  }

  async timeline(tx: Tx, id: string, asOf: AsOf): Promise<TimelineRows | null> {
    return runStatement(tx, timelineStatement({ id, ...asOf }), decodeTimeline);
  }

  async wholeGraphNodes(tx: Tx, label: NodeLabel, page: PageQuery, slot: AnalysisSlot | null = null): Promise<Record<string, unknown>[]> {
    return runStatement(tx, wholeGraphNodesStatement(label, page, slot), decodeWholeGraphNodes);
  }

  async wholeGraphLinks(tx: Tx, type: RelationshipTypeName, page: PageQuery): Promise<EdgeRow[]> {
    return runStatement(tx, wholeGraphLinksStatement(type, page), decodeWholeGraphLinks);
  }

  async wholeGraphCounts(tx: Tx, labels: readonly NodeLabel[], types: readonly RelationshipTypeName[]): Promise<{ nodes: number; links: number }> {
    return runStatement(tx, wholeGraphCountsStatement(labels, types), decodeWholeGraphCounts);
  }
}

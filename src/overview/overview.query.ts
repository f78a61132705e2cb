import { int } from '../db/database';
import { AnalysisSlot, JOB_KEY, slotKey } from '../analysis/analysis.properties';
import { nullableNumber } from '../common/neo4j-values';
import { alternation, Statement } from '../network/queries/cypher';
import type { ResultRecord } from '../network/queries/rows';
import { NODE_LABELS, NodeLabel, RelationshipTypeName } from '../relationships/relationship-kinds';
import type { OverviewLink as OverviewLinkRow, OverviewNode as OverviewNodeRow } from './overview.type';

export type { OverviewLinkRow, OverviewNodeRow };

/**
 * The Cypher of the overview: the most central nodes of an analysis, with the layout it stored,
 * and the links among them. Slot property names are parameters (n[$key]); labels and types come
 * from the model's constant lists and from the analysis job, which took them from those lists.
 */

export interface OverviewNodesQuery {
  slot: AnalysisSlot;
  /** How many nodes at most: those of highest PageRank, ties by id. */
  limit: number;
  /** Only the nodes of this Louvain community, when given. */
  community: number | null;
}

/** A node's PageRank in the slot, -1 where the job computed none, so that ORDER BY DESC puts those last. */
const RANK = (n: string) => `coalesce(${n}[$pagerankKey], -1.0)`;

/** The analysed nodes of every label (those whose slot names the job), one index-free pass per label. */
function analysedNodes(): string {
  return `CALL () {
       ${NODE_LABELS.map((label) => `MATCH (n:${label}) WHERE n[$jobKey] = $jobId RETURN n, '${label}' AS type`).join('\n       UNION ALL\n       ')}
     }`;
}

function slotParams(slot: AnalysisSlot, community: number | null) {
  return {
    jobKey: slotKey(slot, JOB_KEY),
    jobId: slot.jobId,
    pagerankKey: slotKey(slot, 'pagerank'),
    communityKey: slotKey(slot, 'community'),
    community: community === null ? null : int(community),
  };
}

/** The top of the analysis by PageRank: the nodes an overview draws. */
export function overviewNodesStatement(q: OverviewNodesQuery): Statement {
  return {
    cypher: `${analysedNodes()}
     WITH n, type WHERE $community IS NULL OR n[$communityKey] = $community
     WITH n, type ORDER BY ${RANK('n')} DESC, n.id LIMIT $limit
     RETURN n.id AS id, n.name AS label, type, coalesce(n.kind, n.level) AS kind,
            n[$xKey] AS x, n[$yKey] AS y, n[$pagerankKey] AS pagerank, n[$communityKey] AS community`,
    params: { ...slotParams(q.slot, q.community), limit: int(q.limit), xKey: slotKey(q.slot, 'x'), yKey: slotKey(q.slot, 'y') },
  };
}

export function decodeOverviewNodes(records: readonly ResultRecord[]): OverviewNodeRow[] {
  return records.map((record) => ({
    id: String(record.get('id')),
    label: String(record.get('label') ?? record.get('id')),
    type: record.get('type') as NodeLabel,
    kind: record.get('kind') === null ? null : String(record.get('kind')),
    x: nullableNumber(record.get('x')),
    y: nullableNumber(record.get('y')),
    pagerank: nullableNumber(record.get('pagerank')),
    community: nullableNumber(record.get('community')),
  }));
}

export interface OverviewLinksQuery {
  slot: AnalysisSlot;
  community: number | null;
  /** The drawn nodes, by label: links start from these. */
  idsByLabel: ReadonlyMap<NodeLabel, readonly string[]>;
  /** The last drawn node in the nodes' order: a link's other end is drawn when it ranks at or above it. */
  lowest: { pagerank: number; id: string };
  types: readonly RelationshipTypeName[];
  /** Links read at most, one more than the answer takes, so that a cut is seen. */
  limit: number;
}

/**
 * The links of the job's types among the drawn nodes. The drawn set is the top of an order
 * (PageRank descending, then id), so a link's end is in it exactly when it ranks at or above the
 * lowest drawn node: a comparison per link, not a look-up in a list of 20,000 ids.
 */
export function overviewLinksStatement(q: OverviewLinksQuery): Statement {
  const starts = [...q.idsByLabel.keys()].map((label) => `UNWIND $ids${label} AS id MATCH (a:${label} {id: id}) RETURN a`).join('\n       UNION ALL\n       ');
  const idParams = Object.fromEntries([...q.idsByLabel].map(([label, ids]) => [`ids${label}`, ids]));
  return {
    cypher: `CALL () {
       ${starts}
     }
     MATCH (a)-[r:${alternation(q.types)}]->(b)
     WHERE b[$jobKey] = $jobId AND ($community IS NULL OR b[$communityKey] = $community)
       AND (${RANK('b')} > $lowestRank OR (${RANK('b')} = $lowestRank AND b.id <= $lowestId))
     WITH a, r, b LIMIT $limit
     RETURN r.id AS id, a.id AS source, b.id AS target, type(r) AS type`,
    params: { ...slotParams(q.slot, q.community), ...idParams, lowestRank: q.lowest.pagerank, lowestId: q.lowest.id, limit: int(q.limit) },
  };
}

export function decodeOverviewLinks(records: readonly ResultRecord[]): OverviewLinkRow[] {
  return records.map((record) => ({
    id: String(record.get('id')),
    source: String(record.get('source')),
    target: String(record.get('target')),
    type: record.get('type') as RelationshipTypeName,
  }));
}

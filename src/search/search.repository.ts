import { int, Tx } from '../db/database';
import { plainRecord } from '../common/neo4j-values';
import type { NodeLabel } from '../relationships/relationship-kinds';

export interface SearchRow {
  label: NodeLabel;
  score: number;
  props: Record<string, unknown>;
}

export class SearchRepository {
  async search(tx: Tx, luceneQuery: string, labels: readonly NodeLabel[], limit: number): Promise<SearchRow[]> {
    const result = await tx.run(
      `CALL db.index.fulltext.queryNodes('node_search', $query, {limit: $fetch}) YIELD node, score
       WITH node, score, [l IN labels(node) WHERE l IN $labels][0] AS label
       WHERE label IS NOT NULL
       RETURN label, score, properties(node) AS props
       ORDER BY score DESC, props.id
       LIMIT $limit`,
      { query: luceneQuery, labels, limit: int(limit), fetch: int(limit * 4) },
    );
    return result.records.map((record) => ({
      label: record.get('label') as NodeLabel,
      score: Number(record.get('score')),
      props: plainRecord(record.get('props')),
    }));
  }
}

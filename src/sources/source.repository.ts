import { int, Tx } from '../db/database';
import { NodeRepository } from '../db/node.repository';
import { plainRecord } from '../common/neo4j-values';
import { str } from '../common/props';
import { Source, SourceKind, SupportedFact, SupportedKind } from './source.type';
import { RELATIONSHIP_TYPES } from '../relationships/relationship-kinds';

export class SourceRepository extends NodeRepository {
  constructor() {
    super('Source');
  }

  /** Everything that names the source: nodes, relationships, and initiatives' indicators. */
  async supports(tx: Tx, sourceId: string, limit: number): Promise<SupportedFact[]> {
    const result = await tx.run(
      `CALL {
         MATCH (n) WHERE (n:Actor OR n:Initiative OR n:Territory) AND $sourceId IN n.sourceIds
         RETURN toUpper(labels(n)[0]) AS kind, n.id AS id, n.name AS label
         UNION
         MATCH (n:Initiative) WHERE $sourceId IN n.indicatorSourceIds
         RETURN 'INDICATOR' AS kind, n.id AS id, n.name + ' (indicators)' AS label
         UNION
         MATCH (a)-[r:${RELATIONSHIP_TYPES.join('|')}]->(b) WHERE $sourceId IN r.sourceIds
         RETURN 'RELATIONSHIP' AS kind, r.id AS id, a.name + ' -' + type(r) + '-> ' + b.name AS label
       }
       RETURN kind, id, label ORDER BY kind, id LIMIT $limit`,
      { sourceId, limit: int(limit) },
    );
    return result.records.map((record) =>
      Object.assign(new SupportedFact(), {
        kind: record.get('kind') as SupportedKind,
        id: String(record.get('id')),
        label: String(record.get('label')),
      }),
    );
  }
}

export function toSource(raw: Record<string, unknown>): Source {
  const props = plainRecord(raw);
  return Object.assign(new Source(), {
    id: String(props.id),
    title: String(props.title ?? props.name),
    kind: (props.kind as SourceKind) ?? SourceKind.DOCUMENT,
    url: str(props.url),
    publisher: str(props.publisher),
    date: str(props.date),
    language: str(props.language),
    excerpt: str(props.excerpt),
    createdAt: String(props.createdAt),
    updatedAt: String(props.updatedAt),
  });
}

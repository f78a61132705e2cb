import type { Tx } from '../db/database';
import { NodePage, NodeRepository } from '../db/node.repository';
import { plainRecord } from '../common/neo4j-values';
import { graphNodeFields, str } from '../common/props';
import { Territory, TerritoryLevel } from './territory.type';
import type { TerritoryFilter } from './territory.input';

export interface ParentLink {
  childId: string;
  parentId: string;
  sourceIds: string[];
}

export class TerritoryRepository extends NodeRepository {
  constructor() {
    super('Territory');
  }

  list(tx: Tx, filter: TerritoryFilter | undefined, textIds: string[] | null, first: number, afterId: string | null): Promise<NodePage> {
    const where: string[] = [];
    const params: Record<string, unknown> = {};
    if (filter?.level?.length) {
      where.push('n.level IN $levels');
      params.levels = filter.level;
    }
    if (filter?.withinId) {
      where.push('EXISTS { MATCH (n)-[:PART_OF*1..10]->(:Territory {id: $withinId}) }');
      params.withinId = filter.withinId;
    }
    return this.pageFiltered(tx, { textIds }, { where, params, first, afterId });
  }

  /** Makes parentId the child's only PART_OF parent. */
  async setParents(tx: Tx, links: readonly ParentLink[]): Promise<void> {
    if (links.length === 0) return;
    await tx.run(
      `UNWIND $links AS link
       MATCH (child:Territory {id: link.childId}), (parent:Territory {id: link.parentId})
       OPTIONAL MATCH (child)-[old:PART_OF]->(previous:Territory) WHERE previous.id <> link.parentId
       DELETE old
       WITH DISTINCT child, parent, link
       MERGE (child)-[r:PART_OF]->(parent)
       ON CREATE SET r.id = 'part-of-' + child.id, r.createdAt = datetime()
       SET r.sourceIds = link.sourceIds, r.updatedAt = datetime()`,
      { links },
    );
  }

  /** Children that the proposed links would make part of themselves. */
  async cyclicChildren(tx: Tx, links: readonly { childId: string; parentId: string }[]): Promise<string[]> {
    if (links.length === 0) return [];
    const result = await tx.run(
      `UNWIND $links AS link
       MATCH (p:Territory {id: link.parentId})
       WITH link, p
       WHERE p.id = link.childId OR EXISTS { MATCH (p)-[:PART_OF*1..20]->(:Territory {id: link.childId}) }
       RETURN link.childId AS childId`,
      { links },
    );
    return result.records.map((record) => String(record.get('childId')));
  }

  /** Direct children (or parents) of each territory, in one statement for the whole batch. */
  async neighbours(tx: Tx, ids: readonly string[], direction: 'children' | 'parents'): Promise<Map<string, Record<string, unknown>[]>> {
    const pattern =
      direction === 'children'
        ? '(other:Territory)-[:PART_OF]->(:Territory {id: id})'
        : '(:Territory {id: id})-[:PART_OF]->(other:Territory)';
    const result = await tx.run(
      `UNWIND $ids AS id
       MATCH ${pattern}
       WITH id, other ORDER BY other.name
       RETURN id, collect(properties(other)) AS others`,
      { ids },
    );
    return new Map(
      result.records.map((record) => [String(record.get('id')), (record.get('others') as unknown[]).map(plainRecord)]),
    );
  }
}

export function toTerritory(props: Record<string, unknown>): Territory {
  return Object.assign(new Territory(), {
    ...graphNodeFields('Territory' as const, props),
    level: props.level as TerritoryLevel,
    code: str(props.code),
  });
}

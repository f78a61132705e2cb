import type { Tx } from '../db/database';
import { storedPropertiesFor } from '../db/projection';
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

/** A PART_OF link that setParents wrote with a difference: new, to another parent, or with other sources. */
export interface ParentLinkChange {
  id: string;
  childId: string;
  parentId: string;
  previousParentIds: string[];
  /** The child had a PART_OF link before (to this parent or another). */
  existed: boolean;
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
  /** Returns the links created, moved to another parent, or given other sources, with the parents they left. */
  async setParents(tx: Tx, links: readonly ParentLink[]): Promise<ParentLinkChange[]> {
    if (links.length === 0) return [];
    const result = await tx.run(
      `UNWIND $links AS link
       MATCH (child:Territory {id: link.childId}), (parent:Territory {id: link.parentId})
       OPTIONAL MATCH (child)-[old:PART_OF]->(previous:Territory) WHERE previous.id <> link.parentId
       WITH child, parent, link, collect(old) AS olds, collect(previous.id) AS previousIds
       FOREACH (old IN olds | DELETE old)
       WITH child, parent, link, previousIds
       OPTIONAL MATCH (child)-[same:PART_OF]->(parent)
       WITH child, parent, link, previousIds, same IS NOT NULL AS had, coalesce(same.sourceIds = link.sourceIds, false) AS sameSources
       MERGE (child)-[r:PART_OF]->(parent)
       ON CREATE SET r.id = 'part-of-' + child.id, r.createdAt = datetime()
       SET r.sourceIds = link.sourceIds, r.updatedAt = datetime()
       WITH r, child, parent, previousIds, had, sameSources WHERE NOT had OR NOT sameSources OR size(previousIds) > 0
       RETURN r.id AS id, child.id AS childId, parent.id AS parentId, previousIds, had OR size(previousIds) > 0 AS existed`,
      { links },
    );
    return result.records.map((record) => ({
      id: String(record.get('id')),
      childId: String(record.get('childId')),
      parentId: String(record.get('parentId')),
      previousParentIds: (record.get('previousIds') as string[]).map(String),
      existed: Boolean(record.get('existed')),
    }));
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

/** The stored properties that toTerritory reads; each is the Territory field of the same name. */
const TERRITORY_PROPERTIES = new Set(['id', 'name', 'originalName', 'level', 'code', 'aliases', 'sourceIds', 'tags', 'attributes', 'createdAt', 'updatedAt']);

/** The properties a Territory needs for the given selected fields (storedPropertiesFor). */
export function territoryPropertiesFor(selected: ReadonlySet<string>): string[] {
  return storedPropertiesFor(selected, TERRITORY_PROPERTIES);
}

export function toTerritory(props: Record<string, unknown>): Territory {
  return Object.assign(new Territory(), {
    ...graphNodeFields('Territory' as const, props),
    level: props.level as TerritoryLevel,
    code: str(props.code),
  });
}

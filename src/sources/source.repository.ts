import { int, Tx } from '../db/database';
import { projectProperties, storedPropertiesFor } from '../db/projection';
import { NestedRead, NodeRepository } from '../db/node.repository';
import { plainRecord } from '../common/neo4j-values';
import { str } from '../common/props';
import { Source, SourceKind, SupportedFact, SupportedKind } from './source.type';
import { RELATIONSHIP_TYPES } from '../relationships/relationship-kinds';

export class SourceRepository extends NodeRepository {
  constructor() {
    super('Source');
  }

  /** Everything that names the source: nodes, relationships, and initiatives' indicators. */
  /**
   * What each source backs, for many sources in one statement. Source ids sit in list properties,
   * which no index covers, so this reads every node and link once: once per request, through the
   * Source.supports loader, never once per source.
   */
  async supportsOf(tx: Tx, sourceIds: readonly string[], limit: number): Promise<Map<string, SupportedFact[]>> {
    const result = await tx.run(
      `CALL () {
         MATCH (n) WHERE (n:Actor OR n:Initiative OR n:Territory) AND any(s IN n.sourceIds WHERE s IN $ids)
         UNWIND [s IN n.sourceIds WHERE s IN $ids] AS sourceId
         RETURN sourceId, toUpper(labels(n)[0]) AS kind, n.id AS id, n.name AS label
         UNION
         MATCH (n:Initiative) WHERE any(s IN n.indicatorSourceIds WHERE s IN $ids)
         UNWIND [s IN n.indicatorSourceIds WHERE s IN $ids] AS sourceId
         RETURN sourceId, 'INDICATOR' AS kind, n.id AS id, n.name + ' (indicators)' AS label
         UNION
         MATCH (a)-[r:${RELATIONSHIP_TYPES.join('|')}]->(b) WHERE any(s IN r.sourceIds WHERE s IN $ids)
         UNWIND [s IN r.sourceIds WHERE s IN $ids] AS sourceId
         RETURN sourceId, 'RELATIONSHIP' AS kind, r.id AS id, a.name + ' -' + type(r) + '-> ' + b.name AS label
       }
       WITH sourceId, kind, id, label ORDER BY kind, id
       RETURN sourceId, collect({kind: kind, id: id, label: label})[0..$limit] AS facts`,
      { ids: sourceIds, limit: int(limit) },
    );
    return new Map(
      result.records.map((record) => [
        String(record.get('sourceId')),
        (record.get('facts') as Record<string, unknown>[]).map((fact) =>
          Object.assign(new SupportedFact(), { kind: fact.kind as SupportedKind, id: String(fact.id), label: String(fact.label) }),
        ),
      ]),
    );
  }
}

/**
 * The sources the node bound to `n` names in its sourceIds, in that order, unknown ids left out,
 * bound as `as`: what the source DataLoader returns for them, read by a node list for each node
 * of its page (NodePageQuery.nested).
 */
export function nestedSources(as: string, properties: readonly string[] | null = null): NestedRead {
  return {
    cypher: `CALL (n) {
         ${sourcesOf('n', as, properties)}
       }`,
    params: {},
    values: [as],
  };
}

/**
 * The Source nodes `owner.sourceIds` names, in that order, unknown ids dropped, with all their
 * properties or only `properties` (sourcePropertiesFor), bound as `as`: the body of a CALL over
 * `owner` (a node or a link).
 */
export function sourcesOf(owner: string, as: string, properties: readonly string[] | null = null): string {
  return `WITH coalesce(${owner}.sourceIds, []) AS ids
         UNWIND range(0, size(ids) - 1) AS i
         MATCH (s:Source {id: ids[i]})
         WITH i, s ORDER BY i
         RETURN collect(${projectProperties('s', properties)}) AS ${as}`;
}

/** The stored properties that toSource reads; each is the Source field of the same name. */
const SOURCE_PROPERTIES = new Set(['id', 'title', 'kind', 'url', 'publisher', 'date', 'language', 'excerpt', 'checksum', 'createdAt', 'updatedAt']);

/** The properties a Source needs for the given selected fields; `name` stands in for a missing title (toSource). */
export function sourcePropertiesFor(selected: ReadonlySet<string>): string[] {
  return storedPropertiesFor(selected, SOURCE_PROPERTIES, ['id', 'title', 'name']);
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
    checksum: str(props.checksum),
    createdAt: String(props.createdAt),
    updatedAt: String(props.updatedAt),
  });
}

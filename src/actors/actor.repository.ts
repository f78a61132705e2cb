import { storedPropertiesFor } from '../db/projection';
import type { Tx } from '../db/database';
import { NodePage, NodeRepository, PageReads } from '../db/node.repository';
import { graphNodeFields, str } from '../common/props';
import type { Scale } from '../common/scale';
import { Actor, ActorKind } from './actor.type';
import type { CompiledFilter } from '../filters/node-filter.query';
import type { NodeOrder } from '../analysis/node-sort';

export class ActorRepository extends NodeRepository {
  constructor() {
    super('Actor');
  }

  /**
   * A page of the actors the compiled filter keeps. `identifierKeys` (the filter's top-level
   * identifier) starts from the identifiers' key constraint instead of every actor, and
   * otherwise the filter's own start, if any; the filter's EXISTS on them then only confirms.
   */
  list(
    tx: Tx,
    filter: CompiledFilter,
    first: number,
    afterId: string | null,
    identifierKeys: string[] | null = null,
    order: NodeOrder | null = null,
    read?: PageReads,
  ): Promise<NodePage> {
    const params: Record<string, unknown> = { ...filter.params };
    let from = filter.start;
    if (identifierKeys) {
      from = 'MATCH (i:Identifier) WHERE i.key IN $identifierKeys MATCH (n:Actor)-[:IDENTIFIED_BY]->(i) WITH DISTINCT n';
      params.identifierKeys = identifierKeys;
    }
    return this.page(tx, { where: filter.where, params, first, afterId, from, order, read });
  }
}

/** The stored properties that toActor reads; each is the Actor field of the same name. */
const ACTOR_PROPERTIES = new Set([
  'id', 'name', 'originalName', 'kind', 'aliases', 'acronym', 'sse', 'scale', 'countryCode', 'iatiOrgType', 'orgRef', 'website', 'description',
  'sourceIds', 'tags', 'attributes', 'createdAt', 'updatedAt',
]);

/**
 * The properties an Actor needs for the given selected fields: id and name always, each selected
 * stored field, and sourceIds for `sources`. The other field resolvers start from the id.
 */
export function actorPropertiesFor(selected: ReadonlySet<string>): string[] {
  return storedPropertiesFor(selected, ACTOR_PROPERTIES);
}

export function toActor(props: Record<string, unknown>): Actor {
  return Object.assign(new Actor(), {
    ...graphNodeFields('Actor' as const, props),
    kind: props.kind as ActorKind,
    acronym: str(props.acronym),
    sse: props.sse === true,
    scale: (props.scale as Scale | undefined) ?? null,
    countryCode: str(props.countryCode),
    iatiOrgType: str(props.iatiOrgType),
    orgRef: str(props.orgRef),
    website: str(props.website),
    description: str(props.description),
  });
}

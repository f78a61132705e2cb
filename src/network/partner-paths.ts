import type { GraphQLResolveInfo } from 'graphql';
import { actorPropertiesFor, toActor } from '../actors/actor.repository';
import { selectedFields, selects } from '../common/selection';
import { toInitiative } from '../initiatives/initiative.repository';
import type { GraphNode } from '../common/graph-node';
import type { Relationship } from '../relationships/relationship.type';
import { toRelationship } from '../relationships/relationship.service';
import type { PartnerStepRow } from './queries';
import { Partner } from './partner.type';

/**
 * What a partners query must read for the client's selection. The links along each path are read
 * only for `via`. Only the selected Actor properties are read, unless `path` or `via` is selected,
 * since those show the nodes between.
 */
export function partnerReads(info: GraphQLResolveInfo): { withLinks: boolean; actorProperties: string[] | null } {
  const withLinks = selects(info, 'via');
  const wholeNodes = withLinks || selects(info, 'path');
  return { withLinks, actorProperties: wholeNodes ? null : actorPropertiesFor(selectedFields(info, 'actor')) };
}

interface Walk {
  nodes: GraphNode[];
  rels: Relationship[];
}

/**
 * Turns breadth-first steps (each partner with the id of its parent one level nearer the root)
 * into partners with their whole path. Paths share their prefixes, so each is built once.
 */
export function buildPartners(root: Record<string, unknown>, steps: readonly PartnerStepRow[]): Partner[] {
  const rootId = String(root.id);
  const byId = new Map(steps.map((step) => [String(step.node.id), step]));
  const walks = new Map<string, Walk>([[rootId, { nodes: [toActor(root)], rels: [] }]]);

  const walkTo = (id: string, guard: number): Walk => {
    const known = walks.get(id);
    if (known) return known;
    const step = byId.get(id);
    if (!step || guard > steps.length) throw new Error(`partner ${id} has no path back to ${rootId}`);
    const parent = walkTo(step.parentId, guard + 1);
    const walk: Walk = {
      nodes: [...parent.nodes, ...(step.via ? [toInitiative(step.via)] : []), toActor(step.node)],
      rels: [...parent.rels, ...step.rels.map(toRelationship)],
    };
    walks.set(id, walk);
    return walk;
  };

  return steps.map((step) => {
    const walk = walkTo(String(step.node.id), 0);
    return Object.assign(new Partner(), {
      actor: walk.nodes[walk.nodes.length - 1],
      distance: step.distance,
      path: walk.nodes,
      via: walk.rels,
    });
  });
}

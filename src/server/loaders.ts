import DataLoader from 'dataloader';
import type { Services } from '../composition';
import type { NodeLabel } from '../relationships/relationship-kinds';
import type { NeighbourSpec } from '../relationships/relationship.repository';
import type { RelationshipPage, RelationshipPageArgs } from '../relationships/relationship.service';
import type { GraphNode } from '../common/graph-node';
import { toGraphNode } from '../common/node-mappers';
import type { PartnerOptions } from '../network/network.service';

function byIdLoader<T>(load: (ids: readonly string[]) => Promise<Map<string, T>>): DataLoader<string, T | null> {
  return new DataLoader<string, T | null>(async (ids) => {
    const found = await load(ids);
    return ids.map((id) => found.get(id) ?? null);
  });
}

/** For lists per parent: a parent the batch found nothing for gets an empty list. */
function byIdListLoader<T>(load: (ids: readonly string[]) => Promise<Map<string, T[]>>): DataLoader<string, T[]> {
  return new DataLoader<string, T[]>(async (ids) => {
    const found = await load(ids);
    return ids.map((id) => found.get(id) ?? []);
  });
}

/** One DataLoader per distinct argument set, so fields with arguments still batch across parents. */
function keyedLoaders<A, T>(make: (args: A) => DataLoader<string, T>) {
  const loaders = new Map<string, DataLoader<string, T>>();
  return (args: A): DataLoader<string, T> => {
    const key = JSON.stringify(args);
    let loader = loaders.get(key);
    if (!loader) {
      loader = make(args);
      loaders.set(key, loader);
    }
    return loader;
  };
}

type NeighbourArgs = NeighbourSpec & { label: NodeLabel };

/** A fresh set per request: batching within it, and no cache shared between callers. */
export function createLoaders(services: Services) {
  return {
    actor: byIdLoader((ids) => services.actors.byIds(ids)),
    identifiers: byIdListLoader((ids) => services.actors.identifiersOf(ids)),
    initiative: byIdLoader((ids) => services.initiatives.byIds(ids)),
    territory: byIdLoader((ids) => services.territories.byIds(ids)),
    source: byIdLoader((ids) => services.sources.byIds(ids)),
    relationship: byIdLoader((ids) => services.relationships.byIds(ids)),
    relationshipsOf: keyedLoaders(
      ({ label, ...args }: RelationshipPageArgs & { label: NodeLabel }) =>
        new DataLoader<string, RelationshipPage>(async (ids) => {
          const pages = await services.relationships.pagesOf(label, ids, args);
          return ids.map((id) => pages.get(id)!);
        }),
    ),
    neighbours: keyedLoaders(
      (args: NeighbourArgs) =>
        new DataLoader<string, GraphNode[]>(async (ids) => {
          const found = await services.relationships.neighbours(args.label, ids, args.types, args.direction, args.targetLabel);
          return ids.map((id) => (found.get(id) ?? []).map((props) => toGraphNode(args.targetLabel, props)));
        }),
    ),
    partners: keyedLoaders((args: PartnerOptions) => byIdListLoader((ids) => services.network.partnersOfMany(ids, args))),
    supports: byIdListLoader((ids) => services.sources.supportsOf(ids)),
    storedMetrics: keyedLoaders((label: NodeLabel) => byIdLoader((ids) => services.analysis.metricsOf(label, ids))),
    territoryNeighbours: keyedLoaders((direction: 'children' | 'parents') =>
      byIdListLoader((ids) => services.territories.neighbours(ids, direction)),
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;

import { randomBytes } from 'node:crypto';
import { GraphQLError } from 'graphql';
import type { Tx } from '../db/database';
import type { Caller } from '../common/caller';
import type { GraphNode } from '../common/graph-node';
import { BadInputError, NotFoundError } from '../common/errors';
import { decodeCursor, encodeCursor, Page } from '../common/connection';
import { cleanName } from '../common/names';
import { toGraphNode } from '../common/node-mappers';
import { toRelationship } from '../relationships/relationship.service';
import type { Relationship } from '../relationships/relationship.type';
import { asOfParams } from '../db/time';
import { LIGHT_NODE_PROPERTIES } from '../db/projection';
import { RELATIONSHIP_TYPES, RelationshipTypeName } from '../relationships/relationship-kinds';
import { buildNetwork } from '../network/network-builder';
import { EDGE_CAP_PER_NODE } from '../network/network.limits';
import type { NetworkData } from '../network/network.type';
import type { AnnotationInput, MapInput } from './map.input';
import type { MapPorts } from './map.ports';
import { MapRepository } from './map.repository';
import { MapEditKind, MapEditNote } from '../events/changes';
import {
  changedFields,
  changesFrom,
  compact,
  deleteAuditRecord,
  deleteRefusal,
  canSee,
  inputProblems,
  MapContent,
  MapProblem,
  NodeResolution,
  nodesShown,
  nodesToStore,
  Refusal,
  resolveIds,
  saveAuditRecord,
  saveRefusal,
} from './map.rules';
import { MapChange, MapVisibility, SavedMap, StoredAnnotation, StoredMapNode } from './map.type';

/** Time first, so that id order is the order maps were created in; 64 random bits, so that an id is not guessed. */
function newMapId(): string {
  return `map-${Date.now().toString().padStart(13, '0')}-${randomBytes(8).toString('hex')}`;
}

function refused(refusal: Refusal, id: string): GraphQLError {
  if (refusal.code === 'NOT_FOUND') return new NotFoundError('Map', id);
  if (refusal.code === 'FORBIDDEN') {
    return new GraphQLError(`Not allowed: ${refusal.reason}`, { extensions: { code: 'FORBIDDEN', field: refusal.field, reason: refusal.reason } });
  }
  return new BadInputError(refusal.field, refusal.reason);
}

function firstProblem(problems: readonly MapProblem[]): void {
  const [problem] = problems;
  if (problem) throw new BadInputError(problem.field, problem.reason);
}

export function contentOf(map: SavedMap): MapContent {
  return {
    name: map.name,
    description: map.description,
    visibility: map.visibility,
    asOf: map.asOf,
    nodes: map.storedNodes,
    annotations: map.storedAnnotations,
  };
}

const versionOf = (map: SavedMap) => ({ content: contentOf(map), version: map.version, author: map.author });

/** For mapChanged: a deletion keeps the visibility the map had, so that only those who could see it are told. */
function mapEditNote(change: MapEditKind, map: SavedMap, by: string): MapEditNote {
  return { topic: 'map', change, mapId: map.id, version: map.version, name: map.name, by, visibility: map.visibility, author: map.author };
}

/**
 * Saved maps: the rules of who sees and edits which map (map.rules.ts), saves and deletes with
 * their audit entries in the same transaction, the nodes of a map resolved through merges, and
 * the links that changed among them.
 */
export class MapService {
  readonly repository = new MapRepository();

  constructor(private readonly ports: MapPorts) {}

  /** The map, or null when it does not exist or the caller may not see it: the two look the same. */
  async byId(id: string, caller: Caller | null): Promise<SavedMap | null> {
    const map = await this.ports.db.read((tx) => this.repository.byId(tx, id));
    return map && canSee(map, caller) ? map : null;
  }

  async list(caller: Caller | null, first: number, after: string | undefined): Promise<Page<SavedMap>> {
    const afterId = decodeCursor(after);
    const page = await this.ports.db.read((tx) => this.repository.page(tx, { callerName: caller?.name ?? null, first, afterId }));
    return {
      items: page.rows,
      totalCount: page.totalCount,
      hasNextPage: page.hasNextPage,
      hasPreviousPage: afterId !== null,
      cursorOf: (map) => encodeCursor(map.id),
    };
  }

  /**
   * What each saved id stands for now, in one statement for all of them (plus one per level of
   * merges of merged actors), each node with `properties` only (null: all of them).
   */
  resolveNodes(ids: readonly string[], properties: readonly string[] | null): Promise<Map<string, NodeResolution<GraphNode>>> {
    return this.ports.db.read((tx) => this.resolveIn(tx, ids, properties));
  }

  private resolveIn(tx: Tx, ids: readonly string[], properties: readonly string[] | null): Promise<Map<string, NodeResolution<GraphNode>>> {
    return resolveIds(ids, async (batch) => {
      const found = await this.repository.lookupNodes(tx, batch, properties);
      return new Map(
        [...found].map(([id, { node, trail }]) => [id, { node: node ? toGraphNode(node.label, node.props) : null, trail }] as const),
      );
    });
  }

  /**
   * Creates the map, or replaces the content of the one with input.id, all or nothing. Refused
   * with the field and the reason, writing nothing: see inputProblems, nodesToStore and
   * annotationsToStore for the rules, saveRefusal for who may save. A save that changes nothing
   * writes nothing and keeps the version.
   */
  async save(input: MapInput, caller: Caller): Promise<SavedMap> {
    firstProblem(inputProblems(input));
    const id = input.id ?? newMapId();
    return this.ports.db.write(async (tx) => {
      const existing = input.id ? await this.repository.lock(tx, id) : null;
      const refusal = saveRefusal(existing, input.visibility, caller);
      if (refusal) throw refused(refusal, id);
      const current = existing?.version ?? 0;
      if (input.version !== undefined && input.version !== null && input.version !== current) {
        throw new BadInputError(
          'version',
          existing
            ? `the map is at version ${current}, saved by ${existing.updatedBy} at ${existing.updatedAt}: reload it before saving`
            : 'no map has this id yet: leave version out, or give 0',
        );
      }

      const resolved = await this.resolveIn(tx, input.nodes.map((node) => node.id), LIGHT_NODE_PROPERTIES);
      const stored = nodesToStore(input.nodes, resolved, new Set(existing?.storedNodes.map((node) => node.id) ?? []));
      firstProblem(stored.problems);
      const annotations = await this.annotationsToStore(tx, input.annotations ?? [], stored.idOf, stored.nodes, existing);
      const content: MapContent = {
        name: cleanName(input.name),
        description: input.description ?? null,
        visibility: input.visibility ?? existing?.visibility ?? MapVisibility.PRIVATE,
        asOf: input.asOf ?? null,
        nodes: stored.nodes,
        annotations,
      };
      if (existing && changedFields(contentOf(existing), content).length === 0) return existing;

      const written = await this.repository.write(tx, id, existing?.author ?? caller.name, current, { ...content, updatedBy: caller.name });
      if (!written) throw new BadInputError('id', 'another save of this map committed first: reload it before saving');
      await this.ports.audit.record(tx, [saveAuditRecord(id, existing ? versionOf(existing) : null, versionOf(written), caller.name)]);
      tx.publishOnCommit(mapEditNote(MapEditKind.SAVED, written, caller.name));
      return written;
    });
  }

  /**
   * Annotations as stored: pinned nodes as the map stores them (after merges), links that exist
   * and join two of the map's nodes (or that the map already held, since deleted), sources that
   * exist. An annotation without an id gets `note-<position>`, so that saving the same map twice
   * changes nothing.
   */
  private async annotationsToStore(
    tx: Tx,
    inputs: readonly AnnotationInput[],
    idOf: ReadonlyMap<string, string>,
    nodes: readonly StoredMapNode[],
    existing: SavedMap | null,
  ): Promise<StoredAnnotation[]> {
    if (inputs.length === 0) return [];
    const linkIds = [...new Set(inputs.map((input) => input.relationshipId).filter((id): id is string => Boolean(id)))];
    const links = linkIds.length ? await this.ports.relationshipsByIds(tx, linkIds) : new Map();
    const heldLinks = new Set(existing?.storedAnnotations.map((annotation) => annotation.relationshipId).filter(Boolean) ?? []);
    const onMap = new Set(nodes.map((node) => node.id));
    const problems: MapProblem[] = [];
    inputs.forEach((input, index) => {
      if (!input.relationshipId) return;
      const field = `annotations.${index}.relationshipId`;
      const link = links.get(input.relationshipId);
      if (!link) {
        if (!heldLinks.has(input.relationshipId)) problems.push({ field, reason: `no relationship has id "${input.relationshipId}"` });
        return;
      }
      const ends = [String(link.from.id), String(link.to.id)];
      const off = ends.filter((end) => !onMap.has(end));
      if (off.length) problems.push({ field, reason: `joins "${ends[0]}" and "${ends[1]}": both must be nodes of this map, and "${off.join('" and "')}" is not` });
    });
    firstProblem(problems);

    const sourceIds = [...new Set(inputs.flatMap((input) => input.sourceIds ?? []))];
    const knownSources = sourceIds.length ? await this.ports.sourcesExisting(tx, sourceIds) : new Set<string>();
    inputs.forEach((input, index) => {
      const unknown = (input.sourceIds ?? []).filter((id) => !knownSources.has(id));
      if (unknown.length) problems.push({ field: `annotations.${index}.sourceIds`, reason: `unknown source id(s): ${unknown.join(', ')}` });
    });
    firstProblem(problems);

    const taken = new Set(inputs.map((input) => input.id).filter((id): id is string => Boolean(id)));
    return inputs.map((input, index) => {
      let id = input.id ?? `note-${index + 1}`;
      for (let n = 2; !input.id && taken.has(id); n++) id = `note-${index + 1}-${n}`;
      taken.add(id);
      return compact({
        id,
        text: input.text,
        nodeId: input.nodeId ? idOf.get(input.nodeId) : null,
        relationshipId: input.relationshipId,
        x: input.x,
        y: input.y,
        sourceIds: [...new Set(input.sourceIds ?? [])],
      });
    });
  }

  /** Deletes a map: its author only; someone else's private map is NOT_FOUND, as a missing one is. */
  async delete(id: string, caller: Caller): Promise<boolean> {
    return this.ports.db.write(async (tx) => {
      const existing = await this.repository.lock(tx, id);
      const refusal = deleteRefusal(existing, caller, id);
      if (refusal) throw refused(refusal, id);
      await this.repository.delete(tx, id);
      await this.ports.audit.record(tx, [deleteAuditRecord(id, versionOf(existing!), caller.name)]);
      tx.publishOnCommit(mapEditNote(MapEditKind.DELETED, existing!, caller.name));
      return true;
    });
  }

  /**
   * The links among the map's nodes added, ended or removed after `date`, newest first: three
   * statements in one read, whatever the map's size (its nodes were resolved by the caller).
   * Times go out to the millisecond (DateTime), so "after" is after that millisecond: a client
   * that asks again from the newest `at` it was given does not get that change a second time.
   */
  async changesSince(
    map: SavedMap,
    resolved: ReadonlyMap<string, NodeResolution<GraphNode>>,
    date: Date,
    first: number,
  ): Promise<MapChange[]> {
    const from = new Date(date.getTime() + 1).toISOString();
    const saved = new Set(map.storedNodes.map((node) => node.id));
    const present = new Set<string>();
    const shown = new Set(saved);
    for (const id of saved) {
      const resolution = resolved.get(id);
      if (resolution?.node) present.add(resolution.node.id);
      if (resolution?.mergedInto) shown.add(resolution.mergedInto);
    }
    for (const id of present) shown.add(id);
    const rows = await this.ports.db.read(async (tx) => ({
      current: await this.repository.linksWrittenSince(tx, [...present], from),
      deleted: await this.repository.deletedSince(tx, [...shown], from),
      merges: await this.repository.mergesSince(tx, [...present], from),
    }));
    const changes = changesFrom<Relationship>(
      { ...rows, current: rows.current.map((row) => ({ ...row, relationship: toRelationship(row.relationship) })) },
      { shown: (id) => shown.has(id), saved: (id) => saved.has(id) },
      first,
    );
    return changes.map((change) => Object.assign(new MapChange(), change));
  }

  /**
   * The map as a network to draw: its nodes as they are now (after merges, gone ones left out),
   * in the order saved, and the links among them active at `asOf` (the map's own date when
   * none is given), of `types` (every type when none), at most EDGE_CAP_PER_NODE per node; their
   * properties are read unless `edgeProperties` is false (on a 2,000-node map, 290 ms against 175).
   */
  async network(
    map: SavedMap,
    resolved: ReadonlyMap<string, NodeResolution<GraphNode>>,
    options: { types?: readonly RelationshipTypeName[] | null; asOf?: string | null; edgeProperties?: boolean },
  ): Promise<NetworkData> {
    const ids = nodesShown(map.storedNodes, resolved)
      .map(({ resolution }) => resolution.node?.id)
      .filter((id): id is string => typeof id === 'string');
    const types = options.types?.length ? RELATIONSHIP_TYPES.filter((type) => options.types!.includes(type)) : [...RELATIONSHIP_TYPES];
    const asOf = asOfParams(options.asOf ?? map.asOf);
    const edgeCap = Math.max(ids.length, 1) * EDGE_CAP_PER_NODE;
    const rows = await this.ports.db.read((tx) => this.repository.networkAmong(tx, ids, types, asOf, edgeCap, options.edgeProperties ?? true));
    return buildNetwork(rows.nodes, rows.edges, rows.truncated);
  }
}

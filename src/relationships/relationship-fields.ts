import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { FieldNode, getArgumentValues, GraphQLObjectType, GraphQLResolveInfo } from 'graphql';
import { selectedFieldsUnder, selects, selectsUnder } from '../common/selection';
import { INPUT_VALIDATION } from '../common/validation-errors';
import type { AppContext } from '../server/context';
import type { NodeLabel } from './relationship-kinds';
import { RelationshipsArgs } from './relationship.input';
import { toConnection } from '../common/connection';
import { fieldNodesUnderNodes, includedFieldNodes, type ReadAheadPlan } from '../common/read-ahead';
import { ENDPOINT_NEIGHBOUR_FIELDS, neighbourPropertiesFor, rememberNeighbours } from '../common/neighbour-fields';
import { sourcePropertiesFor } from '../sources/source.repository';
import { rememberSources } from '../common/sources-field';
import type { RelationshipConnection } from './relationship.resolver';
import type { Relationship } from './relationship.type';
import { linkListQuery, RelationshipPage, RelationshipPageArgs, toRelationshipPage } from './relationship.service';
import { nestedLinkPages, PerLinkReads, RelationshipListQuery, toLinkPageRow } from './relationship.repository';
import type { NestedRead } from '../db/node.repository';
import { anyNodePropertiesFor } from '../db/projection';

/** Pages of links a node list read ahead, by node and by the `relationships` field node they answer. */
const readAhead = new WeakMap<object, Map<FieldNode, RelationshipPage>>();

/** Actor, Initiative and Territory all expose their links the same way, batched per request. */
export async function relationshipsOf(
  ctx: AppContext,
  label: NodeLabel,
  node: { id: string },
  args: RelationshipsArgs,
  info: GraphQLResolveInfo,
): Promise<RelationshipConnection> {
  const page =
    readAhead.get(node)?.get(info.fieldNodes[0]) ??
    (await ctx.loaders.relationshipsOf({ label, ...pageArgsOf(args, selects(info, 'aggregate')) }).load(node.id));
  return { ...toConnection(page), aggregate: page.aggregate };
}

function pageArgsOf(args: RelationshipsArgs, aggregate: boolean): RelationshipPageArgs {
  return {
    types: args.types,
    direction: args.direction,
    asOf: args.asOf ?? null,
    first: args.first,
    after: args.after ?? null,
    filter: args.filter ?? null,
    sort: args.sort ?? null,
    aggregate,
  };
}

/** More `relationships` fields than this under one list's nodes are left to the DataLoaders. */
const MAX_READ_AHEAD = 3;

interface PlannedLinks {
  fieldNode: FieldNode;
  query: RelationshipListQuery;
}

/**
 * The `relationships` fields a node list's client selected under `edges { node }`, read in the
 * list's own statement (withReadAhead). Their arguments are read from the field nodes as the
 * field resolvers will get them; a field skipped by a directive, or whose arguments are
 * invalid, is not read ahead, so its resolver reports the error as it would anyway.
 */
export class LinksReadAhead implements ReadAheadPlan {
  private constructor(
    private readonly planned: readonly PlannedLinks[],
    readonly read: NestedRead,
  ) {}

  static plan(this: void, info: GraphQLResolveInfo, label: NodeLabel): LinksReadAhead | null {
    const fieldDefinition = (info.schema.getType(label) as GraphQLObjectType).getFields().relationships;
    const byResponseKey = new Map<string, FieldNode>();
    for (const fieldNode of fieldNodesUnderNodes(info, 'relationships')) {
      const key = fieldNode.alias?.value ?? fieldNode.name.value;
      if (!byResponseKey.has(key)) byResponseKey.set(key, fieldNode);
    }
    const planned = [...byResponseKey.values()]
      .slice(0, MAX_READ_AHEAD)
      .flatMap((fieldNode) => {
        const args = plainToInstance(RelationshipsArgs, getArgumentValues(fieldDefinition, fieldNode, info.variableValues));
        if (validateSync(args, INPUT_VALIDATION).length > 0) return [];
        const pageArgs = { ...pageArgsOf(args, selectsUnder(info, [fieldNode], 'aggregate')), endpointProperties: endpointPropertiesFor(info, fieldNode) };
        try {
          return [{ fieldNode, query: { ...linkListQuery(pageArgs), perLink: perLinkReadsFor(info, fieldNode) } }];
        } catch {
          return [];
        }
      });
    return planned.length ? new LinksReadAhead(planned, nestedLinkPages(planned.map((entry) => entry.query))) : null;
  }

  /** Leaves the node's pages, and what each of their links read, where the resolvers will look first. */
  remember(node: object, values: readonly unknown[]): void {
    readAhead.set(
      node,
      new Map(
        this.planned.map((entry, i) => {
          const found = toLinkPageRow(values[i]);
          const page = toRelationshipPage(found, entry.query);
          if (entry.query.perLink) page.items.forEach((link, j) => rememberPerLink(link, found.rows[j].readAhead ?? {}, entry.query.perLink!));
          return [entry.fieldNode, page];
        }),
      ),
    );
  }
}

/**
 * What each link under `fieldNode` reads in the page's statement: its `sources`, and its
 * endpoints' neighbour fields that read the same whatever the endpoint's label (`territories`).
 */
function perLinkReadsFor(info: GraphQLResolveInfo, fieldNode: FieldNode): PerLinkReads | null {
  const link = includedFieldNodes(info, [fieldNode], 'edges', 'node');
  const sourceNodes = includedFieldNodes(info, link, 'sources');
  const sources = sourceNodes.length > 0;
  const endpointNeighbours = (['from', 'to'] as const).flatMap((end) => {
    const endpoint = includedFieldNodes(info, link, end);
    return [...ENDPOINT_NEIGHBOUR_FIELDS].flatMap(([field, spec]) => {
      const fieldNodes = includedFieldNodes(info, endpoint, field);
      return fieldNodes.length ? [{ end, field, spec, properties: neighbourPropertiesFor(info, fieldNodes, spec.targetLabel) }] : [];
    });
  });
  if (!sources && endpointNeighbours.length === 0) return null;
  return { sources, sourceProperties: sources ? sourcePropertiesFor(selectedFieldsUnder(info, sourceNodes)) : null, endpointNeighbours };
}

function rememberPerLink(link: Relationship, found: Record<string, unknown>, perLink: PerLinkReads): void {
  if (perLink.sources) rememberSources(link, found.sources as unknown[]);
  for (const { end, field } of perLink.endpointNeighbours) rememberNeighbours(link[end], field, found[`${end}_${field}`] as unknown[]);
}

/**
 * Which properties of the links' endpoints the selection under `fieldNode` needs: a network view
 * asks for little more than `to { id name }`, and reading every property of both endpoints was
 * most of what a page of links decoded (bench/results/notes.md).
 */
function endpointPropertiesFor(info: GraphQLResolveInfo, fieldNode: FieldNode): string[] | null {
  return anyNodePropertiesFor([
    ...selectedFieldsUnder(info, [fieldNode], 'edges', 'node', 'from'),
    ...selectedFieldsUnder(info, [fieldNode], 'edges', 'node', 'to'),
  ]);
}

export async function fundingOf(
  ctx: AppContext,
  id: string,
  direction: 'IN' | 'OUT',
  asOf: string | undefined,
  first: number,
): Promise<Relationship[]> {
  const page = await ctx.loaders
    .relationshipsOf({ label: 'Actor', types: ['FUNDS'], direction, asOf: asOf ?? null, first, after: null })
    .load(id);
  return page.items;
}

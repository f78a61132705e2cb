import type { Database } from '../db/database';
import { asOfParams } from '../db/time';
import { BadInputError, NotFoundError } from '../common/errors';
import { toGraphNode } from '../common/node-mappers';
import type { GraphNode } from '../common/graph-node';
import type { Scale } from '../common/scale';
import { ActorKind } from '../actors/actor.type';
import { InitiativeKind } from '../initiatives/initiative.type';
import { TerritoryLevel } from '../territories/territory.type';
import { ALLOWED_ENDPOINTS, RELATIONSHIP_TYPES, RelationshipTypeName } from '../relationships/relationship-kinds';
import { toRelationship } from '../relationships/relationship.service';
import { NetworkRepository } from './network.repository';
import { FundingStage } from '../relationships/transaction-type';
import { stageParams } from './queries/funding-stage';
import { sankeyLink, sankeyLinksIn } from './sankey-links';
import type { AmountConverter } from '../common/money';
import type { LabelledNodeRow } from './queries';
import {
  EDGE_CAP_PER_NODE,
  EGO_LIMIT,
  EGO_RADIUS,
  FUNDING_FIRST,
  FUNDING_HOPS,
  NETWORK_LIMIT,
  PARTNER_DEPTH,
  PARTNER_FIRST,
  PATH_HOPS,
  SHARED_ACTORS,
  SHARED_FIRST,
} from './network.limits';
import { buildPartners } from './partner-paths';
import { chainFigures, sumMoney } from './funding-math';
import { groupByLevel } from './articulation-levels';
import { buildNetwork } from './network-builder';
import { buildTimeline } from './timeline-events';
import { Partner, PartnerVia, Interlock } from './partner.type';
import { FlowDirection, FundingChain, FundingLeg, Sankey } from './funding.type';
import type { Articulation } from './articulation.type';
import type { Path } from './path.type';
import type { NetworkData } from './network.type';
import type { TimelineEvent } from './timeline.type';

export interface PartnerOptions {
  depth?: number;
  via?: PartnerVia[];
  types?: RelationshipTypeName[] | null;
  asOf?: string | null;
  first?: number;
  /** False when the client did not select Partner.via: the links along each path are then not read. */
  withLinks?: boolean;
  /** The partners' properties to read; null or absent reads them all. See partnerReads. */
  actorProperties?: readonly string[] | null;
}

export interface FundingChainOptions {
  from?: string | null;
  to?: string | null;
  maxHops?: number;
  minAmount?: number | null;
  currency?: string | null;
  asOf?: string | null;
  first?: number;
  /** False when the caller never reads a step's `from` or `to`. */
  endpoints?: boolean;
  /** Which stage's links to follow; DISBURSED when left out. */
  stage?: FundingStage | null;
}

export interface FundingFlowOptions {
  direction?: FlowDirection;
  maxHops?: number;
  asOf?: string | null;
  /** Which stage's links to sum; DISBURSED when left out. */
  stage?: FundingStage | null;
  /** Convert every amount at its value date into this currency before summing. */
  currency?: string | null;
}

export interface ShortestPathOptions {
  types?: RelationshipTypeName[] | null;
  maxHops?: number;
  asOf?: string | null;
}

export interface EgoNetworkOptions {
  radius?: number;
  types?: RelationshipTypeName[] | null;
  asOf?: string | null;
  limit?: number;
  /** False when the caller never reads the links' properties (no `edges { properties }` selected). */
  edgeProperties?: boolean;
}

export interface NetworkOptions {
  kinds?: string[] | null;
  types?: RelationshipTypeName[] | null;
  territoryId?: string | null;
  initiativeId?: string | null;
  asOf?: string | null;
  limit?: number;
}

/** Partnership links must join two actors; the others are reached through SHARED_INITIATIVE. */
const ACTOR_TO_ACTOR = RELATIONSHIP_TYPES.filter((type) => ALLOWED_ENDPOINTS[type].some(([a, b]) => a === 'Actor' && b === 'Actor'));

const NODE_KINDS = new Set<string>([...Object.values(ActorKind), ...Object.values(InitiativeKind), ...Object.values(TerritoryLevel)]);

function inRange(field: string, value: number, range: { min: number; max: number }): number {
  if (!Number.isInteger(value) || value < range.min || value > range.max) {
    throw new BadInputError(field, `must be an integer from ${range.min} to ${range.max}`);
  }
  return value;
}

/** Client types are mapped back onto the model's constant list, which is what reaches Cypher. */
function knownTypes(field: string, types: readonly string[] | null | undefined): RelationshipTypeName[] {
  if (!types?.length) return [...RELATIONSHIP_TYPES];
  const unknown = types.filter((type) => !(RELATIONSHIP_TYPES as readonly string[]).includes(type));
  if (unknown.length) throw new BadInputError(field, `unknown relationship type(s): ${unknown.join(', ')}`);
  return RELATIONSHIP_TYPES.filter((type) => types.includes(type));
}

const node = (row: LabelledNodeRow): GraphNode => toGraphNode(row.label, row.props);

/**
 * Network questions over the graph. Every method runs one Cypher statement in one read
 * transaction, whatever the size of the answer, and honours asOf with activeDuring.
 */
export class NetworkService {
  constructor(
    private readonly db: Database,
    private readonly converter: AmountConverter,
    readonly repository = new NetworkRepository(),
  ) {}

  async partners(actorId: string, options: PartnerOptions = {}): Promise<Partner[]> {
    const found = await this.partnersOfMany([actorId], options);
    const partners = found.get(actorId);
    if (!partners) throw new NotFoundError('Actor', actorId);
    return partners;
  }

  /** For the Actor.partners loader: the partners of every given actor, in one statement. Unknown ids are absent. */
  async partnersOfMany(actorIds: readonly string[], options: PartnerOptions = {}): Promise<Map<string, Partner[]>> {
    const depth = inRange('depth', options.depth ?? PARTNER_DEPTH.default, PARTNER_DEPTH);
    const first = inRange('first', options.first ?? PARTNER_FIRST.default, PARTNER_FIRST);
    const via = options.via ?? [PartnerVia.DIRECT];
    if (via.length === 0) throw new BadInputError('via', 'must name at least one of DIRECT, SHARED_INITIATIVE');
    const extra = options.types ?? [];
    const notBetweenActors = extra.filter((type) => !(ACTOR_TO_ACTOR as string[]).includes(type));
    if (notBetweenActors.length) {
      throw new BadInputError(
        'types',
        `${notBetweenActors.join(', ')} cannot join two actors; allowed: ${ACTOR_TO_ACTOR.join(', ')} (use via: SHARED_INITIATIVE for initiatives)`,
      );
    }
    const directTypes = via.includes(PartnerVia.DIRECT)
      ? ACTOR_TO_ACTOR.filter((type) => type === 'PARTNERS_WITH' || extra.includes(type))
      : [];
    const rows = await this.db.read((tx) =>
      this.repository.partners(tx, [...new Set(actorIds)], {
        depth,
        directTypes,
        shared: via.includes(PartnerVia.SHARED_INITIATIVE),
        first,
        withLinks: options.withLinks ?? true,
        actorProperties: options.actorProperties ?? null,
        ...asOfParams(options.asOf),
      }),
    );
    return new Map([...rows].map(([id, found]) => [id, buildPartners(found.root, found.steps)]));
  }

  async interlocks(actorIds: readonly string[], options: { types?: RelationshipTypeName[] | null; asOf?: string | null; first?: number } = {}): Promise<Interlock[]> {
    const ids = [...new Set(actorIds)];
    if (ids.length < SHARED_ACTORS.min || ids.length > SHARED_ACTORS.max) {
      throw new BadInputError('actorIds', `must name ${SHARED_ACTORS.min} to ${SHARED_ACTORS.max} distinct actors`);
    }
    const first = inRange('first', options.first ?? SHARED_FIRST.default, SHARED_FIRST);
    const types = knownTypes('types', options.types);
    const rows = await this.db.read((tx) => this.repository.interlocks(tx, ids, types, asOfParams(options.asOf), first));
    return rows.map((row) => Object.assign(new Interlock(), { node: node(row.node), links: row.links.map(toRelationship) }));
  }

  async sharedPartners(actorIds: readonly string[], options: { types?: RelationshipTypeName[] | null; asOf?: string | null; first?: number } = {}): Promise<GraphNode[]> {
    return (await this.interlocks(actorIds, options)).map((interlock) => interlock.node);
  }

  async fundingChains(options: FundingChainOptions): Promise<FundingChain[]> {
    const from = options.from ?? null;
    const to = options.to ?? null;
    if (!from && !to) throw new BadInputError('from', 'give from, to, or both');
    const maxHops = inRange('maxHops', options.maxHops ?? FUNDING_HOPS.default, FUNDING_HOPS);
    const first = inRange('first', options.first ?? FUNDING_FIRST.default, FUNDING_FIRST);
    const minAmount = options.minAmount ?? null;
    if (minAmount !== null && (!Number.isFinite(minAmount) || minAmount < 0)) throw new BadInputError('minAmount', 'must be a positive amount');
    const currency = currencyCode(options.currency);
    const chains = await this.db.read((tx) =>
      this.repository.fundingChains(tx, {
        from,
        to,
        maxHops,
        minAmount,
        currency,
        first,
        withEndpoints: options.endpoints ?? true,
        ...stageParams(options.stage ?? FundingStage.DISBURSED),
        ...asOfParams(options.asOf),
      }),
    );
    return chains.map((legRows) => {
      const legs = legRows.map((rows) => {
        const flows = rows.map(toRelationship);
        return Object.assign(new FundingLeg(), { from: flows[0].from, to: flows[0].to, flows, amount: sumMoney(flows.flatMap((flow) => (flow.amount ? [flow.amount] : []))) });
      });
      return Object.assign(new FundingChain(), {
        nodes: [legs[0].from, ...legs.map((leg) => leg.to)],
        legs,
        steps: legs.flatMap((leg) => leg.flows),
        hops: legs.length,
        ...chainFigures(legs.map((leg) => leg.flows.map((flow) => flow.amount))),
      });
    });
  }

  /** Sankey data: links without an amount count with value 0 and currency null, so the flow still shows. */
  async fundingFlows(rootId: string, options: FundingFlowOptions = {}): Promise<Sankey> {
    const maxHops = inRange('maxHops', options.maxHops ?? FUNDING_HOPS.default, FUNDING_HOPS);
    const downstream = (options.direction ?? FlowDirection.DOWNSTREAM) === FlowDirection.DOWNSTREAM;
    const currency = currencyCode(options.currency);
    const rows = await this.db.read((tx) =>
      this.repository.fundingFlows(tx, {
        rootId,
        downstream,
        maxHops,
        ...stageParams(options.stage ?? FundingStage.DISBURSED),
        ...asOfParams(options.asOf),
      }),
    );
    if (!rows) throw new NotFoundError('Actor or initiative', rootId);
    const names = new Map<string, string>([[rows.root.id, rows.root.name]]);
    for (const flow of rows.flows) {
      names.set(flow.source, flow.sourceName);
      names.set(flow.target, flow.targetName);
    }
    return Object.assign(new Sankey(), {
      nodes: [...names].map(([id, name]) => ({ id, name })),
      links: currency ? sankeyLinksIn(rows.flows, currency, this.converter) : rows.flows.map(sankeyLink),
      truncated: rows.truncated,
    });
  }

  /** Null when no actor or initiative has this id. Territories are left out: they are places, not parties. */
  async articulation(id: string, options: { asOf?: string | null } = {}): Promise<Articulation | null> {
    const rows = await this.db.read((tx) => this.repository.articulation(tx, id, asOfParams(options.asOf)));
    if (!rows) return null;
    const levels = groupByLevel(
      rows.entries.map((entry) => ({
        node: node(entry.node),
        rootLevels: entry.rootLevels,
        otherLevels: entry.otherLevels,
        scale: (entry.node.props.scale as Scale | undefined) ?? null,
      })),
    );
    return { root: node(rows.root), levels, links: rows.links.map(toRelationship) };
  }

  /** Undirected; null when the nodes are not joined within maxHops (or do not exist). */
  async shortestPath(from: string, to: string, options: ShortestPathOptions = {}): Promise<Path | null> {
    const maxHops = inRange('maxHops', options.maxHops ?? PATH_HOPS.default, PATH_HOPS);
    const types = knownTypes('types', options.types);
    const rows = await this.db.read((tx) => this.repository.shortestPath(tx, from, to, types, maxHops, asOfParams(options.asOf)));
    if (!rows) return null;
    return { nodes: rows.nodes.map(node), relationships: rows.rels.map(toRelationship), length: rows.rels.length };
  }

  async egoNetwork(id: string, options: EgoNetworkOptions = {}): Promise<NetworkData> {
    const radius = inRange('radius', options.radius ?? EGO_RADIUS.default, EGO_RADIUS);
    const limit = inRange('limit', options.limit ?? EGO_LIMIT.default, EGO_LIMIT);
    const types = knownTypes('types', options.types);
    const rows = await this.db.read((tx) =>
      this.repository.egoNetwork(tx, id, radius, types, asOfParams(options.asOf), limit, limit * EDGE_CAP_PER_NODE, options.edgeProperties ?? true),
    );
    if (!rows) throw new NotFoundError('Node', id);
    return buildNetwork(rows.nodes, rows.edges, rows.truncated);
  }

  async network(options: NetworkOptions = {}): Promise<NetworkData> {
    const limit = inRange('filter.limit', options.limit ?? NETWORK_LIMIT.default, NETWORK_LIMIT);
    const types = knownTypes('filter.types', options.types);
    const kinds = options.kinds?.length ? [...new Set(options.kinds)] : null;
    const unknownKinds = (kinds ?? []).filter((kind) => !NODE_KINDS.has(kind));
    if (unknownKinds.length) {
      throw new BadInputError('filter.kinds', `unknown kind(s): ${unknownKinds.join(', ')}; use ActorKind, InitiativeKind or TerritoryLevel values`);
    }
    const rows = await this.db.read((tx) =>
      this.repository.network(tx, {
        kinds,
        types,
        territoryId: options.territoryId ?? null,
        initiativeId: options.initiativeId ?? null,
        limit,
        edgeCap: limit * EDGE_CAP_PER_NODE,
        ...asOfParams(options.asOf),
      }),
    );
    return rows ? buildNetwork(rows.nodes, rows.edges, rows.truncated) : { nodes: [], edges: [], truncated: false };
  }

  /** asOf keeps only the links and initiatives active then; the node's own dates always show. */
  async timeline(id: string, options: { asOf?: string | null } = {}): Promise<TimelineEvent[]> {
    const rows = await this.db.read((tx) => this.repository.timeline(tx, id, asOfParams(options.asOf)));
    if (!rows) throw new NotFoundError('Node', id);
    type Dated = GraphNode & { startDate: string | null; endDate: string | null };
    return buildTimeline(node(rows.node), rows.rels.map(toRelationship), rows.initiatives.map((row) => node(row) as Dated));
  }
}

/** An optional ISO 4217 argument, upper-cased; BAD_USER_INPUT on `currency` when it is not one. */
function currencyCode(value: string | null | undefined): string | null {
  const currency = value ? value.toUpperCase() : null;
  if (currency !== null && !/^[A-Z]{3}$/.test(currency)) throw new BadInputError('currency', 'must be an ISO 4217 code such as EUR');
  return currency;
}

import 'reflect-metadata';
import { GraphQLSchema } from 'graphql';
import { buildSchema, ContainerType, NonEmptyArray } from 'type-graphql';
import { authChecker } from './auth';
import { INPUT_VALIDATION } from '../common/validation-errors';
import type { Services } from '../composition';
import { ActorResolver } from '../actors/actor.resolver';
import { IdentifierResolver } from '../actors/identifier.resolver';
import { SourceResolver } from '../sources/source.resolver';
import { AuditResolver } from '../audit/audit.resolver';
import { SearchResolver } from '../search/search.resolver';
import { InitiativeResolver } from '../initiatives/initiative.resolver';
import { IndicatorResolver } from '../initiatives/indicator.resolver';
import { TerritoryResolver } from '../territories/territory.resolver';
import { RelationshipResolver } from '../relationships/relationship.resolver';
import { NetworkResolver } from '../network/network.resolver';
import { ActorPartnersResolver } from '../network/actor-partners.resolver';
import { NetworkAnalyticsResolver, NodeMetricsResolver } from '../analytics/analytics.resolver';
import { NetworkExportResolver } from '../export/export.resolver';
import { ImportResolver } from '../import/import.resolver';
import { MoneyResolver } from '../currency/money.resolver';
import { FundingTotalsResolver } from '../funding/funding-totals.resolver';
import { DuplicateResolver } from '../duplicates/duplicate.resolver';
import { MergeResolver } from '../merges/merge.resolver';
import { AnnotationResolver, MapResolver } from '../maps/map.resolver';
import { LiveResolver } from '../events/live.resolver';
import { EventBus } from '../events/event-bus';
import { ActorMetricsResolver, AnalysisResolver, CommunityResolver, InitiativeMetricsResolver, TerritoryMetricsResolver } from '../analysis/analysis.resolver';

type ResolverClass = new (...args: never[]) => object;

/** Resolvers get their services through the constructor, as in type-graphql's DI examples. */
function resolverInstances(services: Services | null): Map<ResolverClass, object> {
  const s = (services ?? {}) as Services;
  return new Map<ResolverClass, object>([
    [ActorResolver, new ActorResolver(s.actors)],
    [IdentifierResolver, new IdentifierResolver()],
    [SourceResolver, new SourceResolver(s.sources)],
    [AuditResolver, new AuditResolver(s.audit)],
    [SearchResolver, new SearchResolver(s.search)],
    [InitiativeResolver, new InitiativeResolver(s.initiatives)],
    [IndicatorResolver, new IndicatorResolver()],
    [TerritoryResolver, new TerritoryResolver(s.territories)],
    [RelationshipResolver, new RelationshipResolver(s.relationships)],
    [NetworkResolver, new NetworkResolver(s.network)],
    [ActorPartnersResolver, new ActorPartnersResolver()],
    [NetworkAnalyticsResolver, new NetworkAnalyticsResolver(s.analytics)],
    [NodeMetricsResolver, new NodeMetricsResolver(s.analytics)],
    [NetworkExportResolver, new NetworkExportResolver(s.exports)],
    [ImportResolver, new ImportResolver(s.imports)],
    [MoneyResolver, new MoneyResolver(s.currency)],
    [FundingTotalsResolver, new FundingTotalsResolver(s.fundingTotals)],
    [DuplicateResolver, new DuplicateResolver(s.duplicates)],
    [MergeResolver, new MergeResolver(s.merges)],
    [MapResolver, new MapResolver(s.maps)],
    [AnnotationResolver, new AnnotationResolver(s.maps)],
    [LiveResolver, new LiveResolver()],
    [AnalysisResolver, new AnalysisResolver(s.analysis)],
    [CommunityResolver, new CommunityResolver()],
    [ActorMetricsResolver, new ActorMetricsResolver()],
    [InitiativeMetricsResolver, new InitiativeMetricsResolver()],
    [TerritoryMetricsResolver, new TerritoryMetricsResolver()],
  ]);
}

export const RESOLVERS = [...resolverInstances(null).keys()] as unknown as NonEmptyArray<ResolverClass>;

/** With no services (schema emission), the resolvers exist but are never called. */
export async function createSchema(services: Services | null): Promise<GraphQLSchema> {
  const instances = resolverInstances(services);
  const container: ContainerType = { get: (cls) => instances.get(cls as ResolverClass) };
  return buildSchema({
    resolvers: RESOLVERS,
    container,
    authChecker,
    validate: INPUT_VALIDATION,
    // Required by type-graphql once there are subscriptions; the API's own go through services.live.
    pubSub: services?.events ?? new EventBus(),
  });
}

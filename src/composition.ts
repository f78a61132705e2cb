import type { Database } from './db/database';
import { AuditService } from './audit/audit.service';
import { SourceService } from './sources/source.service';
import { FilterService } from './filters/filter.service';
import { SearchService } from './search/search.service';
import { ActorService } from './actors/actor.service';
import { InitiativeService } from './initiatives/initiative.service';
import { TerritoryService } from './territories/territory.service';
import { RelationshipService } from './relationships/relationship.service';
import { NetworkService } from './network/network.service';
import { AnalyticsService } from './analytics/analytics.service';
import { ExportService } from './export/export.service';
import { WholeGraphExportService } from './export/whole-graph-export.service';
import { OverviewService } from './overview/overview.service';
import { ImportService } from './import/import.service';
import { BulkImportService } from './import/bulk-import.service';
import { ImportGraphService } from './import/import-graph.service';
import { NetworkImportService } from './import/network/network-import.service';
import { NodeNamesRepository } from './import/network/node-names.repository';
import { DEFAULT_IMPORT_MAX_ROWS } from './config';
import { CurrencyService } from './currency/currency.service';
import { FundingTotalsService } from './funding/funding-totals.service';
import { loadRates } from './currency/rates.repository';
import { DuplicateService } from './duplicates/duplicate.service';
import { MergeService } from './merges/merge.service';
import { MapService } from './maps/map.service';
import { EventBus } from './events/event-bus';
import { publishCommitted } from './events/publisher';
import { LiveService } from './events/live.service';
import { AnalysisService, AnalysisServiceOptions } from './analysis/analysis.service';

export interface CompositionOptions {
  /** Most rows one importGraph mutation may carry (config.limits.importMaxRows). */
  importMaxRows?: number;
  /** Events queued for one subscription of the type-graphql PubSub interface (config.subscriptions.queueLimit). */
  subscriptionQueueLimit?: number;
  /** Batch sizes and heartbeats of analysis jobs; tests make them small. */
  analysis?: AnalysisServiceOptions;
}

/**
 * The composition root: the one place that builds services and hands each the narrow ports it
 * needs. The API, the CLIs, the seed script, the tests and the benchmark all start here.
 */
export function createServices(db: Database, options: CompositionOptions = {}) {
  // Every committed write's notes reach the bus here (Database.write); CLIs publish to nobody.
  const events = new EventBus(options.subscriptionQueueLimit);
  db.onCommit((notes, committedAt) => publishCommitted(events, notes, committedAt));
  const audit = new AuditService(db);
  const search = new SearchService(db);
  const filters = new FilterService(search);
  const sources = new SourceService(db, audit);
  const relationships = new RelationshipService(db, audit, sources);
  const actors = new ActorService(db, audit, sources, filters, relationships);
  const initiatives = new InitiativeService(db, audit, sources, filters);
  const territories = new TerritoryService(db, audit, sources, search);
  const analytics = new AnalyticsService();
  const exports = new ExportService();
  const wholeGraph = new WholeGraphExportService(db);
  const overview = new OverviewService(db);
  const currency = new CurrencyService(loadRates()); // seeds/rates/, read once per process
  const network = new NetworkService(db, currency);
  const fundingTotals = new FundingTotalsService(db, currency);
  const duplicates = new DuplicateService(db);
  const analysis = new AnalysisService(db, options.analysis);

  const importer = new ImportService({
    db,
    upserters: { sources, territories, actors, initiatives, relationships },
    labelsOf: (tx, ids) => relationships.repository.labelsOf(tx, ids),
    sourcesExist: (tx, ids) => sources.repository.existingIds(tx, ids),
    identifierHolders: (tx, keys) => actors.identifierHolders(tx, keys),
    matchNewActors: (rows, minScore) => duplicates.matchesForNew(rows, minScore),
  });
  const bulkImporter = new BulkImportService({ rowMappers: { sources, territories, actors, initiatives } });
  const nodeNames = new NodeNamesRepository();
  const networkImporter = new NetworkImportService({
    db,
    labelsOf: (tx, ids) => relationships.repository.labelsOf(tx, ids),
    nodeNames: (tx, ids) => nodeNames.nodeNames(tx, ids),
  });
  const imports = new ImportGraphService(importer, networkImporter, options.importMaxRows ?? DEFAULT_IMPORT_MAX_ROWS);
  const merges = new MergeService({
    db,
    mergeActors: (tx, keepId, mergeId, by) => actors.mergeIn(tx, keepId, mergeId, by),
    actorsExisting: (tx, ids) => actors.repository.existingIds(tx, ids),
    writeActors: (tx, rows) => actors.repository.upsertMany(tx, rows),
    audit,
    evidence: duplicates,
  });
  const maps = new MapService({
    db,
    audit,
    relationshipsByIds: (tx, ids) => relationships.repository.findByIds(tx, ids),
    sourcesExisting: (tx, ids) => sources.repository.existingIds(tx, ids),
  });
  const live = new LiveService({ events, mapFor: (id, caller) => maps.byId(id, caller) });

  return {
    db,
    audit,
    search,
    sources,
    relationships,
    actors,
    initiatives,
    territories,
    network,
    analytics,
    exports,
    wholeGraph,
    overview,
    importer,
    bulkImporter,
    networkImporter,
    imports,
    currency,
    fundingTotals,
    duplicates,
    merges,
    maps,
    events,
    live,
    analysis,
  };
}

export type Services = ReturnType<typeof createServices>;

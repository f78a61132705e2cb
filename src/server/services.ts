import type { Database } from '../db/database';
import { AuditService } from '../audit/audit.service';
import { SourceService } from '../sources/source.service';
import { SearchService } from '../search/search.service';
import { ActorService } from '../actors/actor.service';
import { InitiativeService } from '../initiatives/initiative.service';
import { TerritoryService } from '../territories/territory.service';
import { RelationshipService } from '../relationships/relationship.service';
import { NetworkService } from '../network/network.service';
import { ImportGraphService } from '../import/import-graph.service';
import { DEFAULT_IMPORT_MAX_ROWS } from '../config';

export interface ServiceOptions {
  /** Most rows one importGraph mutation may carry (config.limits.importMaxRows). */
  importMaxRows?: number;
}

function createCoreServices(db: Database) {
  const audit = new AuditService(db);
  const search = new SearchService(db);
  const sources = new SourceService(db, audit);
  const relationships = new RelationshipService(db, audit, sources);
  const actors = new ActorService(db, audit, sources, search, relationships);
  const initiatives = new InitiativeService(db, audit, sources, search);
  const territories = new TerritoryService(db, audit, sources, search);
  const network = new NetworkService(db);
  return { db, audit, search, sources, relationships, actors, initiatives, territories, network };
}

/** The services the importer runs over; it is built from them, so it cannot be one of them. */
export type CoreServices = ReturnType<typeof createCoreServices>;

/** The stateless services, built once per process and shared by all requests. */
export function createServices(db: Database, options: ServiceOptions = {}) {
  const core = createCoreServices(db);
  return { ...core, imports: new ImportGraphService(core, options.importMaxRows ?? DEFAULT_IMPORT_MAX_ROWS) };
}

export type Services = ReturnType<typeof createServices>;

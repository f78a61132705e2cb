import type { Database } from '../db/database';
import { AuditService } from '../audit/audit.service';
import { SourceService } from '../sources/source.service';
import { SearchService } from '../search/search.service';
import { ActorService } from '../actors/actor.service';
import { InitiativeService } from '../initiatives/initiative.service';
import { TerritoryService } from '../territories/territory.service';
import { RelationshipService } from '../relationships/relationship.service';
import { NetworkService } from '../network/network.service';

/** The stateless services, built once per process and shared by all requests. */
export function createServices(db: Database) {
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

export type Services = ReturnType<typeof createServices>;

import type { Database, Tx } from '../db/database';
import type { NodeRow, UpsertResult } from '../db/node.repository';
import type { NodeLabel } from '../relationships/relationship-kinds';
import type { RelationshipInput } from '../relationships/relationship.input';
import type { SourceInput } from '../sources/source.input';
import type { TerritoryInput } from '../territories/territory.input';
import type { ActorInput } from '../actors/actor.input';
import type { InitiativeInput } from '../initiatives/initiative.input';
import type { IdentifierHolder } from '../actors/identifier.repository';
import type { IdentifierRow } from '../actors/identifiers';
import type { ExistingActorMatch } from '../duplicates/duplicate.service';

/**
 * What the importers need from the rest of the application, and nothing more: they write through
 * the same upserts as the API (same rules, same audit entries) without knowing which services
 * implement them. The composition root passes the services in.
 */

/** Turns a validated input into the properties stored for it, as a write through the API would. */
export interface NodeRowMapper<I> {
  toRow(input: I): NodeRow;
}

export interface NodeUpserter<I> extends NodeRowMapper<I> {
  upsertMany(tx: Tx, inputs: readonly I[], by: string, operation?: string): Promise<UpsertResult[]>;
}

export interface RelationshipUpserter {
  upsertMany(
    tx: Tx,
    inputs: readonly RelationshipInput[],
    by: string,
    operation: string,
    labelOf?: (id: string) => NodeLabel | undefined,
  ): Promise<UpsertResult[]>;
}

export interface NodeInputs {
  sources: SourceInput;
  territories: TerritoryInput;
  actors: ActorInput;
  initiatives: InitiativeInput;
}

export type NodeSection = keyof NodeInputs;

export type NodeUpserters = { [S in NodeSection]: NodeUpserter<NodeInputs[S]> };

/** An actor's identifiers are nodes of their own, written beside it. */
export interface ActorRowMapper extends NodeRowMapper<ActorInput> {
  identifierRows(input: ActorInput): IdentifierRow[];
}

export type NodeRowMappers = { [S in Exclude<NodeSection, 'actors'>]: NodeRowMapper<NodeInputs[S]> } & { actors: ActorRowMapper };

export interface ImportPorts {
  db: Pick<Database, 'read' | 'write'>;
  upserters: NodeUpserters & { relationships: RelationshipUpserter };
  /** The label of each id that exists, as one lookup for a whole file. */
  labelsOf(tx: Tx, ids: readonly string[]): Promise<Map<string, NodeLabel>>;
  /** The source ids among `ids` that exist. */
  sourcesExist(tx: Tx, ids: readonly string[]): Promise<Set<string>>;
  /** The actor that holds each of these identifier keys, as one lookup for a whole import. */
  identifierHolders(tx: Tx, keys: readonly string[]): Promise<Map<string, IdentifierHolder>>;
  /** For each actor an import would create, the existing actors it may be, best first (duplicate candidates' rules). */
  matchNewActors(actors: readonly ActorInput[], minScore?: number): Promise<ExistingActorMatch[][]>;
}

export interface BulkImportPorts {
  rowMappers: NodeRowMappers;
}

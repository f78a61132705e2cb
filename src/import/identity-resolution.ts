import { ActorInput } from '../actors/actor.input';
import type { ActorKind } from '../actors/actor.type';
import { IdentifierInput } from '../actors/identifier.input';
import type { IdentifierHolder } from '../actors/identifier.repository';
import { describeKey, identifierKey, isIatiOrgIdentifier, keyedIdentifiers, keyValue } from '../actors/identifiers';
import type { LocatedRow, RowProblem, ValidRows } from './import.document';

/**
 * One organisation, one actor: an import resolves its actor rows through their identifiers
 * before anything else reads their ids.
 *
 * - A row whose identifier an existing actor holds becomes that actor, whatever id the row
 *   gives: the existing actor keeps its own fields (an IATI file does not rename or re-source a
 *   curated actor) and gains the row's identifiers, with the row's sources on them.
 * - Rows of one import that share an identifier are one actor: the row whose id is the
 *   identifier itself, else the first, takes in the others' aliases, sources, tags, identifiers
 *   and the fields it lacks.
 * - Every link of the import that named a resolved row names the actor it resolved to.
 *
 * Each resolved row gets a warning. Rows whose identifiers point at two different actors are
 * refused: those actors are duplicates that someone must merge first.
 */

export interface IdentityResolution {
  valid: ValidRows;
  warnings: RowProblem[];
  problems: RowProblem[];
}

/** Link fields that name an actor. */
const ACTOR_REFERENCES = ['fromId', 'toId', 'reportingOrgId'] as const;

/** An IATI row names its org by `orgRef`; a well-formed one is its identifier even when the row lists none. */
function withOrgRefIdentifier(actor: ActorInput): void {
  if (!actor.orgRef || !isIatiOrgIdentifier(actor.orgRef)) return;
  const key = identifierKey('IATI', actor.orgRef);
  if (keysOf(actor).includes(key!)) return;
  actor.identifiers = [...(actor.identifiers ?? []), Object.assign(new IdentifierInput(), { scheme: 'IATI', value: actor.orgRef })];
}

function keysOf(actor: ActorInput): string[] {
  return [...new Set(keyedIdentifiers(actor.identifiers).map(({ key }) => key))];
}

/** Adds the orgRef identifiers, then returns every identifier key the actor rows give, for one lookup. */
export function identifierKeysOf(actors: readonly LocatedRow<ActorInput>[]): string[] {
  const keys = new Set<string>();
  for (const row of actors) {
    withOrgRefIdentifier(row.value);
    for (const key of keysOf(row.value)) keys.add(key);
  }
  return [...keys];
}

/** Groups of rows that share identifiers, directly or through a third row, in row order. */
function groupsOf(actors: readonly LocatedRow<ActorInput>[]): number[][] {
  const parent = actors.map((_row, index) => index);
  const root = (index: number): number => (parent[index] === index ? index : (parent[index] = root(parent[index])));
  const firstWithKey = new Map<string, number>();
  actors.forEach((row, index) => {
    for (const key of keysOf(row.value)) {
      const first = firstWithKey.get(key);
      if (first === undefined) firstWithKey.set(key, index);
      else parent[root(index)] = root(first);
    }
  });
  const groups = new Map<number, number[]>();
  actors.forEach((_row, index) => {
    if (keysOf(actors[index].value).length === 0) return;
    const group = groups.get(root(index)) ?? [];
    group.push(index);
    groups.set(root(index), group);
  });
  return [...groups.values()];
}

/** Identifiers that cite their own row's sources, so they keep them when the row is folded into another. */
function ownedIdentifiers(actor: ActorInput): IdentifierInput[] {
  return (actor.identifiers ?? []).map((identifier) =>
    identifier.sourceIds?.length || !actor.sourceIds?.length ? identifier : Object.assign(new IdentifierInput(), { ...identifier, sourceIds: actor.sourceIds }),
  );
}

function union<T>(a: readonly T[] | undefined, b: readonly T[] | undefined): T[] | undefined {
  return a === undefined && b === undefined ? undefined : [...new Set([...(a ?? []), ...(b ?? [])])];
}

const FILLED_FIELDS = ['acronym', 'sse', 'scale', 'countryCode', 'iatiOrgType', 'orgRef', 'website', 'description'] as const;

/** Folds `other` into `kept`, an actor row of the same import. */
function fold(kept: ActorInput, other: ActorInput): void {
  kept.identifiers = [...ownedIdentifiers(kept), ...ownedIdentifiers(other)];
  const aliases = union(kept.aliases, [...(other.aliases ?? []), other.name])?.filter((alias) => alias !== kept.name);
  if (aliases?.length || kept.aliases !== undefined) kept.aliases = aliases;
  kept.sourceIds = union(kept.sourceIds, other.sourceIds);
  kept.tags = union(kept.tags, other.tags);
  if (other.attributes) kept.attributes = { ...other.attributes, ...(kept.attributes ?? {}) };
  for (const field of FILLED_FIELDS) {
    if (kept[field] === undefined && other[field] !== undefined) Object.assign(kept, { [field]: other[field] });
  }
}

/** The key two rows share, else the first of `row`'s: what a warning names. */
function sharedKey(row: ActorInput, other: readonly string[]): string {
  const keys = keysOf(row);
  return keys.find((key) => other.includes(key)) ?? keys[0];
}

export function resolveIdentities(valid: ValidRows, holders: ReadonlyMap<string, IdentifierHolder>): IdentityResolution {
  const actors = valid.actors;
  const warnings: RowProblem[] = [];
  const problems: RowProblem[] = [];
  const dropped = new Set<number>();
  const replaced = new Map<number, ActorInput>();
  const renamed = new Map<string, string>();
  const warn = (row: LocatedRow<ActorInput>, reason: string) => warnings.push({ file: row.file, location: row.location, field: 'id', reason });

  for (const group of groupsOf(actors)) {
    const rows = group.map((index) => actors[index]);
    const groupKeys = [...new Set(rows.flatMap((row) => keysOf(row.value)))];
    const heldBy = new Map<string, string>();
    for (const key of groupKeys) {
      const holder = holders.get(key);
      if (holder && !heldBy.has(holder.actorId)) heldBy.set(holder.actorId, key);
    }
    if (heldBy.size > 1) {
      const [[firstActor, firstKey], [secondActor, secondKey]] = [...heldBy];
      const reason = `${describeKey(firstKey)} identifies actor "${firstActor}" and ${describeKey(secondKey)} identifies actor "${secondActor}": merge those actors first`;
      for (const row of rows) problems.push({ file: row.file, location: row.location, field: 'identifiers', reason });
      continue;
    }
    const [holderId, heldKey] = [...heldBy][0] ?? [];
    if (rows.length === 1 && (holderId === undefined || rows[0].value.id === holderId)) continue;

    const own = holderId === undefined ? undefined : group.find((index) => actors[index].value.id === holderId);
    if (holderId !== undefined && own === undefined) {
      replaced.set(group[0], asExistingActor(holders.get(heldKey!)!, rows));
      for (const index of group.slice(1)) dropped.add(index);
      for (const row of rows) {
        const key = keysOf(row.value).find((candidate) => holders.get(candidate)?.actorId === holderId) ?? sharedKey(row.value, groupKeys);
        warn(row, `resolved to existing actor "${holderId}" by identifier ${describeKey(key)}`);
        if (row.value.id) renamed.set(row.value.id, holderId);
      }
      continue;
    }

    const keptIndex =
      own ??
      group.find((index) => keysOf(actors[index].value).some((key) => actors[index].value.id === keyValue(key))) ??
      group.find((index) => actors[index].value.id !== undefined) ??
      group[0];
    const kept = actors[keptIndex];
    const keptKeys = keysOf(kept.value);
    for (const index of group) {
      if (index === keptIndex) continue;
      const row = actors[index];
      const key = sharedKey(row.value, keptKeys.length ? keptKeys : groupKeys);
      fold(kept.value, row.value);
      dropped.add(index);
      warn(row, `resolved to actor "${kept.value.id ?? kept.value.name}" of the row at ${kept.file} ${kept.location} by identifier ${describeKey(key)}`);
      if (row.value.id && kept.value.id) renamed.set(row.value.id, kept.value.id);
    }
  }

  return { valid: applied(valid, { dropped, replaced, renamed }), warnings, problems };
}

/** What resolution does to an import's rows: actor rows dropped or replaced, and the ids links must name instead. */
interface Resolution {
  dropped: ReadonlySet<number>;
  replaced: ReadonlyMap<number, ActorInput>;
  renamed: ReadonlyMap<string, string>;
}

function applied(valid: ValidRows, { dropped, replaced, renamed }: Resolution): ValidRows {
  if (dropped.size === 0 && replaced.size === 0) return valid;
  for (const { value } of valid.relationships) {
    for (const field of ACTOR_REFERENCES) {
      const id = value[field];
      if (id !== undefined && renamed.has(id)) Object.assign(value, { [field]: renamed.get(id) });
    }
  }
  const actors = valid.actors.flatMap((row, index) => {
    if (dropped.has(index)) return [];
    const value = replaced.get(index);
    return [value ? { ...row, value } : row];
  });
  return { ...valid, actors };
}

/**
 * The row that stands for an existing actor: it keeps its own fields (an import does not rename
 * or re-source a curated actor) and gains the rows' identifiers, with their sources.
 */
function asExistingActor(holder: IdentifierHolder, rows: readonly LocatedRow<ActorInput>[]): ActorInput {
  return Object.assign(new ActorInput(), {
    id: holder.actorId,
    // The stored name cleans to itself, and its original (when there is one) to the stored name, so neither changes.
    name: holder.originalName ?? holder.name,
    kind: holder.kind as ActorKind,
    identifiers: rows.flatMap((row) => ownedIdentifiers(row.value)),
  });
}

/** An actor row that import-time matching resolved to an existing actor (`--match link`). */
export interface ActorLink {
  /** Index of the row in the actors section. */
  row: number;
  actor: IdentifierHolder;
  reason: string;
}

/**
 * Links rows to the existing actors that matching found them to be, as identifier resolution
 * does: each becomes that actor, and every link of the import that named the row names it.
 */
export function linkToExisting(valid: ValidRows, links: readonly ActorLink[]): IdentityResolution {
  const replaced = new Map<number, ActorInput>();
  const dropped = new Set<number>();
  const renamed = new Map<string, string>();
  const warnings: RowProblem[] = [];
  // An actor another row of the import already writes, or an earlier link stands for, is written once.
  const written = new Set(valid.actors.flatMap((row) => (row.value.id ? [row.value.id] : [])));
  for (const link of links) {
    const row = valid.actors[link.row];
    if (written.has(link.actor.actorId)) dropped.add(link.row);
    else replaced.set(link.row, asExistingActor(link.actor, [row]));
    written.add(link.actor.actorId);
    if (row.value.id) renamed.set(row.value.id, link.actor.actorId);
    warnings.push({ file: row.file, location: row.location, field: 'id', reason: `linked to existing actor "${link.actor.actorId}" (--match link): ${link.reason}` });
  }
  return { valid: applied(valid, { dropped, replaced, renamed }), warnings, problems: [] };
}

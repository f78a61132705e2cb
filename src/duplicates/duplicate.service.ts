import type { Database } from '../db/database';
import { NotFoundError } from '../common/errors';
import { compareNames, NameComparison, NameVariant, negationBetween } from './duplicate-names';
import { describeKey, keyedIdentifiers } from '../actors/identifiers';
import type { ActorInput } from '../actors/actor.input';
import { cleanName } from '../common/names';
import { ActorIdentifier, compareIdentifiers, IdentifierPair } from './duplicate-identifiers';
import { ActorProfile, ActorRecord, BLOCKING_LIMITS, BlockingLimits, Blocks, CandidatePair, NameStatistics, profileOf, sameRecord } from './duplicate-blocking';
import { DuplicateRepository, SharedNeighbour } from './duplicate.repository';
import { RefreshingIndex } from './refreshing-index';

/**
 * Duplicate candidates (Aleph's xref, LittleSis's similar entities): pairs of actors that may be
 * one organisation, each with a score in [0, 1] and the evidence behind it in words.
 *
 * The score combines independent pieces of evidence for (e) and against (c):
 *
 *   score = (1 - Π(1 - e)) × Π(1 - c)
 *
 * Evidence for:
 * - the same identifier (equal keys, e.g. "46004" and "XM-DAC-46004"): 0.9;
 * - identifiers of one register one character apart (a mistyped number): 0.3;
 * - the names, the stronger of
 *   - 0.9 × similarity × specificity, where similarity is the rarity-weighted share of words the
 *     closest two of their names have in common (or their spelling ratio when 0.9 or more), and
 *     specificity = 1 / (1 + (n - 2) / 6) when the words they share occur in n > 2 different
 *     names of the graph ("Ministry of Finance" is many ministries);
 *   - 0.75 × specificity when one states an acronym the other's name spells, or both state it,
 *     with n the actors having that acronym;
 * - the same country and kind: 0.05;
 * - shared partners or funders: 0.25 / log2(1 + links) each (a hub everyone shares says little),
 *   at most 0.3.
 *
 * Evidence against:
 * - different identifiers in one register (GB-COH-213890, GB-COH-03732267): 0.6;
 * - registered only in national registers of different countries: 0.4;
 * - different countries: 0.3;
 * - a negating word in one name only ("Non United States"): 0.5.
 *
 * DEFAULT_MIN_SCORE was chosen on the hand-labelled set of
 * test/integration/duplicate-candidates.int.test.ts (the seeds and the four real IATI files):
 * the labelled non-duplicates score at most 0.575 there (placeholders for withheld names), the
 * labelled duplicates found score at least 0.653, and any threshold in between gives the same
 * precision (1.00) and recall (0.91); 0.6 sits in that gap.
 */
export const DEFAULT_MIN_SCORE = 0.6;

export const WEIGHTS = {
  sameIdentifier: 0.9,
  nearIdentifier: 0.3,
  name: 0.9,
  acronym: 0.75,
  sameCountryAndKind: 0.05,
  sharedNeighbour: 0.25,
  sharedNeighboursCap: 0.3,
  conflictingIdentifiers: 0.6,
  registeredInDifferentCountries: 0.4,
  differentCountries: 0.3,
  negation: 0.5,
} as const;

/** Words this alike are one word spelled two ways ("organisation", "organization"; "danmark", "denmark"). */
const SPELLING_VARIANT = 0.85;
/** Evidence whose strength is below this is not worth a reason. */
const NEGLIGIBLE = 0.05;
/** Rows beyond the page checked when the index is stale, to fill the places of actors gone since. */
const STALE_SPARE_ROWS = 50;
/** Pairs whose shared neighbours are looked up at most, best first: one statement, bounded. */
const MAX_NEIGHBOUR_PAIRS = 1000;

export interface Evidence {
  strength: number;
  reason: string;
}

export interface PairEvidence {
  for: Evidence[];
  against: Evidence[];
}

export interface ScoredPair {
  score: number;
  reasons: string[];
}

const two = (value: number) => value.toFixed(2);
const quoted = (text: string) => `"${text}"`;

/**
 * How many names beyond the two compared may share their words before the match halves: one
 * organisation often has a few spellings (GIZ has four here), a generic name has many.
 */
const SPECIFICITY_SPREAD = 6;

/** 1 when the shared words are in no more than the two names compared; lower the more names have them. */
export function specificity(namesWithSharedWords: number): number {
  return 1 / (1 + Math.max(0, namesWithSharedWords - 2) / SPECIFICITY_SPREAD);
}

function bestNames(a: ActorProfile, b: ActorProfile, statistics: NameStatistics) {
  let best: { comparison: NameComparison; x: NameVariant; y: NameVariant } | null = null;
  for (const x of a.variants) {
    for (const y of b.variants) {
      const comparison = compareNames(x, y, statistics.wordWeight);
      if (!best || comparison.similarity > best.comparison.similarity) best = { comparison, x, y };
    }
  }
  return best;
}

function nameEvidence(a: ActorProfile, b: ActorProfile, statistics: NameStatistics): { evidence: Evidence | null; negation: Evidence | null } {
  const best = bestNames(a, b, statistics);
  if (!best || best.comparison.similarity === 0) return { evidence: null, negation: null };
  const { comparison, x, y } = best;
  const shared = comparison.matches.filter((match) => match.similarity >= SPELLING_VARIANT);
  const names = statistics.namesWithAll(shared.map((match) => (match.a === match.b ? [match.a] : [match.a, match.b])));
  const telling = specificity(names);
  const strength = WEIGHTS.name * comparison.similarity * telling;
  let reason =
    x.compact === y.compact
      ? x.text === y.text
        ? `same name ${quoted(x.text)}`
        : `same name: ${quoted(x.text)} and ${quoted(y.text)}`
      : `name similarity ${two(comparison.similarity)} (${quoted(x.text)} ~ ${quoted(y.text)})`;
  if (telling < 1) reason += `, but the words they share (${shared.map((match) => match.a).join(' ')}) are in ${names} different names`;
  const negating = negationBetween(x, y);
  const negation = negating
    ? { strength: WEIGHTS.negation, reason: `against: ${quoted(negating)} in only one of ${quoted(x.text)} and ${quoted(y.text)}` }
    : null;
  return { evidence: strength >= NEGLIGIBLE ? { strength, reason } : null, negation };
}

function acronymEvidence(a: ActorProfile, b: ActorProfile, statistics: NameStatistics): Evidence | null {
  let best: Evidence | null = null;
  const consider = (acronym: string, reasonOf: () => string) => {
    const strength = WEIGHTS.acronym * specificity(statistics.actorsWithAcronym(acronym));
    if (strength >= NEGLIGIBLE && (!best || strength > best.strength)) best = { strength, reason: reasonOf() };
  };
  for (const [stating, other] of [
    [a, b],
    [b, a],
  ] as const) {
    for (const acronym of stating.acronyms) {
      const spelled = other.variants.find((variant) => variant.initials.includes(acronym));
      if (spelled) {
        const own = stating.variants.find((variant) => variant.compact === acronym)?.text ?? acronym.toUpperCase();
        consider(acronym, () => `names ${quoted(own)} and ${quoted(spelled.text)}: acronym of the other`);
      } else if (other.acronyms.includes(acronym)) {
        consider(acronym, () => `same acronym ${quoted(acronym.toUpperCase())}`);
      }
    }
  }
  return best;
}

function shownOne(identifier: ActorIdentifier): string {
  return identifier.readAs ? `${quoted(identifier.shown)} (read as the ${identifier.readAs})` : quoted(identifier.shown);
}

function shownPair({ a, b }: IdentifierPair): string {
  return a.shown === b.shown ? quoted(a.shown) : `${shownOne(a)} and ${shownOne(b)}`;
}

function identifierEvidence(a: ActorProfile, b: ActorProfile): PairEvidence & { notes: string[] } {
  const found: PairEvidence & { notes: string[] } = { for: [], against: [], notes: [] };
  const comparison = compareIdentifiers(a.identifiers, b.identifiers);
  if (comparison.same.length > 0) {
    const pair = comparison.same[0];
    const reason = pair.a.shown === pair.b.shown ? `same identifier ${pair.a.shown}` : `same identifier ${describeKey(pair.a.key)}: ${shownPair(pair)}`;
    found.for.push({ strength: WEIGHTS.sameIdentifier, reason });
    return found;
  }
  for (const pair of comparison.near) {
    found.for.push({ strength: WEIGHTS.nearIdentifier, reason: `identifiers ${shownPair(pair)} differ by one character (the same ${pair.a.register} number mistyped?)` });
  }
  for (const pair of comparison.nested) {
    found.notes.push(`identifiers ${shownPair(pair)}: one is a sub-code of the other, not counted against`);
  }
  if (comparison.conflicting.length > 0 && comparison.near.length === 0) {
    const pair = comparison.conflicting[0];
    found.against.push({
      strength: WEIGHTS.conflictingIdentifiers,
      reason: `against: different identifiers in one register (${pair.a.register}), ${shownPair(pair)}: two registered organisations`,
    });
  }
  if (comparison.countries) {
    const list = (profile: ActorProfile) => profile.identifiers.map(shownOne).join(', ');
    found.against.push({
      strength: WEIGHTS.registeredInDifferentCountries,
      reason: `against: registered in different countries (${comparison.countries.a.join('/')}: ${list(a)}; ${comparison.countries.b.join('/')}: ${list(b)})`,
    });
  }
  return found;
}

function placeEvidence(a: ActorProfile, b: ActorProfile): PairEvidence {
  const found: PairEvidence = { for: [], against: [] };
  const countryA = a.record.countryCode?.toUpperCase();
  const countryB = b.record.countryCode?.toUpperCase();
  if (countryA && countryB && countryA !== countryB) {
    found.against.push({ strength: WEIGHTS.differentCountries, reason: `against: different countries ${countryA} and ${countryB}` });
  } else if (countryA && countryA === countryB && a.record.kind && a.record.kind === b.record.kind) {
    found.for.push({ strength: WEIGHTS.sameCountryAndKind, reason: `same country ${countryA} and kind ${a.record.kind}` });
  }
  return found;
}

/** The evidence two actors' own records give: names, acronyms, identifiers, country and kind. */
export function pairEvidence(a: ActorProfile, b: ActorProfile, statistics: NameStatistics): PairEvidence & { notes: string[] } {
  const names = nameEvidence(a, b, statistics);
  const acronym = acronymEvidence(a, b, statistics);
  const identifiers = identifierEvidence(a, b);
  const place = placeEvidence(a, b);
  // Names and acronyms say the same thing twice over; only the stronger counts.
  const naming = [names.evidence, acronym].filter((e): e is Evidence => e !== null).sort((x, y) => y.strength - x.strength);
  return {
    for: [...identifiers.for, ...naming.slice(0, 1), ...place.for],
    against: [...identifiers.against, ...(names.negation ? [names.negation] : []), ...place.against],
    notes: [...naming.slice(1).map((e) => `also ${e.reason} (not counted twice)`), ...identifiers.notes],
  };
}

/** Partners and funders both actors have; each counts less the more links it has. */
export function neighbourEvidence(shared: readonly SharedNeighbour[]): Evidence | null {
  if (shared.length === 0) return null;
  const sum = shared.reduce((total, neighbour) => total + WEIGHTS.sharedNeighbour / Math.log2(1 + Math.max(2, neighbour.degree)), 0);
  const named = shared.slice(0, 3).map((neighbour) => quoted(neighbour.name)).join(', ');
  const more = shared.length > 3 ? ` and ${shared.length - 3} more` : '';
  return {
    strength: Math.min(WEIGHTS.sharedNeighboursCap, sum),
    reason: `${shared.length} shared partner${shared.length === 1 ? '' : 's'} or funder${shared.length === 1 ? '' : 's'} (${named}${more})`,
  };
}

export function combine(evidence: PairEvidence): number {
  const unlikely = evidence.for.reduce((product, e) => product * (1 - e.strength), 1);
  const kept = evidence.against.reduce((product, e) => product * (1 - e.strength), 1);
  return Math.round((1 - unlikely) * kept * 1000) / 1000;
}

/** The most shared neighbours could add: pairs that cannot reach the threshold even so are not looked up. */
export function ceiling(evidence: PairEvidence): number {
  return combine({ ...evidence, for: [...evidence.for, { strength: WEIGHTS.sharedNeighboursCap, reason: '' }] });
}

export function scorePair(a: ActorProfile, b: ActorProfile, statistics: NameStatistics, shared: readonly SharedNeighbour[] = []): ScoredPair {
  const evidence = pairEvidence(a, b, statistics);
  const neighbours = neighbourEvidence(shared);
  if (neighbours) evidence.for.push(neighbours);
  const ordered = [...evidence.for].sort((x, y) => y.strength - x.strength);
  return {
    score: combine(evidence),
    reasons: [...ordered, ...evidence.against].map((e) => e.reason).concat(evidence.notes),
  };
}

export interface DuplicateQuery {
  first: number;
  minScore: number;
  actorId?: string;
}

export interface DuplicateCandidateRow {
  aId: string;
  bId: string;
  score: number;
  reasons: string[];
}

/** A pair found by blocking, with what its records alone give and what shared neighbours could add. */
interface RankedPair {
  a: number;
  b: number;
  base: number;
  ceiling: number;
}

/**
 * Everything the actors' own records decide, worked out from one read of every actor: their
 * profiles, the statistics of their names, the blocks and the pairs those give, best first.
 */
export class DuplicateIndex {
  readonly profiles: ActorProfile[];
  readonly statistics: NameStatistics;
  private readonly byId: Map<string, number>;
  private readonly blocks: Blocks;
  /** Every blocked pair, best score from the records first. */
  readonly ranked: RankedPair[];

  constructor(records: readonly ActorRecord[], limits: BlockingLimits = BLOCKING_LIMITS, previous: DuplicateIndex | null = null) {
    this.profiles = profilesOf(records, previous);
    this.statistics = new NameStatistics(this.profiles);
    this.byId = new Map(this.profiles.map((profile, index) => [profile.record.id, index]));
    this.blocks = new Blocks(this.profiles, limits);
    this.ranked = this.rank(this.blocks.pairs()).sort((x, y) => y.base - x.base || x.a - y.a || x.b - y.b);
  }

  /** The profile of an actor as this index holds it. */
  profileOf(actorId: string): ActorProfile | undefined {
    const index = this.byId.get(actorId);
    return index === undefined ? undefined : this.profiles[index];
  }

  indexOf(actorId: string): number | undefined {
    return this.byId.get(actorId);
  }

  /** The pairs that include one actor, best first. */
  pairsOf(index: number): RankedPair[] {
    return this.rank(this.blocks.pairsOf(index)).sort((x, y) => y.base - x.base || x.a - y.a || x.b - y.b);
  }

  evidence(pair: { a: number; b: number }): PairEvidence & { notes: string[] } {
    return pairEvidence(this.profiles[pair.a], this.profiles[pair.b], this.statistics);
  }

  /**
   * The actors of the graph an actor not yet in it may be, best first, scored on the records
   * alone: it has no links in the graph to share yet.
   */
  matchesOf(incoming: ActorProfile, minScore: number, limit: number): ExistingActorMatch[] {
    return this.blocks
      .holdersOf(incoming)
      .map((other) => {
        const profile = this.profiles[other];
        return {
          actorId: profile.record.id,
          name: profile.record.name,
          originalName: profile.record.originalName,
          kind: profile.record.kind,
          ...scorePair(incoming, profile, this.statistics),
          sameIdentifier: compareIdentifiers(incoming.identifiers, profile.identifiers).same.length > 0,
        };
      })
      .filter((match) => match.score >= minScore)
      .sort((x, y) => y.score - x.score || x.actorId.localeCompare(y.actorId))
      .slice(0, limit);
  }

  private rank(pairs: readonly CandidatePair[]): RankedPair[] {
    return pairs.map(([a, b]) => {
      const evidence = this.evidence({ a, b });
      return { a, b, base: combine(evidence), ceiling: ceiling(evidence) };
    });
  }
}

/** The profiles of these records, reusing those of an earlier index whose actor has not changed since. */
function profilesOf(records: readonly ActorRecord[], previous: DuplicateIndex | null): ActorProfile[] {
  return records.map((record) => {
    const kept = previous?.profileOf(record.id);
    return kept && sameRecord(kept.record, record) ? kept : profileOf(record);
  });
}

/** An existing actor that an actor about to be created may be. */
export interface ExistingActorMatch {
  actorId: string;
  name: string;
  originalName: string | null;
  kind: string | null;
  score: number;
  reasons: string[];
  /** The two share an identifier (once normalised, bare refs read as what they are): the one evidence that may link them. */
  sameIdentifier: boolean;
}

/** An actor row as the duplicate rules read an actor: names cleaned, identifiers as their keys. */
export function recordOfInput(input: ActorInput): ActorRecord {
  const identifiers = keyedIdentifiers(input.identifiers).map(({ given, scheme, key }) => ({ key, scheme, value: given.value }));
  return {
    id: input.id ?? '',
    name: cleanName(input.name),
    originalName: null,
    aliases: (input.aliases ?? []).map(cleanName),
    acronym: input.acronym ?? null,
    kind: input.kind ?? null,
    countryCode: input.countryCode ?? null,
    orgRef: input.orgRef ?? null,
    identifiers,
  };
}

/** Matches listed per new actor: enough to review, few enough to read. */
const MATCHES_PER_ACTOR = 3;

const pairKey = (x: string, y: string) => (x < y ? `${x}\u0000${y}` : `${y}\u0000${x}`);

/**
 * A rebuild that takes longer than this is not waited for after a write: duplicateCandidates
 * answers from the index before it while the new one builds (the 100k-actor graph's takes
 * seconds; the seeds' a few milliseconds, so small graphs always answer fresh).
 */
export const STALE_ANSWER_AFTER_MS = 1000;

export class DuplicateService {
  /** Every actor's profile, the statistics of their names and the blocked pairs, rebuilt after writes. */
  private readonly index: RefreshingIndex<DuplicateIndex>;

  constructor(
    private readonly db: Database,
    private readonly repository = new DuplicateRepository(),
    private readonly limits: BlockingLimits = BLOCKING_LIMITS,
    waitLimitMs = STALE_ANSWER_AFTER_MS,
  ) {
    this.index = new RefreshingIndex<DuplicateIndex>(
      {
        version: () => this.db.read((tx) => this.repository.graphVersion(tx)),
        build: async (previous) => {
          const records = await this.db.read((tx) => this.repository.actors(tx));
          return new DuplicateIndex(records, this.limits, previous);
        },
      },
      waitLimitMs,
    );
  }

  /** The index as of the last write, rebuilt first if a write came since. */
  private async freshIndex(): Promise<DuplicateIndex> {
    return this.index.fresh(await this.index.version());
  }

  /** Builds the index in the background, so that the first request after a start finds it. */
  warmUp(): void {
    this.index.warm();
  }

  /**
   * The pairs scoring at least minScore, best first. Blocking and the record evidence come from
   * the index (one read of every actor, redone after writes: see STALE_ANSWER_AFTER_MS); the
   * shared neighbours of the pairs that could still make the first `first`, and the rejected
   * proposals, are read for each request. At most five statements whatever the graph.
   */
  async candidates({ first, minScore, actorId }: DuplicateQuery): Promise<DuplicateCandidateRow[]> {
    const version = await this.index.version();
    const recent = await this.index.recent(version);
    // An actor created since the last build is not in it: its candidates wait for the next.
    const waitForIt = actorId !== undefined && recent.stale && recent.index.indexOf(actorId) === undefined;
    const { index, stale } = waitForIt ? { index: await this.index.fresh(version), stale: false } : recent;
    let pairs: RankedPair[];
    if (actorId === undefined) {
      pairs = index.ranked;
    } else {
      const position = index.indexOf(actorId);
      if (position === undefined) throw new NotFoundError('Actor', actorId);
      pairs = index.pairsOf(position);
    }
    // Best record score first, so the first `first` of them set the bar below.
    const reachable = pairs.filter((pair) => pair.ceiling >= minScore);
    if (reachable.length === 0) return [];
    const idsOf = (pair: RankedPair) => ({ a: index.profiles[pair.a].record.id, b: index.profiles[pair.b].record.id });

    return this.db.read(async (tx) => {
      const rejected = await this.repository.rejectedPairs(tx, [...new Set(reachable.flatMap((pair) => Object.values(idsOf(pair))))]);
      const refused = new Set(rejected.map((pair) => pairKey(pair.keepId, pair.mergeId)));
      const open = reachable.filter((pair) => {
        const { a, b } = idsOf(pair);
        return !refused.has(pairKey(a, b));
      });
      // Shared neighbours only raise scores, so a pair whose best possible score is below the
      // first-th best record score cannot make the page, and its neighbours are not looked up.
      const bar = Math.max(minScore, open[first - 1]?.base ?? 0);
      const contenders = open.filter((pair) => pair.ceiling >= bar).slice(0, MAX_NEIGHBOUR_PAIRS);
      const shared = await this.repository.sharedNeighbours(tx, contenders.map(idsOf));
      const neighbours = new Map(shared.map((row) => [pairKey(row.a, row.b), row.shared]));
      const rows = contenders
        .map((pair) => {
          const { a, b } = idsOf(pair);
          const scored = scorePair(index.profiles[pair.a], index.profiles[pair.b], index.statistics, neighbours.get(pairKey(a, b)) ?? []);
          return a < b ? { aId: a, bId: b, ...scored } : { aId: b, bId: a, ...scored };
        })
        .filter((row) => row.score >= minScore)
        .sort((x, y) => y.score - x.score || x.aId.localeCompare(y.aId) || x.bId.localeCompare(y.bId));
      if (!stale) return rows.slice(0, first);
      // The index predates the last writes: actors deleted or merged away since are left out.
      const page = rows.slice(0, first + STALE_SPARE_ROWS);
      const existing = await this.repository.existingActorIds(tx, [...new Set(page.flatMap((row) => [row.aId, row.bId]))]);
      return page.filter((row) => existing.has(row.aId) && existing.has(row.bId)).slice(0, first);
    });
  }

  /**
   * The evidence for one pair, for a merge proposal (src/merges/merge.ports.ts EvidenceSource):
   * null when either actor is missing.
   */
  async evidenceFor(aId: string, bId: string): Promise<ScoredPair | null> {
    const index = await this.freshIndex();
    const a = index.indexOf(aId);
    const b = index.indexOf(bId);
    if (a === undefined || b === undefined || a === b) return null;
    const [shared] = await this.db.read((tx) => this.repository.sharedNeighbours(tx, [{ a: aId, b: bId }]));
    return scorePair(index.profiles[a], index.profiles[b], index.statistics, shared?.shared ?? []);
  }

  /**
   * For each actor an import would create, the existing actors it may be (import-time matching,
   * src/import/import.service.ts): the same rules and index as duplicateCandidates.
   */
  async matchesForNew(inputs: readonly ActorInput[], minScore: number = DEFAULT_MIN_SCORE): Promise<ExistingActorMatch[][]> {
    if (inputs.length === 0) return [];
    const index = await this.freshIndex();
    if (index.profiles.length === 0) return inputs.map(() => []);
    return inputs.map((input) => index.matchesOf(profileOf(recordOfInput(input)), minScore, MATCHES_PER_ACTOR));
  }
}

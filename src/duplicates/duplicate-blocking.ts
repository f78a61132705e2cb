import { nameTexts, NameVariant, statedAcronyms, variantOf } from './duplicate-names';
import { ActorIdentifier, identifiersOf, StoredIdentifier } from './duplicate-identifiers';

/** What the duplicate search reads of every actor. */
export interface ActorRecord {
  id: string;
  name: string;
  /** The name as its source gave it, when that held markup. */
  originalName: string | null;
  aliases: string[];
  acronym: string | null;
  kind: string | null;
  countryCode: string | null;
  orgRef: string | null;
  identifiers: StoredIdentifier[];
}

/** An actor's names and identifiers, read once into the forms the rules compare. */
export interface ActorProfile {
  record: ActorRecord;
  variants: NameVariant[];
  /** Distinct, in order of appearance. Arrays rather than Sets: a hundred thousand profiles hold two each. */
  words: readonly string[];
  /** Acronyms it states (field, parentheses, a one-word capitalised name). */
  acronyms: string[];
  /** The initials of its longer names, as another actor's acronym would spell them. */
  initials: readonly string[];
  identifiers: ActorIdentifier[];
  /** Its blocking keys (blockingKeys), worked out once. */
  keys: string[];
}

// Enough for every real name we have seen; a generated actor with dozens of aliases stays bounded.
const MAX_VARIANTS = 12;

export function profileOf(record: ActorRecord): ActorProfile {
  const names = [record.name, ...record.aliases];
  const variants: NameVariant[] = [];
  const seen = new Set<string>();
  // The acronym field is no name: two actors abbreviated alike are acronym evidence, weighed by how many share it.
  for (const text of nameTexts(names)) {
    const variant = variantOf(text);
    if (!variant || seen.has(variant.compact)) continue;
    seen.add(variant.compact);
    variants.push(variant);
    if (variants.length === MAX_VARIANTS) break;
  }
  const profile: ActorProfile = {
    record,
    variants,
    words: [...new Set(variants.flatMap((variant) => variant.words))],
    acronyms: statedAcronyms(names, record.acronym),
    initials: [...new Set(variants.flatMap((variant) => variant.initials))],
    identifiers: identifiersOf(record.identifiers, record.orgRef),
    keys: [],
  };
  profile.keys = blockingKeys(profile);
  return profile;
}

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((item, index) => item === b[index]);

/** Two reads of one actor that give the same profile: what lets a rebuilt index keep the profiles it had. */
export function sameRecord(a: ActorRecord, b: ActorRecord): boolean {
  return (
    a.id === b.id &&
    a.name === b.name &&
    a.originalName === b.originalName &&
    a.acronym === b.acronym &&
    a.kind === b.kind &&
    a.countryCode === b.countryCode &&
    a.orgRef === b.orgRef &&
    sameList(a.aliases, b.aliases) &&
    sameList(
      a.identifiers.map((identifier) => identifier.key),
      b.identifiers.map((identifier) => identifier.key),
    )
  );
}

/**
 * How common each word and acronym is in the graph, and in how many different names a set of
 * words occurs together: what makes a shared word telling or not.
 */
export class NameStatistics {
  readonly actorCount: number;
  private readonly wordActors = new Map<string, number>();
  private readonly acronymActors = new Map<string, number>();
  /** Word -> the distinct names (as sorted word sets) that contain it. */
  private readonly wordNames = new Map<string, number[]>();

  constructor(profiles: readonly ActorProfile[]) {
    this.actorCount = profiles.length;
    const nameIds = new Map<string, number>();
    for (const profile of profiles) {
      for (const word of profile.words) this.wordActors.set(word, (this.wordActors.get(word) ?? 0) + 1);
      for (const acronym of new Set([...profile.acronyms, ...profile.initials])) {
        this.acronymActors.set(acronym, (this.acronymActors.get(acronym) ?? 0) + 1);
      }
      for (const variant of profile.variants) {
        const name = variant.words.length === 1 ? variant.words[0] : [...variant.words].sort().join(' ');
        if (nameIds.has(name)) continue;
        const id = nameIds.size;
        nameIds.set(name, id);
        for (const word of variant.words) {
          const list = this.wordNames.get(word);
          if (list) list.push(id);
          else this.wordNames.set(word, [id]);
        }
      }
    }
  }

  private readonly weights = new Map<string, number>();

  /** Inverse document frequency: ln(1 + actors / actors with the word). */
  wordWeight = (word: string): number => {
    let weight = this.weights.get(word);
    if (weight === undefined) {
      weight = Math.log(1 + this.actorCount / Math.max(1, this.wordActors.get(word) ?? 0));
      this.weights.set(word, weight);
    }
    return weight;
  };

  actorsWithAcronym(acronym: string): number {
    return this.acronymActors.get(acronym) ?? 0;
  }

  /**
   * In how many different names all these words occur together (at least 1), each word given as
   * its spellings ("denmark" or "danmark"). Past MAX_COUNTED_NAMES the count stops: the words are
   * common by then, whatever the exact figure.
   */
  namesWithAll(words: readonly (readonly string[])[]): number {
    const groups = words
      .map((spellings) => spellings.map((word) => this.wordNames.get(word) ?? []))
      .map((lists) => ({ lists, size: lists.reduce((sum, list) => sum + list.length, 0) }))
      .sort((x, y) => x.size - y.size);
    if (groups.length === 0 || groups[0].size === 0) return 1;
    const [smallest, ...others] = groups;
    if (smallest.size > MAX_COUNTED_NAMES) return smallest.size;
    const candidates = smallest.lists.length === 1 ? smallest.lists[0] : new Set(smallest.lists.flat());
    let count = 0;
    for (const id of candidates) if (others.every((group) => group.lists.some((list) => holds(list, id)))) count++;
    return Math.max(1, count);
  }
}

const MAX_COUNTED_NAMES = 1000;

/** Binary search in a list of ids in increasing order, as the statistics build them. */
function holds(sorted: readonly number[], id: number): boolean {
  let low = 0;
  let high = sorted.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const value = sorted[middle];
    if (value === id) return true;
    if (value < id) low = middle + 1;
    else high = middle - 1;
  }
  return false;
}

export interface BlockingLimits {
  /** A key shared by more actors than this is too common to say anything: it forms no pairs. */
  maxBlockSize: number;
  /** Pairs gathered at most, rarest keys first: the work per request stays bounded on any graph. */
  maxPairs: number;
}

export const BLOCKING_LIMITS: BlockingLimits = { maxBlockSize: 25, maxPairs: 50_000 };

/**
 * The keys an actor can meet another on: each rare word of its names (3 letters or more), each
 * acronym it states or its long names spell, each name run together, each identifier.
 * Never all pairs: only actors sharing a key are compared.
 */
export function blockingKeys(profile: ActorProfile): string[] {
  const keys = new Set<string>();
  for (const word of profile.words) if (word.length >= 3) keys.add(`w:${word}`);
  for (const acronym of [...profile.acronyms, ...profile.initials]) keys.add(`a:${acronym}`);
  for (const variant of profile.variants) keys.add(`n:${variant.compact}`);
  for (const identifier of profile.identifiers) keys.add(`i:${identifier.key}`);
  return [...keys];
}

export type CandidatePair = readonly [a: number, b: number];

/**
 * The blocks of a graph: for each key that at least two and at most maxBlockSize actors share,
 * those actors (by index). Pairs come only from here, never from all pairs.
 */
export class Blocks {
  private readonly members = new Map<string, number[]>();
  /** Every key at most maxBlockSize actors hold, one holder included: what a new actor can meet. */
  private readonly holders = new Map<string, number[]>();
  private readonly rarestFirst: string[];

  constructor(
    private readonly profiles: readonly ActorProfile[],
    private readonly limits: BlockingLimits,
  ) {
    const holders = this.holders;
    profiles.forEach((profile, index) => {
      for (const key of profile.keys) {
        const list = holders.get(key);
        if (list) list.push(index);
        else holders.set(key, [index]);
      }
    });
    for (const [key, list] of holders) {
      if (list.length > limits.maxBlockSize) holders.delete(key);
      else if (list.length >= 2) this.members.set(key, list);
    }
    this.rarestFirst = [...this.members.keys()].sort((x, y) => this.members.get(x)!.length - this.members.get(y)!.length || (x < y ? -1 : x > y ? 1 : 0));
  }

  /** Pairs (lower index first) sharing a key, gathered from the rarest keys up until maxPairs. */
  pairs(): CandidatePair[] {
    const collector = new PairCollector(this.profiles.length);
    for (const key of this.rarestFirst) {
      const list = this.members.get(key)!;
      for (let i = 0; i < list.length && collector.size < this.limits.maxPairs; i++) {
        for (let j = i + 1; j < list.length && collector.size < this.limits.maxPairs; j++) collector.add(list[i], list[j]);
      }
      if (collector.size >= this.limits.maxPairs) break;
    }
    return collector.pairs;
  }

  /** The pairs that include one profile, from its own keys. */
  pairsOf(index: number): CandidatePair[] {
    const collector = new PairCollector(this.profiles.length);
    const keys = this.profiles[index].keys.filter((key) => this.members.has(key));
    keys.sort((x, y) => this.members.get(x)!.length - this.members.get(y)!.length);
    for (const key of keys) for (const other of this.members.get(key)!) if (other !== index) collector.add(index, other);
    return collector.pairs;
  }

  /** The profiles an actor that is not in the graph shares a key with, from its rarest keys up. */
  holdersOf(profile: ActorProfile): number[] {
    const keys = profile.keys.filter((key) => this.holders.has(key));
    keys.sort((x, y) => this.holders.get(x)!.length - this.holders.get(y)!.length);
    return [...new Set(keys.flatMap((key) => this.holders.get(key)!))];
  }
}

class PairCollector {
  readonly pairs: CandidatePair[] = [];
  private readonly seen = new Set<number>();

  constructor(private readonly width: number) {}

  get size(): number {
    return this.pairs.length;
  }

  add(x: number, y: number): void {
    const [low, high] = x < y ? [x, y] : [y, x];
    const code = low * this.width + high;
    if (this.seen.has(code)) return;
    this.seen.add(code);
    this.pairs.push([low, high]);
  }
}

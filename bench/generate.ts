/**
 * npm run bench:generate -- [--size full|small|tiny] [--actors N] [--initiatives N]
 *                           [--relationships N] [--seed S] [--out FILE]
 *
 * Writes a synthetic governance graph in the JSON import format (DESIGN.md "Import format"),
 * the same from the same seed on every machine:
 * - actor kinds in the proportions of seeds/*.json (add-one smoothed, so every kind occurs);
 * - actor degrees following a power law (Chung-Lu weights, exponent 2.5), the same weights
 *   for every relationship type, so hubs are hubs everywhere;
 * - a territory tree of five levels (country, region, department, municipality, locality);
 * - funding as a multi-level DAG: international funders -> national -> regional/departmental
 *   -> local actors -> initiatives, plus links inside a tier that only go from a lower to a
 *   higher index, so there is never a cycle; amounts shrink down the tiers;
 * - start and end dates spread over the 15 years 2010-2024, at day, month or year precision.
 *
 * One row per line inside each section, so the file is valid JSON that bench/load.ts can also
 * stream line by line (a 1M-relationship document is too big to hold as one parsed value).
 */
import { createWriteStream, readdirSync, readFileSync, mkdirSync, type WriteStream } from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import { Command, InvalidArgumentError } from 'commander';
import { Rng, WeightedSampler } from './prng';
import { benchDir, repoRoot } from './paths';

export interface GraphSize {
  actors: number;
  initiatives: number;
  relationships: number;
}

export const SIZES: Record<'full' | 'small' | 'tiny' | 'micro', GraphSize> = {
  full: { actors: 100_000, initiatives: 5_000, relationships: 1_000_000 },
  small: { actors: 5_000, initiatives: 250, relationships: 50_000 },
  tiny: { actors: 1_000, initiatives: 60, relationships: 8_000 },
  /** For the jest test, which starts its own Neo4j and must stay quick. */
  micro: { actors: 400, initiatives: 30, relationships: 3_000 },
};

export const DEFAULT_SEED = 20_250_601;

export interface GenerateOptions extends GraphSize {
  seed: number;
  out: string;
  /** Where seeds/*.json are; default: the repository's seeds/. */
  seedsDir?: string;
}

export interface GenerateSummary extends GraphSize {
  sources: number;
  territories: number;
  /** Relationships per type (territory PART_OF links come from parentId, not from this section). */
  types: Record<string, number>;
  bytes: number;
  ms: number;
}

/**
 * Every ActorKind but PERSON: the bench graph is one of organisations and public bodies, and a
 * kind more would reshuffle every generated graph that bench/results compares against.
 */
const ACTOR_KINDS = [
  'PUBLIC_AUTHORITY',
  'INTERNATIONAL_ORGANISATION',
  'DEVELOPMENT_AGENCY',
  'NGO',
  'ASSOCIATION',
  'COOPERATIVE',
  'PRIVATE_FIRM',
  'ESS_NETWORK',
  'FINANCIAL_ENTITY',
  'NETWORK_OF_AUTHORITIES',
  'OTHER',
] as const;
const INITIATIVE_KINDS = ['PROGRAMME', 'PROJECT', 'PLATFORM', 'ACTION_PLAN', 'EVENT', 'WORK_AXIS'] as const;
const FUNDER_KINDS = new Set(['INTERNATIONAL_ORGANISATION', 'DEVELOPMENT_AGENCY', 'FINANCIAL_ENTITY', 'PUBLIC_AUTHORITY']);

/** Tier probabilities (international, national, regional, local) by whether a kind funds others. */
const TIERS_FUNDER = [0.12, 0.38, 0.3, 0.2];
const TIERS_OTHER = [0, 0.06, 0.3, 0.64];
const TIER_SCALES = [['INTERNATIONAL'], ['NATIONAL'], ['REGIONAL', 'DEPARTMENTAL'], ['LOCAL']];

const TERRITORY_LEVELS = ['COUNTRY', 'REGION', 'DEPARTMENT', 'MUNICIPALITY', 'LOCALITY'] as const;
/** Children per territory at each level below the country. */
const BRANCHING = [5, 4, 4, 3];

const COUNTRIES: [string, string][] = [
  ['BO', 'Bolivie'], ['EC', 'Équateur'], ['PE', 'Pérou'], ['FR', 'France'], ['SN', 'Sénégal'], ['MA', 'Maroc'],
  ['TN', 'Tunisie'], ['CO', 'Colombie'], ['BR', 'Brésil'], ['AR', 'Argentine'], ['CL', 'Chili'], ['MX', 'Mexique'],
  ['ML', 'Mali'], ['BF', 'Burkina Faso'], ['CI', "Côte d'Ivoire"], ['CM', 'Cameroun'], ['MG', 'Madagascar'],
  ['BJ', 'Bénin'], ['TG', 'Togo'], ['NE', 'Niger'], ['HT', 'Haïti'], ['GT', 'Guatemala'], ['HN', 'Honduras'],
  ['NI', 'Nicaragua'], ['PY', 'Paraguay'], ['UY', 'Uruguay'], ['DZ', 'Algérie'], ['LB', 'Liban'], ['JO', 'Jordanie'],
  ['RW', 'Rwanda'],
];

const SYLLABLES = ['va', 'lo', 'ri', 'ta', 'mar', 'sol', 'que', 'pu', 'no', 'ca', 'bel', 'tor', 'san', 'ja', 'mi', 'ra', 'du', 'el', 'ver', 'ga', 'chu', 'ya', 'ko', 'lan'];
const KIND_WORDS: Record<string, string[]> = {
  PUBLIC_AUTHORITY: ['Commune de', 'Gouvernorat de', 'Mairie de', 'Conseil régional de'],
  INTERNATIONAL_ORGANISATION: ['Programme des Nations Unies', 'Organisation internationale', 'Fonds mondial'],
  DEVELOPMENT_AGENCY: ['Agence de développement', 'Coopération technique', 'Agence de coopération'],
  NGO: ['ONG', 'Solidarité', 'Action'],
  ASSOCIATION: ['Association', 'Collectif', 'Amicale'],
  COOPERATIVE: ['Coopérative', 'Coopérative agricole', 'Coopérative artisanale'],
  PRIVATE_FIRM: ['Entreprise', 'Société', 'Groupe'],
  ESS_NETWORK: ['Réseau ESS', 'Pôle territorial de coopération', 'Chambre régionale ESS'],
  FINANCIAL_ENTITY: ['Banque', 'Caisse', 'Fonds'],
  NETWORK_OF_AUTHORITIES: ['Réseau des villes', 'Association des communes', 'Mancommunauté'],
  OTHER: ['Comité', 'Plateforme', 'Groupement'],
};
const INITIATIVE_WORDS: Record<string, string> = {
  PROGRAMME: 'Programme',
  PROJECT: 'Projet',
  PLATFORM: 'Plateforme',
  ACTION_PLAN: "Plan d'action",
  EVENT: 'Forum',
  WORK_AXIS: 'Axe de travail',
};
const THEMES = ['emploi des jeunes', 'eau', 'agroécologie', 'migration', 'finance solidaire', 'tourisme', 'énergie', 'santé', 'égalité', 'climat'];
const PARTNER_KINDS = ['technical', 'strategic', 'public-private', 'financial'];
const SUPPORT_KINDS = ['technical', 'political', 'methodological'];
const MEMBER_ROLES = ['member', 'founding member', 'board member'];
const PARTICIPANT_ROLES = ['member', 'partner', 'beneficiary', 'implementer', 'coordinator'];
const INSTRUMENTS = ['grant', 'grant', 'grant', 'loan', 'in-kind'];
const SCALES = ['LOCAL', 'DEPARTMENTAL', 'REGIONAL', 'NATIONAL', 'INTERNATIONAL'];

/** Share of the relationships left after the structural ones (ACTS_IN, LEADS, ...). */
const FREE_MIX: [string, number][] = [
  ['PARTNERS_WITH', 0.4],
  ['FUNDS', 0.22],
  ['PARTICIPATES_IN', 0.15],
  ['SUPPORTS', 0.1],
  ['MEMBER_OF', 0.08],
  ['ARTICULATES', 0.05],
];

/** FUNDS by (from tier, to tier); tier 4 stands for initiatives. Same-tier links go up in index only. */
const FUNDING_STEPS: [number, number, number][] = [
  [0, 1, 0.2],
  [1, 2, 0.25],
  [2, 3, 0.25],
  [3, 4, 0.1],
  [0, 4, 0.02],
  [1, 4, 0.03],
  [2, 4, 0.03],
  [0, 0, 0.02],
  [1, 1, 0.04],
  [2, 2, 0.06],
];
/** Typical amounts given by a funder of each tier (log-uniform between the bounds). */
const AMOUNTS: [number, number][] = [
  [500_000, 50_000_000],
  [50_000, 5_000_000],
  [5_000, 500_000],
  [500, 50_000],
];

const FIRST_DAY = Date.UTC(2010, 0, 1);
const DAYS = 15 * 365;

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** Kind counts of seeds/*.json, plus one, in ACTOR_KINDS / INITIATIVE_KINDS order. */
export function seedKindWeights(seedsDir: string): { actors: number[]; initiatives: number[] } {
  const actors = new Map<string, number>(ACTOR_KINDS.map((k) => [k, 1]));
  const initiatives = new Map<string, number>(INITIATIVE_KINDS.map((k) => [k, 1]));
  for (const file of readdirSync(seedsDir).filter((f) => f.endsWith('.json'))) {
    const doc = JSON.parse(readFileSync(path.join(seedsDir, file), 'utf8')) as {
      actors?: { kind: string }[];
      initiatives?: { kind: string }[];
    };
    for (const a of doc.actors ?? []) actors.set(a.kind, (actors.get(a.kind) ?? 1) + 1);
    for (const i of doc.initiatives ?? []) initiatives.set(i.kind, (initiatives.get(i.kind) ?? 1) + 1);
  }
  return { actors: ACTOR_KINDS.map((k) => actors.get(k)!), initiatives: INITIATIVE_KINDS.map((k) => initiatives.get(k)!) };
}

/** A JSON writer that respects back-pressure, one row per line. */
class SectionWriter {
  private first = true;
  bytes = 0;

  constructor(private readonly out: WriteStream) {}

  async raw(text: string): Promise<void> {
    this.bytes += Buffer.byteLength(text);
    if (!this.out.write(text)) await once(this.out, 'drain');
  }

  async open(name: string, firstSection: boolean): Promise<void> {
    this.first = true;
    await this.raw(`${firstSection ? '{\n' : ',\n'}"${name}": [\n`);
  }

  async row(value: unknown): Promise<void> {
    await this.raw(`${this.first ? '' : ',\n'}${JSON.stringify(value)}`);
    this.first = false;
  }

  async close(): Promise<void> {
    await this.raw('\n]');
  }
}

interface Place {
  id: string;
  level: number;
  country: number;
  name: string;
}

function placeName(rng: Rng): string {
  const n = rng.between(2, 3);
  let s = '';
  for (let i = 0; i < n; i++) s += rng.pick(SYLLABLES);
  return s[0].toUpperCase() + s.slice(1);
}

function acronymOf(name: string): string {
  return name
    .split(/[\s']+/)
    .filter((w) => w.length > 2)
    .map((w) => w[0].toUpperCase())
    .join('')
    .slice(0, 8);
}

export async function generate(options: GenerateOptions): Promise<GenerateSummary> {
  const started = Date.now();
  const { actors: A, initiatives: I, relationships: R } = options;
  if (A < 10 || I < 2 || R < A + I) throw new RangeError('need at least 10 actors, 2 initiatives and actors + initiatives relationships');
  const rng = new Rng(options.seed);
  const kindWeights = seedKindWeights(options.seedsDir ?? path.join(repoRoot(), 'seeds'));
  mkdirSync(path.dirname(path.resolve(options.out)), { recursive: true });
  const stream = createWriteStream(options.out);
  const w = new SectionWriter(stream);
  const types: Record<string, number> = {};

  // Sources: a pool of documents every fact cites one or two of.
  const SOURCES = 40;
  const sourceIds = Array.from({ length: SOURCES }, (_, i) => `bench-src-${pad(i + 1, 3)}`);
  await w.open('sources', true);
  for (let i = 0; i < SOURCES; i++) {
    await w.row({
      id: sourceIds[i],
      title: `Rapport ${2010 + (i % 15)} n°${i + 1}`,
      kind: 'DOCUMENT',
      publisher: `Observatoire ${placeName(rng)}`,
      date: String(2010 + (i % 15)),
      language: 'fr',
    });
  }
  await w.close();
  const cite = () => (rng.chance(0.8) ? [rng.pick(sourceIds)] : [rng.pick(sourceIds), rng.pick(sourceIds)].filter((v, i, a) => a.indexOf(v) === i));

  // Territories: five levels, countries scaled with the graph.
  const countries = Math.min(COUNTRIES.length, Math.max(1, Math.round(A / 5000)));
  const places: Place[][] = TERRITORY_LEVELS.map(() => []);
  await w.open('territories', false);
  for (let c = 0; c < countries; c++) {
    const [code, name] = COUNTRIES[c];
    const country: Place = { id: `t-${code.toLowerCase()}`, level: 0, country: c, name };
    places[0].push(country);
    await w.row({ id: country.id, name, level: 'COUNTRY', code, sourceIds: cite() });
    let parents = [country];
    for (let level = 1; level < TERRITORY_LEVELS.length; level++) {
      const children: Place[] = [];
      for (const parent of parents) {
        for (let k = 1; k <= BRANCHING[level - 1]; k++) {
          const place: Place = { id: `${parent.id}-${k}`, level, country: c, name: placeName(rng) };
          children.push(place);
          places[level].push(place);
          await w.row({
            id: place.id,
            name: place.name,
            level: TERRITORY_LEVELS[level],
            code: `${code}-${place.id.slice(5).replace(/-/g, '')}`.slice(0, 20),
            parentId: parent.id,
            sourceIds: cite(),
          });
        }
      }
      parents = children;
    }
  }
  await w.close();
  const territoryCount = places.reduce((n, level) => n + level.length, 0);
  const inCountry = places.map((level) => {
    const by: Place[][] = Array.from({ length: countries }, () => []);
    for (const p of level) by[p.country].push(p);
    return by;
  });

  // Actors: kind from the seeds' mix, tier from the kind, a power-law weight from a shuffled rank.
  const actorWidth = String(A).length;
  const actorId = (i: number) => `a-${pad(i + 1, actorWidth)}`;
  const kindSampler = new WeightedSampler(kindWeights.actors);
  const tierOf = new Uint8Array(A);
  const countryOf = new Uint16Array(A);
  const weight = new Float64Array(A);
  const rank = rng.shuffle(Array.from({ length: A }, (_, i) => i));
  const offset = Math.max(1, Math.round(A / 10_000));
  for (let i = 0; i < A; i++) weight[i] = Math.pow(rank[i] + offset, -1 / (2.5 - 1));
  const actsIn: string[] = new Array(A);
  await w.open('actors', false);
  for (let i = 0; i < A; i++) {
    const kind = ACTOR_KINDS[kindSampler.sample(rng)];
    const tierWeights = FUNDER_KINDS.has(kind) ? TIERS_FUNDER : TIERS_OTHER;
    let tier = 0;
    for (let x = rng.next(); tier < 3 && x >= tierWeights[tier]; tier++) x -= tierWeights[tier];
    tierOf[i] = tier;
    const c = rng.int(countries);
    countryOf[i] = c;
    const level = tier <= 1 ? 0 : tier === 2 ? rng.between(1, 2) : rng.between(3, 4);
    const place = rng.pick(inCountry[level][c]);
    actsIn[i] = place.id;
    const name = `${rng.pick(KIND_WORDS[kind])} ${place.name} ${placeName(rng)}`;
    const row: Record<string, unknown> = { id: actorId(i), name, kind, scale: rng.pick(TIER_SCALES[tier]), countryCode: COUNTRIES[c][0] };
    if (rng.chance(0.4)) row.acronym = acronymOf(name) || 'X';
    if (rng.chance(0.3)) row.aliases = [`${placeName(rng)} ${place.name}`];
    if (kind === 'ESS_NETWORK' || kind === 'COOPERATIVE' || kind === 'ASSOCIATION') row.sse = rng.chance(0.7);
    if (rng.chance(0.5)) row.sourceIds = cite();
    await w.row(row);
  }
  await w.close();

  // Initiatives, with their own power-law popularity.
  const initWidth = String(I).length;
  const initiativeId = (i: number) => `i-${pad(i + 1, initWidth)}`;
  const initKindSampler = new WeightedSampler(kindWeights.initiatives);
  const initRank = rng.shuffle(Array.from({ length: I }, (_, i) => i));
  const initWeight = Array.from({ length: I }, (_, i) => Math.pow(initRank[i] + 1, -1 / (2.5 - 1)));
  const initiativeSampler = new WeightedSampler(initWeight);
  const initiativeActsIn: string[] = new Array(I);
  await w.open('initiatives', false);
  for (let i = 0; i < I; i++) {
    const kind = INITIATIVE_KINDS[initKindSampler.sample(rng)];
    const level = rng.int(TERRITORY_LEVELS.length);
    const place = rng.pick(places[level]);
    initiativeActsIn[i] = place.id;
    const period = dates(rng);
    const row: Record<string, unknown> = {
      id: initiativeId(i),
      name: `${INITIATIVE_WORDS[kind]} ${rng.pick(THEMES)} ${place.name} ${placeName(rng)}`,
      kind,
      scale: SCALES[Math.max(0, 4 - level)],
      themes: [rng.pick(THEMES)],
      sourceIds: cite(),
      ...period,
    };
    if (rng.chance(0.5)) row.budget = { amount: Math.round(rng.logUniform(10_000, 10_000_000)), currency: 'EUR' };
    await w.row(row);
  }
  await w.close();

  // Relationships.
  const all = new WeightedSampler(weight);
  const tierSamplers: WeightedSampler[] = [0, 1, 2, 3].map((t) => {
    const members: number[] = [];
    for (let i = 0; i < A; i++) if (tierOf[i] === t) members.push(i);
    return members.length ? new WeightedSampler(members.map((m) => weight[m]), members) : all;
  });
  const relWidth = String(R).length;
  let relCount = 0;
  const seen = new Set<number>();
  const pairKey = (type: number, a: number, b: number) => (type * (A + I + 1) + a) * (A + I + 1) + b;
  const emit = async (type: string, fromId: string, toId: string, extra: Record<string, unknown> = {}, dated = true) => {
    types[type] = (types[type] ?? 0) + 1;
    await w.row({
      id: `r-${pad(++relCount, relWidth)}`,
      type,
      fromId,
      toId,
      sourceIds: cite(),
      ...(dated ? dates(rng) : {}),
      ...extra,
    });
  };
  await w.open('relationships', false);
  for (let i = 0; i < A; i++) await emit('ACTS_IN', actorId(i), actsIn[i], {}, false);
  for (let i = 0; i < I; i++) await emit('ACTS_IN', initiativeId(i), initiativeActsIn[i], {}, false);
  for (let i = 0; i < I; i++) await emit('LEADS', actorId(all.sample(rng)), initiativeId(i), { role: rng.pick(['lead', 'co-lead', 'carrier']) });
  for (let i = 0; i < I; i += 2) await emit('COORDINATES', actorId(all.sample(rng)), initiativeId(i));
  // Work axes and projects inside earlier plans and programmes: parents have lower indexes, so no cycle.
  for (let i = 1; i < I; i += 5) await emit('PART_OF', initiativeId(i), initiativeId(rng.int(i)));
  for (let n = 0; n < Math.floor(A / 200); n++) {
    const a = rng.int(A - 1);
    await emit('SUCCEEDED_BY', actorId(a), actorId(a + 1 + rng.int(Math.min(50, A - a - 1))));
  }
  const structural = relCount;
  const free = Math.max(0, R - structural);
  const quotas = FREE_MIX.map(([type, share]) => [type, Math.round(free * share)] as [string, number]);
  quotas[0][1] += free - quotas.reduce((n, [, q]) => n + q, 0);
  const fundingSteps = new WeightedSampler(FUNDING_STEPS.map(([, , share]) => share));
  const typeIndex = (type: string) => FREE_MIX.findIndex(([t]) => t === type);

  // Interleave the types so that batches of the import mix them as a real file would.
  const remaining = quotas.map(([, q]) => q);
  let left = remaining.reduce((a, b) => a + b, 0);
  const typeSampler = () => {
    let x = rng.int(left);
    for (let t = 0; t < remaining.length; t++) {
      if (x < remaining[t]) return t;
      x -= remaining[t];
    }
    return remaining.length - 1;
  };
  let attempts = 0;
  while (left > 0) {
    if (++attempts > free * 50) throw new Error('could not place enough distinct relationships; graph too dense for its size');
    const t = typeSampler();
    const type = FREE_MIX[t][0];
    const written = await placeRelationship(type);
    if (written) {
      remaining[t]--;
      left--;
    }
  }
  await w.close();
  await w.raw('\n}\n');
  stream.end();
  await once(stream, 'finish');

  async function placeRelationship(type: string): Promise<boolean> {
    const tIndex = typeIndex(type);
    const unique = (a: number, b: number) => {
      const key = pairKey(tIndex, a, b);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    };
    switch (type) {
      case 'PARTNERS_WITH': {
        const a = all.sample(rng);
        const b = all.sample(rng);
        if (a === b || !unique(Math.min(a, b), Math.max(a, b))) return false;
        await emit(type, actorId(a), actorId(b), { kind: rng.pick(PARTNER_KINDS) });
        return true;
      }
      case 'MEMBER_OF':
      case 'SUPPORTS': {
        const a = all.sample(rng);
        const toInitiative = type === 'SUPPORTS' && rng.chance(0.4);
        const b = toInitiative ? initiativeSampler.sample(rng) : all.sample(rng);
        if ((!toInitiative && a === b) || !unique(a, toInitiative ? A + b : b)) return false;
        const extra = type === 'MEMBER_OF' ? { role: rng.pick(MEMBER_ROLES) } : { kind: rng.pick(SUPPORT_KINDS) };
        await emit(type, actorId(a), toInitiative ? initiativeId(b) : actorId(b), extra);
        return true;
      }
      case 'PARTICIPATES_IN': {
        const a = all.sample(rng);
        const b = initiativeSampler.sample(rng);
        if (!unique(a, b)) return false;
        await emit(type, actorId(a), initiativeId(b), { role: rng.pick(PARTICIPANT_ROLES) });
        return true;
      }
      case 'ARTICULATES': {
        const a = initiativeSampler.sample(rng);
        const toInitiative = rng.chance(0.3);
        const b = toInitiative ? initiativeSampler.sample(rng) : all.sample(rng);
        if ((toInitiative && a === b) || !unique(a, toInitiative ? A + b : b)) return false;
        await emit(type, initiativeId(a), toInitiative ? initiativeId(b) : actorId(b), { level: rng.pick(SCALES) });
        return true;
      }
      case 'FUNDS': {
        const [fromTier, toTier] = FUNDING_STEPS[fundingSteps.sample(rng)];
        const a = tierSamplers[fromTier].sample(rng);
        let b: number;
        let toId: string;
        if (toTier === 4) {
          b = initiativeSampler.sample(rng);
          toId = initiativeId(b);
          b += A;
        } else {
          b = tierSamplers[toTier].sample(rng);
          if (fromTier === toTier && a >= b) return false;
          if (a === b) return false;
          toId = actorId(b);
        }
        if (!unique(a, b)) return false;
        const amount = Math.round(rng.logUniform(...AMOUNTS[Math.min(3, fromTier)]) * 100) / 100;
        const currency = rng.chance(0.8) ? 'EUR' : 'USD';
        const money: Record<string, unknown> = { amount, currency };
        if (currency === 'USD') money.amountEur = Math.round(amount * 92) / 100;
        await emit(type, actorId(a), toId, { amount: money, instrument: rng.pick(INSTRUMENTS) });
        return true;
      }
      default:
        throw new Error(`no generator for ${type}`);
    }
  }

  return {
    actors: A,
    initiatives: I,
    relationships: relCount,
    sources: SOURCES,
    territories: territoryCount,
    types,
    bytes: w.bytes,
    ms: Date.now() - started,
  };
}

function isoDay(day: number): string {
  return new Date(FIRST_DAY + day * 86_400_000).toISOString().slice(0, 10);
}

/** A period inside 2010-2024: precision day (60 %), month (25 %) or year (15 %); 30 % still open. */
function dates(rng: Rng): { startDate: string; endDate?: string } {
  const start = rng.int(DAYS);
  const precision = rng.next();
  const cut = (iso: string) => (precision < 0.6 ? iso : precision < 0.85 ? iso.slice(0, 7) : iso.slice(0, 4));
  const startDate = cut(isoDay(start));
  if (rng.chance(0.3)) return { startDate };
  const end = start + rng.between(365, 8 * 365);
  return { startDate, endDate: cut(isoDay(end)) };
}

function count(value: string): number {
  if (!/^\d+$/.test(value.replace(/_/g, ''))) throw new InvalidArgumentError('must be a whole number');
  return Number(value.replace(/_/g, ''));
}

export function defaultDataFile(size: GraphSize, seed: number): string {
  return benchDir('data', `graph-${size.actors}-${size.initiatives}-${size.relationships}-${seed}.json`);
}

async function main(argv: string[]): Promise<void> {
  const program = new Command('bench:generate')
    .option('--size <size>', 'preset: full (100k/5k/1M), small (5k/250/50k), tiny (1k/60/8k)', 'full')
    .option('--actors <n>', 'actors', count)
    .option('--initiatives <n>', 'initiatives', count)
    .option('--relationships <n>', 'relationships', count)
    .option('--seed <n>', 'PRNG seed', count, DEFAULT_SEED)
    .option('--out <file>', 'output file (default bench/data/graph-<sizes>-<seed>.json)')
    .parse(argv, { from: 'user' });
  const opts = program.opts<{ size: keyof typeof SIZES; actors?: number; initiatives?: number; relationships?: number; seed: number; out?: string }>();
  const preset = SIZES[opts.size];
  if (!preset) throw new Error(`unknown size ${opts.size}; use full, small or tiny`);
  const size = { actors: opts.actors ?? preset.actors, initiatives: opts.initiatives ?? preset.initiatives, relationships: opts.relationships ?? preset.relationships };
  const out = path.resolve(opts.out ?? defaultDataFile(size, opts.seed));
  const summary = await generate({ ...size, seed: opts.seed, out });
  process.stdout.write(`${out}\n${JSON.stringify(summary, null, 2)}\n`);
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`bench:generate failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 1;
  });
}

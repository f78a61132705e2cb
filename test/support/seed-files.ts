import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const SEEDS = path.resolve(__dirname, '../../seeds');

/** What a seed file may hold, as far as tests read it. */
export interface SeedDocument {
  actors?: { id: string }[];
  initiatives?: { id: string }[];
  territories?: { id: string }[];
  relationships?: { id: string; type: string; fromId: string; toId: string }[];
}

/** Every seed file but the sources: what globalSetup loads into the run's database. */
export function seedDocuments(): SeedDocument[] {
  return readdirSync(SEEDS)
    .filter((name) => /\.json$/.test(name) && name !== 'sources.json')
    .map((name) => JSON.parse(readFileSync(path.join(SEEDS, name), 'utf8')) as SeedDocument);
}

/** The ids of the seeds' actors, initiatives and territories. */
export function seededNodeIds(): string[] {
  return seedDocuments().flatMap((document) => [...(document.actors ?? []), ...(document.initiatives ?? []), ...(document.territories ?? [])].map((row) => row.id));
}

/** The ids of the seeds' relationships. */
export function seededLinkIds(): string[] {
  return seedDocuments().flatMap((document) => (document.relationships ?? []).map((row) => row.id));
}

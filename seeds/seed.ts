import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { Services } from '../src/composition';
import type { Logger } from '../src/logger';
import { readJsonRows } from '../src/import/json.reader';
import type { ImportSummary } from '../src/import/import.document';
import { projectRoot } from '../src/common/paths';

export const SEED_DIR = path.join(projectRoot(), 'seeds');

/** Shared files first (sources, territories), then one file per seed document in name order. */
export function seedFiles(dir = SEED_DIR): string[] {
  const shared = ['sources.json', 'territories.json'];
  const documents = readdirSync(dir)
    .filter((name) => /^\d{3}-.*\.json$/.test(name))
    .sort();
  return [...shared, ...documents].map((name) => path.join(dir, name));
}

/** Loads the seed files through the JSON import, in one transaction. */
export async function seed(services: Services, dir = SEED_DIR): Promise<ImportSummary> {
  const rows = (await Promise.all(seedFiles(dir).map(readJsonRows))).flat();
  return services.importer.run(rows, { by: 'seed' });
}

export async function seedIfNeeded(mode: 'auto' | 'never' | 'always', services: Services, logger: Logger): Promise<void> {
  if (mode === 'never') return;
  if (mode === 'auto' && (await services.actors.count()) > 0) {
    logger.info('database already has actors, not seeding (SEED=always to reapply the seeds)');
    return;
  }
  const summary = await seed(services);
  if (!summary.written) {
    const first = summary.problems[0];
    throw new Error(`seed data is invalid: ${summary.problems.length} problem(s), first: ${first.file} ${first.location} ${first.field}: ${first.reason}`);
  }
  logger.info({ counts: summary.counts, elapsedMs: summary.elapsedMs }, 'seed data loaded');
}

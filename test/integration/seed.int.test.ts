import { readFileSync } from 'node:fs';
import { openTestDatabase, TestDatabase } from '../support/database';
import { seed, seedFiles } from '../../seeds/seed';

interface SeedRow {
  id: string;
  sourceIds?: string[];
  indicators?: SeedIndicator[];
  parentId?: string;
}
interface SeedIndicator {
  sourceIds?: string[];
  breakdown?: SeedIndicator[];
}

const files = seedFiles().map((file) => JSON.parse(readFileSync(file, 'utf8')) as Record<string, SeedRow[]>);
const all = (section: string) => files.flatMap((file) => file[section] ?? []);

describe('seed data', () => {
  it('gives every relationship, indicator and territory link at least one known source', () => {
    const sources = new Set(all('sources').map((s) => s.id));
    for (const rel of all('relationships')) {
      expect(rel.sourceIds?.length).toBeGreaterThan(0);
      for (const id of rel.sourceIds!) expect(sources).toContain(id);
    }
    const checkIndicator = (indicator: SeedIndicator, inherited: string[]) => {
      const ids = indicator.sourceIds?.length ? indicator.sourceIds : inherited;
      expect(ids.length).toBeGreaterThan(0);
      for (const id of ids) expect(sources).toContain(id);
      for (const part of indicator.breakdown ?? []) checkIndicator(part, ids);
    };
    for (const initiative of all('initiatives')) for (const indicator of initiative.indicators ?? []) checkIndicator(indicator, []);
    for (const territory of all('territories')) if (territory.parentId) expect(territory.sourceIds?.length).toBeGreaterThan(0);
  });

  describe('loading', () => {
    let test: TestDatabase;
    beforeAll(async () => {
      test = await openTestDatabase();
    });
    afterAll(async () => test.close());

    /** Counts only the seed's own nodes and links: other test files write their own data meanwhile. */
    async function seedCounts() {
      const nodeIds = ['sources', 'territories', 'actors', 'initiatives'].flatMap((s) => all(s).map((row) => row.id));
      const relIds = all('relationships').map((row) => row.id);
      return test.db.read(async (tx) => {
        const nodes = await tx.run('UNWIND $ids AS id MATCH (n {id: id}) WHERE n:Actor OR n:Initiative OR n:Territory OR n:Source RETURN count(n) AS c', { ids: nodeIds });
        const rels = await tx.run('MATCH ()-[r]->() WHERE r.id IN $ids RETURN count(r) AS c', { ids: relIds });
        const parts = await tx.run('MATCH (child:Territory)-[r:PART_OF]->(:Territory) WHERE child.id IN $ids RETURN count(r) AS c', { ids: all('territories').map((row) => row.id) });
        return { nodes: Number(nodes.records[0].get('c')), rels: Number(rels.records[0].get('c')), parts: Number(parts.records[0].get('c')) };
      });
    }

    it('is idempotent: seeding again changes nothing and reports every row unchanged', async () => {
      const before = await seedCounts();
      expect(before.nodes).toBe(['sources', 'territories', 'actors', 'initiatives'].reduce((n, s) => n + all(s).length, 0));
      expect(before.rels).toBe(all('relationships').length);
      const summary = await seed(test.services);
      expect(summary.problems).toEqual([]);
      for (const counts of Object.values(summary.counts)) {
        expect(counts.created).toBe(0);
        expect(counts.updated).toBe(0);
      }
      expect(summary.counts.relationships.unchanged).toBe(all('relationships').length);
      expect(await seedCounts()).toEqual(before);
    });
  });
});

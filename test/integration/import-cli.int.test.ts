import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { openTestDatabase, TestDatabase, uniqueId } from '../support/database';
import { cli } from '../support/import-cli';
import { footprint, PLACEHOLDERS, prepareFixtures, removePreparedFixtures } from '../fixtures/prepare';

let test: TestDatabase;

beforeAll(async () => {
  test = await openTestDatabase();
});

afterAll(async () => {
  removePreparedFixtures();
  await test.close();
});

const row = (output: string, name: string) =>
  output
    .split('\n')
    .find((line) => line.startsWith(name))
    ?.trim()
    .split(/\s+/);

describe('npm run import (in process)', () => {
  it('imports a CSV pair with exit code 0 and a summary table, then reports it all unchanged', async () => {
    const prefix = uniqueId('cli');
    const { dir } = prepareFixtures(['csv/nodes.csv', 'csv/edges.csv'], PLACEHOLDERS.csv, `${prefix}-`);

    const first = await cli(['nodes.csv', 'edges.csv', '--batch-size', '3'], dir);
    expect(first.stderr).toContain('reading');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^Import summary \(written\)$/m);
    expect(row(first.stdout, 'actors')).toEqual(['actors', '3', '0', '0', '0']);
    expect(row(first.stdout, 'relationships')).toEqual(['relationships', '7', '0', '0', '0']);
    expect(row(first.stdout, '  FUNDS')).toEqual(['FUNDS', '2', '0', '0', '0']);
    expect(row(first.stdout, 'total')).toEqual(['total', '14', '0', '0', '0']);
    expect(first.stdout).toMatch(/^elapsed \d+\.\d\d s, \d+ rows\/s$/m);
    expect(first.stderr).toMatch(/writing 14\/14 rows \(100%\)/);

    const second = await cli(['nodes.csv', 'edges.csv'], dir);
    expect(second.code).toBe(0);
    expect(row(second.stdout, 'total')).toEqual(['total', '0', '0', '14', '0']);
  });

  it('exits with 1 and writes nothing when rows are bad in abort mode, listing each bad row', async () => {
    const prefix = uniqueId('cli');
    const { dir } = prepareFixtures(['csv/nodes.csv', 'csv/bad-edges.csv'], PLACEHOLDERS.csv, `${prefix}-`);
    const result = await cli(['nodes.csv', 'bad-edges.csv'], dir);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('Bad rows (5):');
    expect(result.stdout).toContain(`bad-edges.csv line 3  toId: no actor, initiative or territory has id "${prefix}-nowhere"`);
    expect(result.stdout).toContain('bad-edges.csv line 6  amount.amount: amount must be between -1000000000000000 and 1000000000000000');
    expect(result.stdout).toContain('bad-edges.csv line 7  sourceIds: sourceIds must name at least one source');
    expect(result.stdout).toMatch(/^Import summary \(nothing written: 5 problem\(s\) with --on-error abort\)$/m);
    expect(row(result.stdout, 'relationships')).toEqual(['relationships', '0', '0', '0', '5']);
    expect(await footprint(test.db, prefix)).toEqual({ nodes: 0, relationships: 0, audit: 0 });
    expect(readdirSync(dir).filter((name) => name.startsWith('import-report'))).toEqual([]);
  });

  it('with --on-error skip, writes the good rows, exits with 0 and lists the bad ones in a report file', async () => {
    const prefix = uniqueId('cli');
    const { dir } = prepareFixtures(['csv/nodes.csv', 'csv/bad-edges.csv'], PLACEHOLDERS.csv, `${prefix}-`);
    const result = await cli(['nodes.csv', 'bad-edges.csv', '--on-error', 'skip'], dir);
    expect(result.code).toBe(0);
    const [reportName] = readdirSync(dir).filter((name) => /^import-report-.*\.json$/.test(name));
    expect(result.stdout).toContain(`report: ${path.join(dir, reportName)}`);
    const report = JSON.parse(readFileSync(path.join(dir, reportName), 'utf8'));
    expect(report.written).toBe(true);
    expect(report.options).toMatchObject({ onError: 'skip', dryRun: false });
    expect(report.problems.map((p: { location: string; field: string }) => `${p.location} ${p.field}`)).toEqual([
      'line 4 type',
      'line 5 startDate',
      'line 6 amount.amount',
      'line 7 sourceIds',
      'line 3 toId',
    ]);
    expect(report.rejected.relationships).toBe(5);
    expect(await footprint(test.db, prefix)).toMatchObject({ nodes: 7, relationships: 3 });
  });

  it('validates without writing in a dry run, and writes the report where --report says', async () => {
    const prefix = uniqueId('cli');
    const { dir } = prepareFixtures(['json/good.json'], PLACEHOLDERS.json, `${prefix}-`);
    const result = await cli(['good.json', '--dry-run', '--report', 'out/../dry.json'], dir);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Import summary \(dry run, nothing written\)$/m);
    expect(JSON.parse(readFileSync(path.join(dir, 'dry.json'), 'utf8'))).toMatchObject({ written: false, problems: [] });
    expect(await footprint(test.db, prefix)).toEqual({ nodes: 0, relationships: 0, audit: 0 });
  });

  it('imports IATI files together, with the format given explicitly', async () => {
    const prefix = `QQ${uniqueId('x').slice(2)}`;
    const { dir } = prepareFixtures(['iati/chain-a.xml', 'iati/chain-b.xml'], PLACEHOLDERS.iati, `${prefix}-`, (name) =>
      `${prefix}-${name.replace('.xml', '.iati')}`,
    );
    const result = await cli(['--format', 'iati', `${prefix}-chain-a.iati`, `${prefix}-chain-b.iati`], dir);
    expect(result.code).toBe(0);
    expect(row(result.stdout, '  FUNDS')).toEqual(['FUNDS', '7', '0', '0', '0']);
    expect(row(result.stdout, '  PARTICIPATES_IN')).toEqual(['PARTICIPATES_IN', '6', '0', '0', '0']);
  });

  it('exits with 1 on a file it cannot read', async () => {
    const { dir } = prepareFixtures(['json/good.json'], PLACEHOLDERS.json, 'x-');
    const broken = await cli(['--format', 'json', '../' + path.basename(dir) + '/good.json', path.join(__dirname, '../fixtures/csv/nodes.csv')], dir);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/import failed: Invalid value for nodes\.csv: is not valid JSON/);
  });
});

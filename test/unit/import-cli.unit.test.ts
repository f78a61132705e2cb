import { main, formatOf, formatProblem, formatSummary } from '../../src/import/cli';
import type { ImportSummary } from '../../src/import/import.document';

function capture() {
  let text = '';
  return { stream: { write: (chunk: string) => ((text += chunk), true), isTTY: false }, text: () => text };
}

async function run(argv: string[]) {
  const stdout = capture();
  const stderr = capture();
  const code = await main(argv, { stdout: stdout.stream, stderr: stderr.stream, env: { NEO4J_URI: 'bolt://127.0.0.1:1' }, cwd: __dirname });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

describe('import CLI usage', () => {
  it('guesses the format from the extension unless one is given', () => {
    expect(formatOf('a/b/data.JSON')).toBe('json');
    expect(formatOf('nodes.csv')).toBe('csv');
    expect(formatOf('activities.xml')).toBe('iati');
    expect(formatOf('activities.txt')).toBeUndefined();
    expect(formatOf('activities.txt', 'iati')).toBe('iati');
  });

  it.each([
    [['--bogus', 'x.json'], /unknown option '--bogus'/],
    [[], /missing required argument 'file'/],
    [['--format', 'xlsx', 'x.json'], /argument 'xlsx' is invalid/],
    [['--batch-size', '0', 'x.json'], /must be a whole number from 1 to 100000/],
    [['--on-error', 'ignore', 'x.json'], /argument 'ignore' is invalid/],
    [['no-such-file.json'], /no such file: .*no-such-file\.json/],
    [['import-cli.unit.test.ts'], /cannot tell the format of .*import-cli\.unit\.test\.ts from its extension; use --format json\|csv\|iati/],
  ])('exits with 2 on %j, before touching any database', async (argv, message) => {
    const result = await run(argv);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });

  it('prints help and exits with 0', async () => {
    const result = await run(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('--on-error <mode>');
    expect(result.stdout).toContain('--dry-run');
  });
});

describe('import CLI output', () => {
  const zero = { created: 0, updated: 0, unchanged: 0 };
  const summary: ImportSummary = {
    counts: { sources: { ...zero, created: 1 }, territories: zero, actors: { ...zero, created: 2, unchanged: 1 }, initiatives: zero, relationships: { ...zero, updated: 3 } },
    rejected: { sources: 0, territories: 0, actors: 1, initiatives: 0, relationships: 2 },
    relationshipTypes: { FUNDS: { ...zero, updated: 3, rejected: 1 }, LEADS: { ...zero, rejected: 1 } },
    unreadable: 1,
    problems: [{ file: 'nodes.csv', location: 'line 4', field: 'kind', reason: 'kind must be one of the following values: NGO' }],
    warnings: [],
    matches: [],
    written: true,
    elapsedMs: 1500,
    rowsPerSecond: 4,
  };

  it('shows every problem with its file, location, field and reason', () => {
    expect(formatProblem(summary.problems[0])).toBe('nodes.csv line 4  kind: kind must be one of the following values: NGO');
    expect(formatProblem({ file: 'e.csv', location: 'line 2', field: '', reason: 'is not valid CSV' })).toBe('e.csv line 2  (row): is not valid CSV');
  });

  it('tabulates created, updated, unchanged and rejected per section and relationship type', () => {
    const lines = formatSummary(summary, { onError: 'skip' }).split('\n');
    expect(lines[0]).toBe('Import summary (written; 1 problem(s), bad rows skipped)');
    const cells = (name: string) => lines.find((line) => line.startsWith(name))!.trim().split(/\s+/);
    expect(cells('sources')).toEqual(['sources', '1', '0', '0', '0']);
    expect(cells('actors')).toEqual(['actors', '2', '0', '1', '1']);
    expect(cells('relationships')).toEqual(['relationships', '0', '3', '0', '2']);
    expect(cells('  FUNDS')).toEqual(['FUNDS', '0', '3', '0', '1']);
    expect(cells('  LEADS')).toEqual(['LEADS', '0', '0', '0', '1']);
    expect(cells('unreadable rows')).toEqual(['unreadable', 'rows', '1']);
    expect(cells('total')).toEqual(['total', '3', '3', '1', '4']);
    expect(lines).toContain('elapsed 1.50 s, 4 rows/s');
    expect(formatSummary({ ...summary, written: false }, { onError: 'abort' })).toMatch(/^Import summary \(nothing written: 1 problem\(s\) with --on-error abort\)/);
    expect(formatSummary({ ...summary, written: false }, { onError: 'abort', dryRun: true })).toMatch(/^Import summary \(dry run, nothing written\)/);
  });
});

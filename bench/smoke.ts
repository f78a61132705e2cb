/**
 * npm run bench:smoke: the CI-sized run. A 1,000-actor graph in a fresh Neo4j, every query on
 * every target at every concurrency for one second. It fails when the targets disagree on any
 * answer, when a target fails a request while answers are compared, or when a measured run
 * gets an HTTP or GraphQL error; it never fails on timing: each cell sends a fixed number of
 * requests (one per connection) rather than running for a fixed time, and requests stopped by
 * the query timeout (an overloaded machine) are reported, not failed.
 */
import os from 'node:os';
import path from 'node:path';
import { parseOptions, runBench } from './run';
import { writeResults } from './report';

async function main(argv: string[]): Promise<number> {
  const started = Date.now();
  const options = parseOptions(['--size', 'tiny', '--pool', '16', '--verify', '8', '--no-profile', ...argv], {
    durationSec: 1,
    warmupSec: 0,
    latest: false,
  });
  options.requestsPerConnection = 1;
  options.resultsDir = argv.includes('--results') ? options.resultsDir : path.join(os.tmpdir(), 'gg-bench-smoke');
  const results = await runBench(options);
  const written = writeResults(results, options.resultsDir, { latest: false });
  const failures: string[] = [];
  for (const v of results.verification) {
    if (v.mismatches.length) failures.push(`${v.query}: ${v.mismatches.length} answer(s) differ, first: ${JSON.stringify(v.mismatches[0]).slice(0, 800)}`);
    for (const e of v.errors) failures.push(`${v.query} on ${e.target}: ${e.message.slice(0, 300)}`);
    if (v.compared === 0 && Object.keys(v.skipped).length < 2) failures.push(`${v.query}: nothing was compared`);
  }
  for (const r of results.runs) {
    if (r.requests < r.concurrency) failures.push(`${r.query} on ${r.target} at ${r.concurrency}: ${r.requests} of ${r.concurrency} requests completed (${r.errors} connection errors)`);
    if (r.non2xx || r.graphqlErrors) failures.push(`${r.query} on ${r.target} at ${r.concurrency}: ${r.non2xx} non-2xx, ${r.graphqlErrors} GraphQL errors`);
    if (r.overloaded) options.log(`note: ${r.query} on ${r.target} at ${r.concurrency}: ${r.overloaded} request(s) stopped by the query timeout (load, not a failure)`);
  }
  options.log(`smoke results: ${written.md}`);
  for (const p of results.pending) options.log(`pending: ${p.query} on ${p.target} (${p.reason})`);
  options.log(`${failures.length ? 'FAILED' : 'passed'} in ${Math.round((Date.now() - started) / 1000)} s`);
  for (const f of failures) options.log(`  ${f}`);
  return failures.length ? 1 : 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`bench:smoke failed: ${error instanceof Error ? error.stack : String(error)}\n`);
      process.exit(1);
    },
  );
}

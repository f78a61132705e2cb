import 'reflect-metadata';
import { createInterface } from 'node:readline/promises';
import { Command, CommanderError } from 'commander';
import pino from 'pino';
import { Config, ConfigError, loadConfig } from '../src/config';
import { openDatabase, OpenDatabase } from '../src/db/open';
import { createServices } from '../src/composition';
import { ImportRepository } from '../src/import/import.repository';
import { formatProblem, formatSummary } from '../src/import/import-summary.format';
import { seed } from './seed';

/**
 * npm run seed [-- --reset [--yes]]
 *
 * Loads seeds/*.json through the JSON import (idempotent: seeding twice changes nothing).
 * --reset first deletes every node and relationship, in batches; it asks for confirmation on a
 * terminal and refuses to run without --yes when stdin is not one. Exit codes: 0 done, 1 failed
 * or not confirmed, 2 usage error.
 */

export interface SeedCliIo {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
}

const WIPE_BATCH = 10_000;

function describeTarget(config: Config): string {
  return config.neo4j.uri ?? `the embedded Neo4j in ${config.neo4j.localDataDir}`;
}

async function confirmed(io: SeedCliIo, target: string): Promise<boolean> {
  const prompt = createInterface({ input: io.stdin, output: io.stdout });
  try {
    const answer = await prompt.question(`--reset deletes EVERY node and relationship in ${target}. Type "yes" to go on: `);
    return answer.trim().toLowerCase() === 'yes';
  } finally {
    prompt.close();
  }
}

export async function main(argv: string[], io: SeedCliIo = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env }): Promise<number> {
  const program = new Command('seed')
    .description('Load the seed data (seeds/*.json) into the graph')
    .option('--reset', 'delete every node and relationship first')
    .option('--yes', 'do not ask before --reset (needed when stdin is not a terminal)')
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr: (text) => io.stderr.write(text) });
  try {
    program.parse(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    throw error;
  }
  const options = program.opts<{ reset?: boolean; yes?: boolean }>();

  let config: Config;
  try {
    config = loadConfig(io.env as never);
  } catch (error) {
    if (error instanceof ConfigError) {
      io.stderr.write(`${error.message}\n`);
      return 1;
    }
    throw error;
  }
  if (options.reset && !options.yes) {
    if (!io.stdin.isTTY) {
      io.stderr.write('error: --reset deletes the whole database; add --yes to confirm when stdin is not a terminal\n');
      return 2;
    }
    if (!(await confirmed(io, describeTarget(config)))) {
      io.stderr.write('not confirmed: nothing was deleted\n');
      return 1;
    }
  }

  const logger = pino({ level: config.logLevel, base: { service: 'governance-graph-seed' } }, io.stderr);
  let database: OpenDatabase | null = null;
  try {
    database = await openDatabase(config, logger);
    const { db } = database;
    if (options.reset) {
      const repository = new ImportRepository();
      let deleted = 0;
      for (;;) {
        const batch = await db.write((tx) => repository.deleteNodes(tx, WIPE_BATCH), { timeoutMs: 5 * 60 * 1000 });
        deleted += batch;
        if (batch === 0) break;
      }
      io.stdout.write(`reset: deleted ${deleted} nodes and their relationships\n`);
    }
    const summary = await seed(createServices(db));
    if (!summary.written) {
      for (const problem of summary.problems) io.stderr.write(`${formatProblem(problem)}\n`);
      io.stdout.write(formatSummary(summary, { onError: 'abort' }));
      return 1;
    }
    io.stdout.write(formatSummary(summary, { onError: 'abort' }));
    return 0;
  } catch (error) {
    io.stderr.write(`seed failed: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  } finally {
    await database?.close();
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`seed failed: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}

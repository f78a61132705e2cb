import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { Command, CommanderError } from 'commander';
import pino from 'pino';
import type { Logger } from '../logger';
import { Config, ConfigError, loadConfig } from '../config';
import type { ProgressStream } from '../import/progress';

/** What a command-line tool reads and writes, so that tests run it in process. */
export interface CliIo {
  stdout: ProgressStream;
  stderr: ProgressStream;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export function processIo(): CliIo {
  // npm runs scripts from the package folder; INIT_CWD is where `npm run …` was typed.
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.env.INIT_CWD || process.cwd() };
}

/** Parses the arguments; the exit code when the tool stops there (0 after --help, 2 on a usage error), else null. */
export function parseArguments(program: Command, argv: string[]): number | null {
  try {
    program.parse(argv, { from: 'user' });
    return null;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    throw error;
  }
}

/** Why the tool may not write `out`: it exists and --force was not given, or its folder does not. Null when it may. */
export function outputFileProblem(out: string, force: boolean | undefined): string | null {
  if (existsSync(out) && !force) return `${out} exists; use --force to replace it, or name another file`;
  if (!existsSync(path.dirname(out)) || !statSync(path.dirname(out)).isDirectory()) return `no such folder: ${path.dirname(out)}`;
  return null;
}

/** The configuration from the tool's environment, or null once the reason it is invalid was printed. */
export function configOrReport(io: CliIo): Config | null {
  try {
    return loadConfig(io.env as never);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    io.stderr.write(`${error.message}\n`);
    return null;
  }
}

export interface FileToolStart<O> {
  options: O;
  /** The output file, resolved against where the tool was run. */
  out: string;
  config: Config;
  logger: Logger;
}

/**
 * What every tool that writes one file does before its work: read its arguments, check its output
 * file, read its configuration and make its logger (on stderr, so stdout stays the tool's answer).
 * The exit code to stop with instead, once the reason was printed.
 */
export function startFileTool<O extends { out: string; force?: boolean }>(program: Command, argv: string[], io: CliIo, service: string): FileToolStart<O> | number {
  const stopped = parseArguments(program, argv);
  if (stopped !== null) return stopped;
  const options = program.opts<O>();
  const out = path.resolve(io.cwd, options.out);
  const problem = outputFileProblem(out, options.force);
  if (problem) {
    io.stderr.write(`error: ${problem}\n`);
    return 2;
  }
  const config = configOrReport(io);
  if (!config) return 1;
  return { options, out, config, logger: pino({ level: config.logLevel, base: { service } }, io.stderr as NodeJS.WritableStream) };
}

/** Runs a tool's main as the process's script: its exit code becomes the process's, a crash says what failed. */
export function runAsScript(main: (argv: string[]) => Promise<number>, what: string): void {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`${what} failed: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}

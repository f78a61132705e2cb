import { main } from '../../src/import/cli';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI's main in this process against the test run's Neo4j (NEO4J_URI from globalSetup). */
export async function cli(args: string[], cwd: string): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: { write: (text: string) => ((stdout += text), true), isTTY: false },
    stderr: { write: (text: string) => ((stderr += text), true), isTTY: false },
    env: { ...process.env, LOG_LEVEL: 'warn' },
    cwd,
  });
  return { code, stdout, stderr };
}

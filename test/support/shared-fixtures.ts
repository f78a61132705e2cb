import { existsSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../src/common/paths';

/**
 * A file of `../shared/fixtures/`: real files nobody on this project wrote. Missing, the test
 * fails and says why, rather than passing without having checked anything.
 */
export function sharedFixture(relativePath: string): string {
  const file = path.resolve(projectRoot(), '../shared/fixtures', relativePath);
  if (!existsSync(file)) {
    throw new Error(`shared fixture not found: ${file}. Tests need ../shared/fixtures beside the repository, as CI has it`);
  }
  return file;
}

import { existsSync } from 'node:fs';
import path from 'node:path';

/** The repository root, found from here whether running from bench/ (ts-jest) or dist/bench/. */
export function repoRoot(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'seeds'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no repository root above ${__dirname}`);
  }
}

export const benchDir = (...parts: string[]) => path.join(repoRoot(), 'bench', ...parts);

import { readdirSync } from 'node:fs';
import path from 'node:path';

const TEST_ROOT = path.resolve(__dirname, '..');

/** Jest's projects pick files by folder and suffix: a test named otherwise would never run. */
const LAYERS: Record<string, string> = { unit: '.unit.test.ts', integration: '.int.test.ts', e2e: '.e2e.test.ts' };

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'artifacts' ? [] : testFiles(full);
    return entry.name.endsWith('.test.ts') ? [path.relative(TEST_ROOT, full)] : [];
  });
}

describe('test layout', () => {
  it('names every test file after the layer folder it sits in, so one of the Jest projects runs it', () => {
    const misplaced = testFiles(TEST_ROOT).filter((file) => {
      const [layer] = file.split(path.sep);
      return !(layer in LAYERS) || !file.endsWith(LAYERS[layer]);
    });
    expect(misplaced).toEqual([]);
  });
});

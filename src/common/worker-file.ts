import path from 'node:path';
import { ResourceLimits, Worker } from 'node:worker_threads';

/**
 * Starts the worker whose entry point is `<dir>/<name>.js`, or `<name>.ts` when the caller runs
 * from the TypeScript sources. A worker needs a JavaScript file. Compiled (`node
 * dist/src/main.js`), the .js sits beside its caller. From the sources (under ts-jest, which
 * transforms only what Jest itself loads, and ts-node is not installed), the worker is started
 * from a few lines of eval'd JavaScript that teach require() to transpile .ts with the typescript
 * compiler (a dev dependency, there whenever the sources are run) and then require the worker's
 * source. Transpiling without type-checking is what ts-jest's isolated mode does as well.
 */
export function startWorkerFile(dir: string, name: string, fromSources: boolean, resourceLimits?: ResourceLimits): Worker {
  if (!fromSources) return new Worker(path.join(dir, `${name}.js`), { resourceLimits });
  const source = path.join(dir, `${name}.ts`);
  const bootstrap = `
    const fs = require('node:fs');
    const ts = require('typescript');
    require.extensions['.ts'] = (module, filename) => {
      const { outputText } = ts.transpileModule(fs.readFileSync(filename, 'utf8'), {
        fileName: filename,
        compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, experimentalDecorators: true },
      });
      module._compile(outputText, filename);
    };
    require(${JSON.stringify(source)});`;
  return new Worker(bootstrap, { eval: true, resourceLimits });
}

import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

/**
 * The bundles a child process runs: one esbuild build with code splitting, so the public
 * entry (`index.mjs`, what `import 'thespian-ts'` resolves to in an installed package) and
 * the process entries share one copy of every class. Two copies would break `instanceof`
 * of system messages and the registries decorators fill.
 */
export const RUNTIME_ENTRIES: Readonly<Record<string, string>> = {
  index: 'framework/index.ts',
  'actor-main': 'framework/bases/multiproc/entry/actor-main.ts',
  'admin-main': 'framework/bases/multiproc/entry/admin-main.ts',
  // Runs in Node's loader thread: it must import nothing of the framework.
  'module-hooks': 'framework/system/module-hooks.ts',
};

interface EsbuildSync {
  buildSync(options: Record<string, unknown>): { errors: unknown[] };
}

/**
 * Builds the runtime bundles of the sources under `root` into `outdir`. Synchronous, so a
 * framework run from its sources can build them the moment it first spawns a child.
 * esbuild is a devDependency (and tsx's dependency): only a build or a source checkout calls this.
 */
export function buildRuntime(root: string, outdir: string): void {
  let esbuild: EsbuildSync;
  try {
    esbuild = require('esbuild') as EsbuildSync;
  } catch (err) {
    throw new Error(`building thespian-ts's process bundles needs esbuild (run 'npm ci' in ${root}): ${(err as Error).message}`, { cause: err });
  }
  esbuild.buildSync({
    absWorkingDir: root,
    entryPoints: Object.fromEntries(Object.entries(RUNTIME_ENTRIES).map(([name, file]) => [name, path.join(root, file)])),
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // Dependencies stay imports: an application's own copy of reflect-metadata, ws or tsx is shared.
    packages: 'external',
    // Dispatch and the codec match classes by name: a bundler must not rename them.
    keepNames: true,
    tsconfig: path.join(root, 'tsconfig.json'),
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunk-[hash]',
    sourcemap: 'linked',
    logLevel: 'error',
  });
}

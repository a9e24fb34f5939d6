// npm run build (and prepare): the typed JS in dist/ (declarations, CLI, codegen), then the
// bundles child processes and `import 'thespian-ts'` run, in dist/runtime/.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const started = Date.now();
rmSync(path.join(root, 'dist'), { recursive: true, force: true });
execFileSync(process.execPath, [path.join(path.dirname(require.resolve('typescript/package.json')), 'bin/tsc'), '-p', path.join(root, 'tsconfig.build.json')], { stdio: 'inherit', cwd: root });
const { buildRuntime } = await import(pathToFileURL(path.join(root, 'dist/framework/bases/multiproc/runtime-build.js')).href);
buildRuntime(root, path.join(root, 'dist/runtime'));
process.stdout.write(`thespian-ts built in ${((Date.now() - started) / 1000).toFixed(1)} s (dist/, dist/runtime/)\n`);

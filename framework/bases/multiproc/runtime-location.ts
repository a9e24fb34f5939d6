import { createHash } from 'node:crypto';
import { existsSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildRuntime } from './runtime-build.js';

/**
 * Where the bundles child processes run from. This module itself is in one of three places:
 * - dist/runtime/chunk-*.mjs (the package's runtime entry): the bundles are beside it;
 * - dist/framework/bases/multiproc/*.js (tsc output, used by the CLI): dist/runtime/;
 * - framework/bases/multiproc/*.ts (sources, under vitest or tsx): bundles built from the
 *   sources on first use into node_modules/.cache, rebuilt whenever a source changes, so a
 *   child never runs stale code.
 */
export interface RuntimeLocation {
  dir: string;
  /** Set when the parent runs from sources: the child maps imports of them to its bundle. */
  sourceRoot?: string;
}

let cached: RuntimeLocation | undefined;

export function runtimeLocation(): RuntimeLocation {
  cached ??= locate();
  return cached;
}

function locate(): RuntimeLocation {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.mjs')) return { dir: path.dirname(here) };
  if (here.endsWith('.js')) {
    const dir = path.resolve(path.dirname(here), '../../../runtime');
    if (!existsSync(path.join(dir, 'actor-main.mjs'))) {
      throw new Error(`thespian-ts: the process bundles are missing from ${dir}: run 'npm run build' in ${path.resolve(dir, '../..')}`);
    }
    return { dir };
  }
  const root = path.resolve(path.dirname(here), '../../..');
  return { dir: sourceBundle(root), sourceRoot: root };
}

function sourceBundle(root: string): string {
  const cache = path.join(root, 'node_modules', '.cache', 'thespian-ts');
  const dir = path.join(cache, `runtime-${sourcesKey(root)}`);
  if (existsSync(path.join(dir, 'complete'))) return dir;
  // Several test workers may build at once: each builds aside and the first rename wins.
  const tmp = `${dir}.tmp-${process.pid}-${Date.now()}`;
  buildRuntime(root, tmp);
  writeFileSync(path.join(tmp, 'complete'), '');
  try {
    renameSync(tmp, dir);
  } catch {
    rmSync(tmp, { recursive: true, force: true });
  }
  pruneOld(cache, dir);
  return dir;
}

/** Names, sizes and times of every source the bundles are built from. */
function sourcesKey(root: string): string {
  const hash = createHash('sha256');
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts')) {
        const s = statSync(full);
        hash.update(`${full}\0${s.size}\0${s.mtimeMs}\n`);
      }
    }
  };
  walk(path.join(root, 'framework'));
  const tsconfig = statSync(path.join(root, 'tsconfig.json'));
  hash.update(`tsconfig\0${tsconfig.size}\0${tsconfig.mtimeMs}`);
  return hash.digest('hex').slice(0, 16);
}

function pruneOld(cache: string, keep: string): void {
  for (const name of readdirSync(cache)) {
    const full = path.join(cache, name);
    if (full === keep || !name.startsWith('runtime-')) continue;
    // A detached admin may still start children from an older build: leave a day's worth.
    try {
      if (Date.now() - statSync(full).mtimeMs > 24 * 3600_000) rmSync(full, { recursive: true, force: true });
    } catch {
      // Gone already.
    }
  }
}


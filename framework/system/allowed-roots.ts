import { existsSync, realpathSync } from 'node:fs';
import { basename, delimiter, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InvalidActorSpecification } from '../actor/errors.js';

/**
 * Where a 'path/to/module.js:Export' spec that arrives over the wire may point (DESIGN "Trust
 * and delivery"): importing a module runs it, so only directories the system's owner chose.
 * THESPIAN_ALLOWED_PATHS (directories separated by the platform's path delimiter, ':' on
 * POSIX) replaces the default: the starter's working directory, the directory of the nearest
 * package.json above it, and this package's own directory.
 */
export const ALLOWED_PATHS_ENV = 'THESPIAN_ALLOWED_PATHS';

/** The roots for a system started here and now (the starter computes them; its admin keeps them). */
export function allowedRoots(cwd = process.cwd(), env = process.env[ALLOWED_PATHS_ENV]): string[] {
  if (env !== undefined && env.trim() !== '') {
    return unique(env.split(delimiter).filter(Boolean).map((d) => real(resolve(cwd, d))));
  }
  const roots = [real(cwd)];
  const project = packageRoot(cwd);
  if (project) roots.push(real(project));
  const own = packageRoot(dirname(fileURLToPath(import.meta.url)));
  if (own) roots.push(real(own));
  return unique(roots);
}

function unique(list: string[]): string[] {
  return [...new Set(list)];
}

/** Symlinks resolved, so a link inside an allowed dir cannot point outside it. */
function real(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

function packageRoot(from: string): string | undefined {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    if (existsSync(resolve(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

function isUnder(file: string, root: string): boolean {
  const rel = relative(root, file);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel) && !rel.startsWith(`..${sep}`));
}

/**
 * Throws, before anything is imported, unless the module file lies under one of `roots`.
 * Symlinks are resolved (when the file itself is missing, its directory: the .ts/.js twin
 * tried later lives in the same one).
 */
export function assertPathAllowed(file: string, spec: string, roots: readonly string[]): void {
  const absolute = resolve(file);
  const where = existsSync(absolute) ? real(absolute) : join(real(dirname(absolute)), basename(absolute));
  if (roots.some((root) => isUnder(where, root))) return;
  throw new InvalidActorSpecification(
    `refused to create actor '${spec}': ${where} is outside the directories this actor system allows actor modules from ` +
      `(${roots.join(', ') || 'none'}), and importing a module runs its code. Create it by its registered @Actor name, ` +
      `or start the system with ${ALLOWED_PATHS_ENV} listing that directory (separated by '${delimiter}')`,
    'ACTOR_SPEC_PATH_NOT_ALLOWED',
  );
}

import { isBuiltin } from 'node:module';
import { posix } from 'node:path';
import { InvalidActorSourceHash } from '../actor/errors.js';

export type Resolved = { kind: 'file'; path: string } | { kind: 'framework' } | { kind: 'builtin'; name: string };

const FRAMEWORK = 'thespian-ts';
const EXTENSIONS = ['', '.js', '.mjs', '.cjs', '.json', '.ts'];
const INDEXES = ['/index.js', '/index.mjs', '/index.cjs', '/index.json', '/index.ts'];
/** Export conditions, best first: package modules run as CommonJS made from ES modules. */
const CONDITIONS = ['node', 'import', 'require', 'default'];

/**
 * Node's resolution, confined to the package's files: relative paths may not climb out of
 * it, bare names come only from node_modules/ inside it, and the only ways out are the
 * host's framework and Node's builtins.
 */
export function resolveInPackage(files: ReadonlyMap<string, Uint8Array>, from: string, spec: string, where: string): Resolved {
  const fail = (why: string): never => {
    throw new InvalidActorSourceHash(`${where}: cannot resolve '${spec}' imported by '${from}': ${why}`, 'SOURCE_IMPORT_UNRESOLVED');
  };
  if (spec === FRAMEWORK) return { kind: 'framework' };
  if (isBuiltin(spec)) return { kind: 'builtin', name: spec };
  if (spec.startsWith('/') || /^[a-zA-Z]:/.test(spec) || spec.includes('\\')) return fail('absolute paths are not allowed in a package; import relative to the importing file');
  if (spec === '.' || spec === '..' || spec.startsWith('./') || spec.startsWith('../')) {
    const target = posix.normalize(posix.join(posix.dirname(from), spec));
    if (target === '..' || target.startsWith('../')) return fail('the path leads outside the package');
    return { kind: 'file', path: asFile(files, target) ?? fail(`no file '${target}' (or with .js, .mjs, .cjs, .json, /index.js) in the package`) };
  }
  const parts = spec.split('/');
  const nameLength = spec.startsWith('@') ? 2 : 1;
  const name = parts.slice(0, nameLength).join('/');
  const sub = parts.slice(nameLength).join('/');
  if (!name || parts.some((p) => p === '..' || p === '.')) return fail('not a valid package name');
  for (let dir = posix.dirname(from); ; dir = posix.dirname(dir)) {
    const root = posix.join(dir === '.' ? '' : dir, 'node_modules', name);
    const found = sub ? asFile(files, posix.join(root, sub)) : packageEntry(files, root);
    if (found) return { kind: 'file', path: found };
    if (dir === '.' || dir === '/' || dir === '') break;
  }
  return fail(`bare names load only from node_modules/ inside the package: bundle '${name}' into it (the host's own packages are not visible, except 'thespian-ts' and Node builtins)`);
}

function asFile(files: ReadonlyMap<string, Uint8Array>, path: string): string | undefined {
  for (const ext of EXTENSIONS) if (files.has(path + ext)) return path + ext;
  if (path.endsWith('.js') && files.has(path.slice(0, -3) + '.ts')) return path.slice(0, -3) + '.ts';
  for (const index of INDEXES) if (files.has(path + index)) return path + index;
  return undefined;
}

function packageEntry(files: ReadonlyMap<string, Uint8Array>, root: string): string | undefined {
  const manifest = files.get(`${root}/package.json`);
  if (manifest) {
    let pkg: { exports?: unknown; module?: unknown; main?: unknown } = {};
    try {
      pkg = JSON.parse(new TextDecoder().decode(manifest)) as typeof pkg;
    } catch {
      /* an unreadable package.json: fall back to index.js like Node */
    }
    const viaExports = exportTarget(pkg.exports);
    for (const entry of [viaExports, pkg.main]) {
      if (typeof entry === 'string') {
        const found = asFile(files, posix.normalize(posix.join(root, entry)));
        if (found && found.startsWith(root + '/')) return found;
      }
    }
  }
  return asFile(files, root);
}

function exportTarget(exports: unknown): string | undefined {
  if (typeof exports === 'string') return exports;
  if (!exports || typeof exports !== 'object' || Array.isArray(exports)) return undefined;
  const map = exports as Record<string, unknown>;
  if ('.' in map) return exportTarget(map['.']);
  for (const condition of CONDITIONS) if (condition in map) return exportTarget(map[condition]);
  return undefined;
}

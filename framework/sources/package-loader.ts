import type { ClassKey } from '../registry/metadata.js';
import { createRequire } from 'node:module';
import { posix } from 'node:path';
import { compileFunction } from 'node:vm';
import { ActorBase } from '../actor/actor-base.js';
import { InvalidActorSourceHash, InvalidActorSpecification, describeValue } from '../actor/errors.js';
import { hostFramework } from './framework-link.js';
import { resolveInPackage } from './package-resolve.js';
import { recordSourceOrigin, sourceOriginOf } from './source-origin.js';

const hostRequire = createRequire(import.meta.url);

interface EsbuildTransform {
  transformSync(code: string, options: Record<string, unknown>): { code: string };
}

let esbuild: EsbuildTransform | undefined;
function transformer(): EsbuildTransform {
  try {
    esbuild ??= hostRequire('esbuild') as EsbuildTransform;
    return esbuild;
  } catch (err) {
    throw new InvalidActorSourceHash(`loading actor sources needs esbuild, which could not be loaded (${(err as Error).message}): reinstall thespian-ts's dependencies (npm ci)`, 'SOURCE_LOADER_MISSING');
  }
}

export { sourceOriginOf } from './source-origin.js';

interface PackageModule {
  exports: unknown;
  loaded: boolean;
}

const PARAMS = ['exports', 'require', 'module', '__filename', '__dirname'];
const LOADERS: Record<string, string> = { '.js': 'js', '.mjs': 'js', '.cjs': 'js', '.ts': 'ts' };
/** Legacy decorators, as the framework's own TypeScript uses them. */
const TS_CONFIG = { compilerOptions: { experimentalDecorators: true, useDefineForClassFields: false } };

/**
 * The modules of one loaded source, evaluated in this process on first use. Each source
 * hash has its own instance, hence its own module cache: two versions of a package never
 * share module state, while the framework and Node's builtins are the host's. Each file is
 * turned into CommonJS by esbuild and evaluated from memory: nothing is written to disk.
 */
export class PackageModules {
  private readonly cache = new Map<string, PackageModule>();

  constructor(
    readonly hash: string,
    private readonly files: ReadonlyMap<string, Uint8Array>,
  ) {}

  private readonly classes = new Map<string, ClassKey>();

  /** The actor class a `'path/in/pkg.js:Export'` spec names. */
  actorClass(spec: string): ClassKey {
    let cls = this.classes.get(spec);
    if (!cls) this.classes.set(spec, (cls = this.findClass(spec)));
    return cls;
  }

  private findClass(spec: string): ClassKey {
    const colon = spec.lastIndexOf(':');
    const file = colon > 0 ? posix.normalize(spec.slice(0, colon)) : '';
    const exportName = colon > 0 ? spec.slice(colon + 1) : '';
    if (!file || !exportName || file.startsWith('../') || file.startsWith('/')) {
      throw new InvalidActorSpecification(`'${spec}' does not name a module of source ${this.hash}: write it as 'path/in/package.js:ExportName'`, 'BAD_ACTOR_SPEC');
    }
    const resolved = resolveInPackage(this.files, '.', `./${file}`, `source ${this.hash}`);
    if (resolved.kind !== 'file') throw new InvalidActorSpecification(`'${spec}' names no file of source ${this.hash}`, 'ACTOR_MODULE_NOT_FOUND');
    const mod = this.require(resolved.path) as Record<string, unknown>;
    const cls = mod[exportName];
    if (typeof cls === 'function' && (cls === ActorBase || cls.prototype instanceof ActorBase)) return cls;
    if (cls === undefined) {
      const names = Object.keys(mod).filter((k) => k !== 'default' && k !== '__esModule');
      throw new InvalidActorSpecification(
        `module '${resolved.path}' of source ${this.hash} has no export '${exportName}' (it exports: ${names.join(', ') || 'nothing'}); fix the name after ':' in '${spec}'`,
        'MISSING_ACTOR_EXPORT',
      );
    }
    throw new InvalidActorSpecification(
      `'${exportName}' exported by '${resolved.path}' of source ${this.hash} is not an actor class (${describeValue(cls)}): it must extend ActorBase imported from 'thespian-ts'`,
      'NOT_AN_ACTOR_CLASS',
    );
  }

  private require(path: string): unknown {
    const cached = this.cache.get(path);
    // A module still loading is returned as it is: that is how circular imports resolve.
    if (cached) return cached.exports;
    const bytes = this.files.get(path) as Uint8Array;
    const text = new TextDecoder().decode(bytes);
    const module: PackageModule = { exports: {}, loaded: false };
    this.cache.set(path, module);
    try {
      if (path.endsWith('.json')) module.exports = JSON.parse(text);
      else this.evaluate(path, text, module);
    } catch (err) {
      this.cache.delete(path);
      if (err instanceof InvalidActorSourceHash || err instanceof InvalidActorSpecification) throw err;
      throw new InvalidActorSpecification(`source ${this.hash}: evaluating '${path}' failed: ${(err as Error)?.message ?? String(err)}`, 'ACTOR_MODULE_IMPORT_FAILED');
    }
    module.loaded = true;
    this.recordOrigins(path, module.exports);
    return module.exports;
  }

  private recordOrigins(path: string, exports: unknown): void {
    if (!exports || typeof exports !== 'object') return;
    for (const [name, value] of Object.entries(exports)) {
      if (typeof value === 'function' && value.prototype instanceof ActorBase && !sourceOriginOf(value)) recordSourceOrigin(value, { hash: this.hash, spec: `${path}:${name}` });
    }
  }

  private evaluate(path: string, text: string, module: PackageModule): void {
    const filename = `thespian-source://${this.hash}/${path}`;
    let code: string;
    try {
      code = transformer().transformSync(text, {
        loader: LOADERS[posix.extname(path)] ?? 'js',
        format: 'cjs',
        platform: 'node',
        target: 'node20',
        sourcefile: filename,
        keepNames: true,
        tsconfigRaw: TS_CONFIG,
      }).code;
    } catch (err) {
      throw new InvalidActorSpecification(`source ${this.hash}: '${path}' does not compile: ${(err as Error).message}`, 'ACTOR_MODULE_IMPORT_FAILED');
    }
    const fn = compileFunction(code, PARAMS, { filename });
    const localRequire = (spec: string): unknown => {
      const target = resolveInPackage(this.files, path, spec, `source ${this.hash}`);
      if (target.kind === 'framework') return hostFramework();
      if (target.kind === 'builtin') return hostRequire(target.name);
      return this.require(target.path);
    };
    fn.call(module.exports, module.exports, localRequire, module, filename, posix.dirname(filename));
  }
}

import { existsSync } from 'node:fs';
import { register } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Set for a child whose parent runs the framework from its TypeScript sources. */
export const SOURCE_ROOT_ENV = 'THESPIAN_SOURCE_ROOT';

const TYPESCRIPT = /\.[cm]?tsx?$/;

let hooksRegistered = false;
let tsLoader: Promise<void> | undefined;
let tsconfigUsed: string | undefined;

/**
 * Imports an application module (an actor's module, a generated registry). A TypeScript
 * file gets tsx's loader, registered on the first such import only, with the tsconfig
 * nearest that file (it decides decorators), so processes that only run JavaScript never
 * pay for a TypeScript compiler.
 */
export async function importModule(file: string): Promise<Record<string, unknown>> {
  await prepareFor(file);
  return (await import(pathToFileURL(file).href)) as Record<string, unknown>;
}

/**
 * For a spare process of a system whose actors are TypeScript: register the loader while
 * idle, so the creation that takes this spare does not wait for it (tsx costs more to start
 * than the framework itself).
 */
export function preloadTypeScript(tsconfig: string | undefined): Promise<void> {
  if (ownExtension() === '.ts') return Promise.resolve();
  registerHooks();
  return typeScriptLoader(tsconfig, '(preloaded)');
}

/** The tsconfig.json nearest `file`, which decides how its TypeScript compiles. */
export function nearestTsconfig(file: string): string | undefined {
  for (let d = path.dirname(file); ; d = path.dirname(d)) {
    const candidate = path.join(d, 'tsconfig.json');
    if (existsSync(candidate)) return candidate;
    if (path.dirname(d) === d) return undefined;
  }
}

export function isTypeScriptFile(file: string): boolean {
  return TYPESCRIPT.test(file);
}

/** This copy of the framework: '.ts' (sources), '.js' (tsc output) or '.mjs' (the bundle). */
function ownExtension(): string {
  return path.extname(fileURLToPath(import.meta.url));
}

async function prepareFor(file: string): Promise<void> {
  // Running from sources means vitest or tsx already loads TypeScript and resolves the framework.
  if (ownExtension() === '.ts') return;
  const ts = TYPESCRIPT.test(file);
  if (ts || process.env[SOURCE_ROOT_ENV]) registerHooks();
  if (ts) await typeScriptLoader(process.env.TSX_TSCONFIG_PATH ?? nearestTsconfig(file), file);
}

function registerHooks(): void {
  if (hooksRegistered) return;
  const ext = ownExtension();
  register(new URL(`./module-hooks${ext}`, import.meta.url), { data: hookData(ext) });
  hooksRegistered = true;
}

function typeScriptLoader(tsconfig: string | undefined, file: string): Promise<void> {
  tsLoader ??= (async () => {
    let api: { register: (options?: { tsconfig?: string }) => unknown };
    try {
      api = (await import('tsx/esm/api')) as typeof api;
    } catch (err) {
      tsLoader = undefined;
      throw new TypeScriptLoaderMissing(file, err as Error);
    }
    api.register(tsconfig ? { tsconfig } : {});
    tsconfigUsed = tsconfig;
  })();
  return tsLoader;
}

function hookData(ext: string): { map: Record<string, string>; self: string } {
  const self = new URL(ext === '.mjs' ? './index.mjs' : '../index.js', import.meta.url).href;
  const here = path.dirname(fileURLToPath(import.meta.url));
  // The package root: two up from dist/runtime, three up from dist/framework/system.
  const root = process.env[SOURCE_ROOT_ENV] ?? path.resolve(here, ext === '.mjs' ? '../..' : '../../..');
  const copies = ['framework/index.ts', 'dist/framework/index.js', 'dist/runtime/index.mjs'].map((f) => pathToFileURL(path.join(root, f)).href);
  return { map: Object.fromEntries(copies.filter((u) => u !== self).map((u) => [u, self])), self };
}

class TypeScriptLoaderMissing extends Error {
  readonly code = 'TS_LOADER_MISSING';
  constructor(file: string, cause: Error) {
    super(`${file} is TypeScript and loading it needs tsx, which could not be imported (${cause.message}): install it (npm install tsx) or name the compiled .js file instead`);
  }
}

/** Why importing `file` failed and what to do about it, for the error its caller raises. */
export function describeImportFailure(file: string, err: unknown): string {
  const e = err as Error & { code?: string };
  const reason = e?.message ?? String(err);
  if (e?.code === 'TS_LOADER_MISSING') return reason;
  if (e?.code === 'ERR_UNKNOWN_FILE_EXTENSION') {
    return `${reason}: this process has no loader for that file type; name a .ts, .mts or .js module (TypeScript is loaded with tsx)`;
  }
  if (e?.code === 'ERR_MODULE_NOT_FOUND') return `${reason}: install the missing package or fix the import path in ${file}`;
  if (TYPESCRIPT.test(file) && /decorator|Unexpected "@"|Invalid or unexpected token/i.test(reason)) {
    const tsconfig = tsconfigUsed ?? 'the tsconfig.json nearest the module';
    return `${reason}: decorators need "experimentalDecorators": true in ${tsconfig} (or set TSX_TSCONFIG_PATH to a tsconfig that has it)`;
  }
  return reason;
}

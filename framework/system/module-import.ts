import { existsSync } from 'node:fs';
import { register } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Set for a child whose parent runs the framework from its TypeScript sources. */
export const SOURCE_ROOT_ENV = 'THESPIAN_SOURCE_ROOT';

const TYPESCRIPT = /\.[cm]?tsx?$/;

let hooksRegistered = false;
let tsLoader: { tsconfig: string | undefined } | undefined;

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

/** This copy of the framework: '.ts' (sources), '.js' (tsc output) or '.mjs' (the bundle). */
function ownExtension(): string {
  return path.extname(fileURLToPath(import.meta.url));
}

async function prepareFor(file: string): Promise<void> {
  const ext = ownExtension();
  // Running from sources means vitest or tsx already loads TypeScript and resolves the framework.
  if (ext === '.ts') return;
  const ts = TYPESCRIPT.test(file);
  if (!hooksRegistered && (ts || process.env[SOURCE_ROOT_ENV])) {
    register(new URL(`./module-hooks${ext}`, import.meta.url), { data: hookData(ext) });
    hooksRegistered = true;
  }
  if (ts && !tsLoader) {
    const tsconfig = process.env.TSX_TSCONFIG_PATH ?? nearestTsconfig(path.dirname(file));
    let api: { register: (options?: { tsconfig?: string }) => unknown };
    try {
      api = (await import('tsx/esm/api')) as typeof api;
    } catch (err) {
      throw new TypeScriptLoaderMissing(file, err as Error);
    }
    api.register(tsconfig ? { tsconfig } : {});
    tsLoader = { tsconfig };
  }
}

function hookData(ext: string): { map: Record<string, string>; self: string } {
  const self = new URL(ext === '.mjs' ? './index.mjs' : '../index.js', import.meta.url).href;
  const here = path.dirname(fileURLToPath(import.meta.url));
  // The package root: two up from dist/runtime, three up from dist/framework/system.
  const root = process.env[SOURCE_ROOT_ENV] ?? path.resolve(here, ext === '.mjs' ? '../..' : '../../..');
  const copies = ['framework/index.ts', 'dist/framework/index.js', 'dist/runtime/index.mjs'].map((f) => pathToFileURL(path.join(root, f)).href);
  return { map: Object.fromEntries(copies.filter((u) => u !== self).map((u) => [u, self])), self };
}

function nearestTsconfig(dir: string): string | undefined {
  for (let d = dir; ; d = path.dirname(d)) {
    const candidate = path.join(d, 'tsconfig.json');
    if (existsSync(candidate)) return candidate;
    if (path.dirname(d) === d) return undefined;
  }
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
    const tsconfig = tsLoader?.tsconfig ?? 'the tsconfig.json nearest the module';
    return `${reason}: decorators need "experimentalDecorators": true in ${tsconfig} (or set TSX_TSCONFIG_PATH to a tsconfig that has it)`;
  }
  return reason;
}

import { resolve } from 'node:path';
import { isTypeScriptFile, nearestTsconfig, SOURCE_ROOT_ENV } from '../../system/module-import.js';

/**
 * Whether spares should preload tsx, judged from a module the system imports (a registry,
 * an actor's file). From a source checkout (tests, samples) actors are TypeScript anyway.
 */
export function typeScriptHint(file: string | undefined): { tsconfig: string } | undefined {
  if (file && isTypeScriptFile(file)) return { tsconfig: process.env.TSX_TSCONFIG_PATH ?? nearestTsconfig(resolve(file)) ?? '' };
  const sourceRoot = process.env[SOURCE_ROOT_ENV];
  if (sourceRoot) return { tsconfig: process.env.TSX_TSCONFIG_PATH ?? resolve(sourceRoot, 'tsconfig.json') };
  return undefined;
}

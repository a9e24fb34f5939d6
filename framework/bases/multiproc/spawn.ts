import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import path from 'node:path';
import { SOURCE_ROOT_ENV } from '../../system/module-import.js';
import { runtimeLocation } from './runtime-location.js';

/**
 * Node arguments to run one of our entry modules in a new process: always the bundled
 * JavaScript (runtime-location.ts), never a TypeScript loader: a child registers one itself
 * only when a module it must import is TypeScript.
 */
export function entryArgs(entry: string): string[] {
  // THESPIAN_NODE_ARGS: extra node flags for admin and actor processes (--inspect, --cpu-prof, ...).
  const extra = (process.env.THESPIAN_NODE_ARGS ?? '').split(' ').filter(Boolean);
  return [...extra, path.join(runtimeLocation().dir, `${entry}.mjs`)];
}

function childEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { sourceRoot } = runtimeLocation();
  return sourceRoot ? { ...env, [SOURCE_ROOT_ENV]: sourceRoot } : env;
}

export function spawnEntry(
  entry: string,
  args: string[],
  options: { detached?: boolean; stdio: StdioOptions; env?: NodeJS.ProcessEnv; advancedIpc?: boolean },
): ChildProcess {
  return spawn(process.execPath, [...entryArgs(entry), ...args], {
    detached: options.detached ?? false,
    stdio: options.stdio,
    env: childEnv(options.env ?? process.env),
    ...(options.advancedIpc ? { serialization: 'advanced' as const } : {}),
  });
}

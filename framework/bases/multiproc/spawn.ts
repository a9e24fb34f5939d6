import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);

/**
 * Node arguments to run one of our entry modules in a new process. When the framework
 * runs from its TypeScript sources, the child needs tsx's loader too.
 */
export function entryArgs(entry: string): string[] {
  const here = fileURLToPath(import.meta.url);
  const ts = here.endsWith('.ts');
  const file = fileURLToPath(new URL(`./${entry}.${ts ? 'ts' : 'js'}`, import.meta.url));
  const loader = ts || process.env.THESPIAN_TSX === '1' ? ['--import', pathToFileURL(require.resolve('tsx')).href] : [];
  // THESPIAN_NODE_ARGS: extra node flags for admin and actor processes (--inspect, --cpu-prof, ...).
  const extra = (process.env.THESPIAN_NODE_ARGS ?? '').split(' ').filter(Boolean);
  return [...extra, ...loader, file];
}

/**
 * Running from TypeScript sources, a child's tsx would read the tsconfig of the working
 * directory, which may lack experimentalDecorators: point it at this package's own.
 */
function withTsconfig(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  if (env.TSX_TSCONFIG_PATH || !fileURLToPath(import.meta.url).endsWith('.ts')) return env;
  return { ...env, TSX_TSCONFIG_PATH: fileURLToPath(new URL('../../../tsconfig.json', import.meta.url)) };
}

export function spawnEntry(
  entry: string,
  args: string[],
  options: { detached?: boolean; stdio: StdioOptions; env?: NodeJS.ProcessEnv; advancedIpc?: boolean },
): ChildProcess {
  return spawn(process.execPath, [...entryArgs(entry), ...args], {
    detached: options.detached ?? false,
    stdio: options.stdio,
    env: withTsconfig(options.env ?? process.env),
    ...(options.advancedIpc ? { serialization: 'advanced' as const } : {}),
  });
}

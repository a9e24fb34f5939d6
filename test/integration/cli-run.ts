import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to completion, capturing output (no shell: arguments are passed as given). */
export function run(cmd: string, args: readonly string[], cwd: string, timeoutMs = 120_000, extraEnv: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    // tsx reads the tsconfig of the working directory; the CLI's own sources need the repo's
    // (experimentalDecorators), wherever the command runs.
    const env = { ...process.env, CI: '1', NO_COLOR: '1', FORCE_COLOR: '0', TSX_TSCONFIG_PATH: process.env.TSX_TSCONFIG_PATH ?? path.join(REPO, 'tsconfig.json'), ...extraEnv };
    const child = spawn(cmd, args, { cwd, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** The CLI from source, through tsx, as `npm run generate` runs it. */
export function thespian(args: readonly string[], cwd = REPO): Promise<Run> {
  return run(path.join(REPO, 'node_modules', '.bin', 'tsx'), [path.join(REPO, 'cli', 'bin.ts'), ...args], cwd);
}

import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';

/**
 * Where a detached TCP/UDP admin keeps what a person needs to find it again: one folder per
 * user (THESPIAN_STATE_DIR, default <tmpdir>/thespian-ts-<user>) holding, per admin,
 * '<base>-<port>.json' (pid, start time, log file; removed at an orderly stop) and
 * '<base>-<port>.log' (its log; kept after it stops when it says more than that it started).
 */
export interface AdminStateInfo {
  base: string;
  port: number;
  pid: number;
  startedAt: string;
  logFile: string;
}

export function stateDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.THESPIAN_STATE_DIR) return path.resolve(env.THESPIAN_STATE_DIR);
  let who = String(process.getuid?.() ?? 'user');
  try {
    who = userInfo().username || who;
  } catch {
    /* no passwd entry (containers): the uid will do */
  }
  return path.join(tmpdir(), `thespian-ts-${who.replace(/[^\w.-]/g, '_')}`);
}

export function adminStatePaths(base: string, port: number, env: NodeJS.ProcessEnv = process.env): { info: string; log: string } {
  const stem = path.join(stateDir(env), `${base}-${port}`);
  return { info: `${stem}.json`, log: `${stem}.log` };
}

/** Creates the folder (private to the user: logs may hold message contents). */
export function ensureStateDir(env: NodeJS.ProcessEnv = process.env): string {
  const dir = stateDir(env);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}

export function writeAdminState(info: AdminStateInfo, env: NodeJS.ProcessEnv = process.env): void {
  ensureStateDir(env);
  writeFileSync(adminStatePaths(info.base, info.port, env).info, `${JSON.stringify(info, null, 2)}\n`, { mode: 0o600 });
}

/** The admin's own account of itself, or undefined when none is recorded (never started, or stopped). */
export function readAdminState(base: string, port: number, env: NodeJS.ProcessEnv = process.env): AdminStateInfo | undefined {
  try {
    const parsed = JSON.parse(readFileSync(adminStatePaths(base, port, env).info, 'utf8')) as Partial<AdminStateInfo>;
    if (typeof parsed.pid !== 'number' || typeof parsed.logFile !== 'string') return undefined;
    return parsed as AdminStateInfo;
  } catch {
    return undefined;
  }
}

export function removeAdminState(base: string, port: number, env: NodeJS.ProcessEnv = process.env): void {
  rmSync(adminStatePaths(base, port, env).info, { force: true });
}

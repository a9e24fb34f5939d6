import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ensureStateDir, stateDir } from './state-dir.js';

/**
 * Where a detached TCP/UDP admin keeps what a person needs to find it again: one folder per
 * user (state-dir.ts) holding, per admin,
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

export function adminStatePaths(base: string, port: number, env: NodeJS.ProcessEnv = process.env): { info: string; log: string } {
  const stem = path.join(stateDir(env), `${base}-${port}`);
  return { info: `${stem}.json`, log: `${stem}.log` };
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

import { randomBytes } from 'node:crypto';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureStateDir, stateDir } from './state-dir.js';

/**
 * The system secret of a TCP/UDP system (link-auth.ts proves it on every link). The starter
 * that spawns the admin makes it and hands it down through the environment (never argv,
 * which `ps` shows to everyone); the admin keeps it in a file only its user can read, so
 * `thespian status/shutdown` and joining starters of the same user can prove it too.
 */
export const SECRET_ENV = 'THESPIAN_SYSTEM_SECRET';
const SECRET_BYTES = 32;

export function newSecret(): Buffer {
  return randomBytes(SECRET_BYTES);
}

export function secretFile(baseName: string, port: number): string {
  return join(stateDir(), `${baseName}-${port}.secret`);
}

/** Written whole or not at all (a reader never sees half a secret), readable by this user only. */
export function writeSecretFile(baseName: string, port: number, secret: Uint8Array): string {
  ensureStateDir();
  const file = secretFile(baseName, port);
  const temp = `${file}.${process.pid}.tmp`;
  rmSync(temp, { force: true });
  writeFileSync(temp, Buffer.from(secret).toString('hex'), { mode: 0o600, flag: 'wx' });
  renameSync(temp, file);
  return file;
}

/** The secret of the admin on this port, if this user has its file. */
export function readSecretFile(baseName: string, port: number): Buffer | undefined {
  try {
    return parseSecret(readFileSync(secretFile(baseName, port), 'utf8'));
  } catch {
    return undefined;
  }
}

/** Only our own secret: an admin started on the port since then owns the file now. */
export function removeSecretFile(baseName: string, port: number, secret: Uint8Array): void {
  const mine = readSecretFile(baseName, port);
  if (mine && mine.equals(Buffer.from(secret))) rmSync(secretFile(baseName, port), { force: true });
}

function parseSecret(text: string): Buffer | undefined {
  const t = text.trim();
  return /^[0-9a-f]{64}$/.test(t) ? Buffer.from(t, 'hex') : undefined;
}

/**
 * The secret handed down by the parent, removed from this process's environment at once so
 * the commands an actor runs (RunCommand, child_process) do not inherit it. (/proc/<pid>/environ
 * keeps the initial environment, but only this user and root can read it, as with the file.)
 */
export function takeSecretFromEnv(): Buffer | undefined {
  const secret = parseSecret(process.env[SECRET_ENV] ?? '');
  delete process.env[SECRET_ENV];
  return secret;
}

/**
 * `conventionKey`: what an actor process's links accept from other systems of its convention
 * (actor-to-actor connections go direct between hosts, spec 9.4), handed down the same way.
 */
export function secretEnv(secret: Uint8Array, conventionKey?: Uint8Array): NodeJS.ProcessEnv {
  return {
    ...process.env,
    [SECRET_ENV]: Buffer.from(secret).toString('hex'),
    ...(conventionKey ? { [CONVENTION_LINK_KEY_ENV]: Buffer.from(conventionKey).toString('hex') } : {}),
  };
}

const CONVENTION_LINK_KEY_ENV = 'THESPIAN_CONVENTION_LINK_KEY';

export function takeConventionKeyFromEnv(): Buffer | undefined {
  const text = process.env[CONVENTION_LINK_KEY_ENV] ?? '';
  delete process.env[CONVENTION_LINK_KEY_ENV];
  return /^([0-9a-f]{2}){16,}$/.test(text) ? Buffer.from(text, 'hex') : undefined;
}

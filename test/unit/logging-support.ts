import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LogRecord } from '../../framework/logging/logger.js';

export function tempDir(prefix = 'thespian-log-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function lines(file: string): string[] {
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter((l) => l !== '') : [];
}

export function record(level: LogRecord['level'], message: string, actor?: { address: string; cls: string }, extra?: Record<string, unknown>): LogRecord {
  return { level, message, time: Date.UTC(2024, 0, 2, 3, 4, 5, 6), ...(actor ? { actorAddress: actor.address, actorClass: actor.cls } : {}), ...(extra ? { extra } : {}) };
}

export const ACTOR = { address: 'ActorAddr-(T|:1234)', cls: 'Worker' };

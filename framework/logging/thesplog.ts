import { appendFileSync, renameSync, statSync } from 'node:fs';
import { LEVEL_NUMBERS, levelNumber } from './levels.js';

export type Thesplog = (level: string, message: string) => void;

export const THESPLOG_DEFAULT_MAXSIZE = 50 * 1024;

export interface ThesplogSettings {
  file: string | undefined;
  maxSize: number;
  threshold: number;
}

/** Spec 4.13.3's environment variables; a malformed value keeps the default, never stops a process. */
export function thesplogSettings(env: NodeJS.ProcessEnv = process.env): ThesplogSettings {
  const size = Number(env.THESPLOG_FILE_MAXSIZE);
  return {
    file: env.THESPLOG_FILE || undefined,
    maxSize: env.THESPLOG_FILE_MAXSIZE && Number.isFinite(size) && size > 0 ? size : THESPLOG_DEFAULT_MAXSIZE,
    threshold: levelNumber(env.THESPLOG_THRESHOLD, LEVEL_NUMBERS.warning),
  };
}

export interface ThesplogOptions {
  /** Names the writer in each line, e.g. 'admin' (the pid is added). */
  who: string;
  env?: NodeJS.ProcessEnv;
  /** Where lines go without THESPLOG_FILE. Default: nowhere (a starter's own log is opt-in). */
  fallback?: (line: string) => void;
}

/** Single backup rotation: the full file becomes '<file>.old' (replacing the previous one). */
function rotateIfFull(file: string, maxSize: number, incoming: number): void {
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    return; // no file yet
  }
  if (size > 0 && size + incoming > maxSize) renameSync(file, `${file}.old`);
}

/**
 * The framework's own log (spec 4.13.3): separate from logDefs, so the machinery that
 * carries log records can itself report problems without recursing into itself. Settings
 * are read at the first line written, so a process can set them after import.
 */
export function createThesplog(options: ThesplogOptions): Thesplog {
  let settings: ThesplogSettings | undefined;
  return (level, message) => {
    settings ??= thesplogSettings(options.env);
    if (levelNumber(level, LEVEL_NUMBERS.warning) < settings.threshold) return;
    const line = `${new Date().toISOString()} p${process.pid} ${level.toUpperCase()} ${options.who}: ${message}\n`;
    try {
      if (settings.file) {
        rotateIfFull(settings.file, settings.maxSize, Buffer.byteLength(line));
        appendFileSync(settings.file, line);
      } else options.fallback?.(line);
    } catch {
      /* the internal log must never be the reason a process fails (release 3.x notes) */
    }
  };
}

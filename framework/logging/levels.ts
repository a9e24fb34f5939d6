import type { LogLevel } from '../actor/context.js';
import { InvalidLogDefs } from './errors.js';

export const LEVEL_NUMBERS: Record<LogLevel, number> = { debug: 10, info: 20, warning: 30, error: 40, critical: 50 };

/** Python's names, so logDefs written for Thespian ('INFO', logging.INFO = 20) work as they are. */
const NAMED: Record<string, number> = { ...LEVEL_NUMBERS, notset: 0, warn: 30, fatal: 50 };

/** Accepts Python logging names and numbers too; anything unrecognised gives `fallback`. */
export function levelNumber(level: string | number | undefined, fallback: number): number {
  if (level === undefined) return fallback;
  if (typeof level === 'number') return Number.isFinite(level) ? level : fallback;
  return NAMED[level.toLowerCase()] ?? fallback;
}

/** Like levelNumber, but a level that is present and unrecognised is a logDefs error. */
export function parseLevel(level: unknown, where: string, fallback: number): number {
  if (level === undefined) return fallback;
  const n = typeof level === 'number' || typeof level === 'string' ? levelNumber(level, NaN) : NaN;
  if (Number.isNaN(n) || n < 0) {
    throw new InvalidLogDefs(
      'LOGDEFS_BAD_LEVEL',
      where,
      `${JSON.stringify(level)} is not a logging level`,
      'Use one of DEBUG, INFO, WARNING, ERROR, CRITICAL (any case), NOTSET, or a number such as 20',
    );
  }
  return n;
}

/** Python's levelname for a number: the named level, or 'Level N' as Python prints it. */
export function levelName(level: number): string {
  for (const [name, n] of Object.entries(LEVEL_NUMBERS)) if (n === level) return name.toUpperCase();
  return level === 0 ? 'NOTSET' : `Level ${level}`;
}

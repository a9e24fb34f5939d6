import type { LogLevel } from '../actor/context.js';

export const LEVEL_NUMBERS: Record<LogLevel, number> = { debug: 10, info: 20, warning: 30, error: 40, critical: 50 };

/** Accepts Python logging names and numbers too, as logDefs written for Thespian use them. */
export function levelNumber(level: string | number | undefined, fallback: number): number {
  if (level === undefined) return fallback;
  if (typeof level === 'number') return level;
  const key = level.toLowerCase() === 'warn' ? 'warning' : level.toLowerCase();
  return LEVEL_NUMBERS[key as LogLevel] ?? fallback;
}

import type { LogLevel } from '../actor/context.js';
import { LEVEL_NUMBERS, levelNumber } from './levels.js';

export interface LogRecord {
  level: LogLevel;
  message: string;
  time: number;
  actorAddress?: string;
  actorClass?: string;
  extra?: Record<string, unknown>;
}

/** The subset of a Python logging dict that matters here: a root level, per-source levels. */
export interface LogDefs {
  level?: string | number;
  actorLevel?: string | number;
  sink?: (record: LogRecord) => void;
}

export interface Logger {
  log(record: LogRecord): void;
  enabled(level: LogLevel): boolean;
}

export function formatRecord(r: LogRecord): string {
  const who = r.actorAddress ? ` ${r.actorClass ?? ''} ${r.actorAddress}` : '';
  return `${new Date(r.time).toISOString()} ${r.level.toUpperCase()}${who}: ${r.message}`;
}

/** `false` disables logging entirely (spec 6.2: leave logging to the test framework). */
export function createLogger(defs: LogDefs | false | undefined): Logger {
  if (defs === false) return { log() {}, enabled: () => false };
  const threshold = levelNumber(defs?.level, LEVEL_NUMBERS.warning);
  const actorThreshold = levelNumber(defs?.actorLevel, threshold);
  const sink = defs?.sink ?? ((r: LogRecord) => process.stderr.write(formatRecord(r) + '\n'));
  return {
    enabled: (level) => LEVEL_NUMBERS[level] >= Math.min(threshold, actorThreshold),
    log(record) {
      const min = record.actorAddress ? actorThreshold : threshold;
      if (LEVEL_NUMBERS[record.level] >= min) sink(record);
    },
  };
}

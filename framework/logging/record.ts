import type { LogLevel } from '../actor/context.js';

/**
 * One log line before formatting. Records made by `this.log` in an actor carry
 * `actorAddress` and `actorClass` (spec 4.13); records from the framework itself do not,
 * which is what the `fromActor` filter tells apart.
 */
export interface LogRecord {
  level: LogLevel;
  message: string;
  time: number;
  actorAddress?: string;
  actorClass?: string;
  extra?: Record<string, unknown>;
}

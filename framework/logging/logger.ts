import type { LogLevel } from '../actor/context.js';
import { compileDictConfig } from './dict-config.js';
import { InvalidLogDefs } from './errors.js';
import { formatRecord } from './format.js';
import { LEVEL_NUMBERS, parseLevel } from './levels.js';
import { isDictConfig, type LogDefs } from './log-defs.js';
import type { LogRecord } from './record.js';

export type { LogRecord } from './record.js';
export type { LogDefs, LogDictConfig, LogShorthand, HandlerDef, FormatterDef, FilterDef, RootDef, LevelSpec } from './log-defs.js';
export { formatRecord } from './format.js';
export { InvalidLogDefs } from './errors.js';

export interface Logger {
  log(record: LogRecord): void;
  enabled(level: LogLevel): boolean;
  /**
   * The lowest level any handler could keep (Infinity: none). Other processes drop records
   * below it before sending, so filtered-out records never cross a process boundary
   * (spec 4.13.1-4.13.2: the logDefs minimum is applied to each actor).
   */
  readonly minLevel: number;
}

const DISABLED: Logger = { log() {}, enabled: () => false, minLevel: Infinity };

function fromShorthand(defs: Extract<LogDefs, { sink?: unknown }> | undefined): Logger {
  const threshold = parseLevel(defs?.level, 'level', LEVEL_NUMBERS.warning);
  const actorThreshold = parseLevel(defs?.actorLevel, 'actorLevel', threshold);
  const sink = defs?.sink ?? ((r: LogRecord) => process.stderr.write(formatRecord(r) + '\n'));
  const minLevel = Math.min(threshold, actorThreshold);
  return {
    minLevel,
    enabled: (level) => LEVEL_NUMBERS[level] >= minLevel,
    log(record) {
      const min = record.actorAddress ? actorThreshold : threshold;
      if (LEVEL_NUMBERS[record.level] >= min) sink(record);
    },
  };
}

/**
 * `false` disables logging entirely (spec 6.2: leave logging to the test framework);
 * undefined is the default (WARNING and above to stderr); otherwise a shorthand or a
 * Python-style dictConfig. A bad logDefs throws InvalidLogDefs here, at system start.
 */
export function createLogger(defs: LogDefs | false | undefined): Logger {
  if (defs === false) return DISABLED;
  if (defs !== undefined && (typeof defs !== 'object' || defs === null)) {
    throw new InvalidLogDefs('LOGDEFS_NOT_OBJECT', '(top level)', `expected an object, got ${typeof defs}`, 'Pass a dictConfig-style object, { level }, or false');
  }
  if (defs === undefined || !isDictConfig(defs)) return fromShorthand(defs);
  const mixed = (['level', 'actorLevel', 'sink'] as const).find((k) => k in defs);
  if (mixed) {
    throw new InvalidLogDefs('LOGDEFS_MIXED', mixed, `'${mixed}' is shorthand but this logDefs is a dictConfig`, `Move it into root (root: { level }) or a handler`);
  }
  const { rootLevel, handlers } = compileDictConfig(defs);
  const minLevel = handlers.length === 0 ? Infinity : Math.max(rootLevel, Math.min(...handlers.map((h) => h.level)));
  return {
    minLevel,
    enabled: (level) => LEVEL_NUMBERS[level] >= minLevel,
    log(record) {
      const n = LEVEL_NUMBERS[record.level];
      if (n < rootLevel) return;
      for (const h of handlers) if (n >= h.level) h.handle(record);
    },
  };
}

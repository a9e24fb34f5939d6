import type { LogRecord } from './record.js';

/** A level as Python's logging takes it: 'INFO', 'info', 20, 'NOTSET'. */
export type LevelSpec = string | number;

/** `%(name)s` fields: asctime, created, msecs, levelname, levelno, message, actorAddress, actorClass, process, name, extras. */
export interface FormatterDef {
  format?: string;
}

/** Selects records; every condition given must hold. Replaces Python's `'()': actorLogFilter` classes. */
export interface FilterDef {
  /** true: only records from `this.log` in an actor (they carry actorAddress); false: only the others. */
  fromActor?: boolean;
  /** Only records from actors of this class. */
  actorClass?: string;
}

/** Python's class names are accepted too, so dictConfigs written for Thespian port unchanged. */
export type HandlerClass = 'console' | 'file' | 'logging.StreamHandler' | 'logging.FileHandler';

export interface HandlerDef {
  class: HandlerClass;
  level?: LevelSpec;
  formatter?: string;
  filters?: string[];
  /** file: the path to append to (created if missing; its directory must exist). */
  filename?: string;
  /** file: 'a' appends (default), 'w' truncates when the system starts. */
  mode?: 'a' | 'w';
  /** console: default 'stderr', as Python's StreamHandler. */
  stream?: 'stderr' | 'stdout' | 'ext://sys.stderr' | 'ext://sys.stdout';
}

export interface RootDef {
  /** Default WARNING, as Python's root logger. */
  level?: LevelSpec;
  handlers?: string[];
}

/** Python's logging.config.dictConfig, the parts that mean something for an actor system. */
export interface LogDictConfig {
  version?: 1;
  formatters?: Record<string, FormatterDef>;
  filters?: Record<string, FilterDef>;
  handlers?: Record<string, HandlerDef>;
  root?: RootDef;
  /** Only the root logger, `''`, exists here (Thespian's examples configure it this way). */
  loggers?: Record<string, RootDef>;
}

/** The original shorthand: a level for framework records, another for actors', one sink. */
export interface LogShorthand {
  level?: LevelSpec;
  actorLevel?: LevelSpec;
  sink?: (record: LogRecord) => void;
}

export type LogDefs = LogShorthand | LogDictConfig;

const DICT_KEYS = ['version', 'formatters', 'filters', 'handlers', 'root', 'loggers'] as const;

export function isDictConfig(defs: LogDefs): defs is LogDictConfig {
  return DICT_KEYS.some((k) => k in defs);
}

import { InvalidLogDefs } from './errors.js';
import { compileFormat, DEFAULT_FORMAT, type Formatter } from './format.js';
import { createHandler, type Handler } from './handlers.js';
import { LEVEL_NUMBERS, parseLevel } from './levels.js';
import type { FilterDef, LogDictConfig, RootDef } from './log-defs.js';

export interface CompiledConfig {
  rootLevel: number;
  handlers: Handler[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function section<T>(defs: LogDictConfig, key: 'formatters' | 'filters' | 'handlers'): Record<string, T> {
  const value = defs[key];
  if (value === undefined) return {};
  if (!isObject(value)) throw new InvalidLogDefs('LOGDEFS_BAD_SECTION', key, 'must be an object of named entries', `Write ${key}: { name: { ... } }`);
  return value as Record<string, T>;
}

/** Only the root logger exists here; `loggers['']` is Thespian's way of writing it. */
function rootOf(defs: LogDictConfig): RootDef {
  const others = Object.keys(defs.loggers ?? {}).filter((k) => k !== '');
  if (others.length > 0) {
    throw new InvalidLogDefs(
      'LOGDEFS_NAMED_LOGGER',
      `loggers.${others[0]}`,
      'named loggers do not exist in thespian-ts: actors and the framework log through one root logger',
      "Configure root: { level, handlers } (or loggers: { '': ... }) and select records with filters such as { fromActor: true }",
    );
  }
  if (defs.root && defs.loggers?.['']) throw new InvalidLogDefs('LOGDEFS_TWO_ROOTS', "loggers['']", 'both root and loggers[\'\'] configure the root logger', 'Keep one of them');
  return defs.root ?? defs.loggers?.[''] ?? {};
}

function filterDef(name: string, def: unknown): FilterDef {
  if (!isObject(def)) throw new InvalidLogDefs('LOGDEFS_BAD_FILTER', `filters.${name}`, 'must be an object', 'Write { fromActor: true } or { actorClass: "MyActor" }');
  if ('()' in def) {
    throw new InvalidLogDefs('LOGDEFS_FILTER_FACTORY', `filters.${name}`, "filter factories ('()') cannot cross processes", "Replace Thespian's actorLogFilter with { fromActor: true } and notActorLogFilter with { fromActor: false }");
  }
  if (def.fromActor !== undefined && typeof def.fromActor !== 'boolean') throw new InvalidLogDefs('LOGDEFS_BAD_FILTER', `filters.${name}.fromActor`, 'must be true or false', 'Write fromActor: true (only actor records) or false (only the others)');
  return def as FilterDef;
}

/** Validates everything before opening any file, then builds the handlers root names. */
export function compileDictConfig(defs: LogDictConfig): CompiledConfig {
  if (defs.version !== undefined && defs.version !== 1) {
    throw new InvalidLogDefs('LOGDEFS_BAD_VERSION', 'version', `version ${JSON.stringify(defs.version)} is not supported`, 'Use version: 1 or leave it out');
  }
  const formatters = new Map<string, Formatter>();
  for (const [name, def] of Object.entries(section<{ format?: unknown }>(defs, 'formatters'))) {
    const format = isObject(def) ? def.format ?? DEFAULT_FORMAT : undefined;
    if (typeof format !== 'string') throw new InvalidLogDefs('LOGDEFS_BAD_FORMATTER', `formatters.${name}.format`, 'must be a string', "Write format: '%(asctime)s %(levelname)s %(message)s'");
    formatters.set(name, compileFormat(format));
  }
  const filters = new Map<string, FilterDef>();
  for (const [name, def] of Object.entries(section<unknown>(defs, 'filters'))) filters.set(name, filterDef(name, def));
  const handlerDefs = section<Record<string, unknown>>(defs, 'handlers');
  const root = rootOf(defs);
  const rootLevel = parseLevel(root.level, 'root.level', LEVEL_NUMBERS.warning);
  for (const h of root.handlers ?? []) {
    if (!(h in handlerDefs)) throw new InvalidLogDefs('LOGDEFS_MISSING_HANDLER', 'root.handlers', `handler '${h}' is not defined`, `Define handlers.${h} or remove it from root.handlers (defined: ${Object.keys(handlerDefs).join(', ') || 'none'})`);
  }
  const checked = Object.entries(handlerDefs).map(([name, def]) => {
    if (!isObject(def)) throw new InvalidLogDefs('LOGDEFS_BAD_HANDLER', `handlers.${name}`, 'must be an object', "Write { class: 'console' } or { class: 'file', filename }");
    const level = parseLevel(def.level, `handlers.${name}.level`, 0);
    const fmtName = def.formatter as string | undefined;
    if (fmtName !== undefined && !formatters.has(fmtName)) {
      throw new InvalidLogDefs('LOGDEFS_MISSING_FORMATTER', `handlers.${name}.formatter`, `formatter '${fmtName}' is not defined`, `Define formatters.${fmtName} or name one of: ${[...formatters.keys()].join(', ') || 'none defined'}`);
    }
    const names = (def.filters ?? []) as string[];
    for (const f of names) {
      if (!filters.has(f)) throw new InvalidLogDefs('LOGDEFS_MISSING_FILTER', `handlers.${name}.filters`, `filter '${f}' is not defined`, `Define filters.${f} or name one of: ${[...filters.keys()].join(', ') || 'none defined'}`);
    }
    return { name, def, level, format: fmtName ? formatters.get(fmtName)! : compileFormat(DEFAULT_FORMAT), filters: names.map((f) => filters.get(f)!) };
  });
  // Python instantiates every configured handler; only the ones root names receive records.
  const built = checked.map((c) => createHandler(c.name, c.def as never, c.level, c.format, c.filters));
  const used = new Set(root.handlers ?? []);
  return { rootLevel, handlers: built.filter((h) => used.has(h.name)) };
}

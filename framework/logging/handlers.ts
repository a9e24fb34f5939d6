import { appendFileSync, writeFileSync } from 'node:fs';
import type { FilterDef, HandlerDef } from './log-defs.js';
import type { LogRecord } from './record.js';
import type { Formatter } from './format.js';
import { InvalidLogDefs } from './errors.js';

export interface Handler {
  readonly name: string;
  readonly level: number;
  handle(record: LogRecord): void;
}

function filterAccepts(f: FilterDef, r: LogRecord): boolean {
  if (f.fromActor !== undefined && f.fromActor !== (r.actorAddress !== undefined)) return false;
  if (f.actorClass !== undefined && f.actorClass !== r.actorClass) return false;
  return true;
}

/**
 * A failing handler (disk full, closed stream) must not break the actor system; like
 * Python's Handler.handleError it reports on stderr and carries on.
 */
function guarded(name: string, write: (line: string) => void): (line: string) => void {
  return (line) => {
    try {
      write(line);
    } catch (err) {
      process.stderr.write(`thespian-ts: log handler '${name}' failed: ${(err as Error).message}\n`);
    }
  };
}

/**
 * Files are written with one synchronous append per record: records reach this process one
 * at a time from the admin, and a sync write means nothing is lost when the process exits
 * right after logging (Python's FileHandler flushes per record for the same reason).
 */
function fileWriter(name: string, def: HandlerDef): (line: string) => void {
  const where = `handlers.${name}.filename`;
  if (typeof def.filename !== 'string' || def.filename === '') {
    throw new InvalidLogDefs('LOGDEFS_FILE_NO_FILENAME', where, `a '${def.class}' handler needs a filename`, "Add filename: '/path/to/app.log'");
  }
  const filename = def.filename;
  try {
    if (def.mode === 'w') writeFileSync(filename, '');
    else appendFileSync(filename, '');
  } catch (err) {
    throw new InvalidLogDefs('LOGDEFS_FILE_UNWRITABLE', where, `cannot open ${filename}: ${(err as Error).message}`, 'Point filename at a writable path whose directory exists');
  }
  return (line) => appendFileSync(filename, line);
}

function consoleWriter(name: string, def: HandlerDef): (line: string) => void {
  const stream = def.stream ?? 'stderr';
  if (stream === 'stdout' || stream === 'ext://sys.stdout') return (line) => process.stdout.write(line);
  if (stream === 'stderr' || stream === 'ext://sys.stderr') return (line) => process.stderr.write(line);
  throw new InvalidLogDefs('LOGDEFS_BAD_STREAM', `handlers.${name}.stream`, `${JSON.stringify(stream)} is not a stream`, "Use 'stderr' or 'stdout'");
}

export function createHandler(name: string, def: HandlerDef, level: number, format: Formatter, filters: FilterDef[]): Handler {
  let writer: (line: string) => void;
  switch (def.class) {
    case 'file':
    case 'logging.FileHandler':
      writer = fileWriter(name, def);
      break;
    case 'console':
    case 'logging.StreamHandler':
      writer = consoleWriter(name, def);
      break;
    default:
      throw new InvalidLogDefs(
        'LOGDEFS_UNKNOWN_HANDLER_CLASS',
        `handlers.${name}.class`,
        `${JSON.stringify((def as { class?: unknown }).class)} is not a handler class`,
        "Use class: 'console' (with stream 'stderr' or 'stdout') or class: 'file' (with filename)",
      );
  }
  const write = guarded(name, writer);
  return {
    name,
    level,
    handle(record) {
      if (filters.every((f) => filterAccepts(f, record))) write(format(record) + '\n');
    },
  };
}

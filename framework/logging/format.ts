import type { LogRecord } from './record.js';
import { LEVEL_NUMBERS } from './levels.js';

/** Python's default formatter string, used by a handler that names no formatter. */
export const DEFAULT_FORMAT = '%(asctime)s %(levelname)s %(message)s';

export type Formatter = (record: LogRecord) => string;

/** Python's `%(asctime)s`: local time, 'YYYY-MM-DD HH:MM:SS,mmm'. */
export function asctime(time: number): string {
  const d = new Date(time);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())},${p(d.getMilliseconds(), 3)}`;
}

/** The attributes a format may name: Python's LogRecord ones that exist here, plus extras. */
function attribute(r: LogRecord, name: string): unknown {
  switch (name) {
    case 'asctime':
      return asctime(r.time);
    case 'created':
      return r.time / 1000;
    case 'msecs':
      return r.time % 1000;
    case 'levelname':
      return r.level.toUpperCase();
    case 'levelno':
      return LEVEL_NUMBERS[r.level];
    case 'message':
    case 'msg':
      return r.message;
    case 'actorAddress':
      return r.actorAddress;
    case 'actorClass':
      return r.actorClass;
    case 'process':
      return process.pid;
    case 'name':
      return 'root';
    default:
      return r.extra?.[name];
  }
}

const SPEC = /%%|%\((\w+)\)([-0 +#]*)(\d+)?(?:\.(\d+))?([sdifr])/g;

/**
 * Compiles a Python %-style format once, so formatting a record is only lookups. A missing
 * attribute (actorAddress on a record from outside any actor) renders as '' rather than
 * failing the way Python's KeyError does: a log line must never be lost to its format.
 */
export function compileFormat(format: string): Formatter {
  const parts: (string | ((r: LogRecord) => string))[] = [];
  let last = 0;
  for (const m of format.matchAll(SPEC)) {
    parts.push(format.slice(last, m.index));
    last = m.index + m[0].length;
    if (m[0] === '%%') {
      parts.push('%');
      continue;
    }
    const [, name = '', flags = '', width, precision, conv] = m;
    const w = width ? Number(width) : 0;
    const left = flags.includes('-');
    parts.push((r) => {
      const v = attribute(r, name);
      let text: string;
      if (conv === 'd' || conv === 'i') text = v === undefined ? '' : String(Math.trunc(Number(v)));
      else if (conv === 'f') text = v === undefined ? '' : Number(v).toFixed(precision ? Number(precision) : 6);
      else text = v === undefined ? '' : typeof v === 'string' ? v : conv === 'r' ? JSON.stringify(v) : String(v);
      if (conv === 's' && precision) text = text.slice(0, Number(precision));
      return left ? text.padEnd(w) : text.padStart(w);
    });
  }
  parts.push(format.slice(last));
  return (r) => parts.map((p) => (typeof p === 'string' ? p : p(r))).join('');
}

/** The shorthand logDefs' line: ISO time, level, and the actor's class and address if any. */
export function formatRecord(r: LogRecord): string {
  const who = r.actorAddress ? ` ${r.actorClass ?? ''} ${r.actorAddress}` : '';
  return `${new Date(r.time).toISOString()} ${r.level.toUpperCase()}${who}: ${r.message}`;
}

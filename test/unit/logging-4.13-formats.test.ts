import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { asctime, compileFormat } from '../../framework/logging/format.js';
import { createLogger, formatRecord } from '../../framework/logging/logger.js';
import { ACTOR, lines, record, tempDir } from './logging-support.js';

describe('4.13 log formats (Python %-style, as logDefs formatters write them)', () => {
  it('4.13 fills levelname, message, actorAddress and actorClass', () => {
    const f = compileFormat('%(levelname)s %(actorClass)s %(actorAddress)s => %(message)s');
    expect(f(record('warning', 'careful', ACTOR))).toBe(`WARNING Worker ${ACTOR.address} => careful`);
  });

  it('4.13 a record from outside any actor renders a missing actorAddress as empty, not an error', () => {
    const f = compileFormat('[%(actorAddress)s] %(message)s');
    expect(f(record('info', 'from the framework'))).toBe('[] from the framework');
  });

  it('4.13 honours width, left alignment, precision, %% and numeric conversions', () => {
    const r = record('info', 'abcdef');
    expect(compileFormat('%(levelname)-8s|')(r)).toBe('INFO    |');
    expect(compileFormat('%(levelname)8s|')(r)).toBe('    INFO|');
    expect(compileFormat('%(message).3s 100%%')(r)).toBe('abc 100%');
    expect(compileFormat('%(levelno)d %(created).1f')(r)).toBe(`20 ${(r.time / 1000).toFixed(1)}`);
  });

  it('4.13 extra fields passed to this.log are formattable by name', () => {
    expect(compileFormat('%(message)s job=%(job)s')(record('info', 'done', undefined, { job: 42 }))).toBe('done job=42');
  });

  it("4.13 asctime is Python's 'YYYY-MM-DD HH:MM:SS,mmm' in local time", () => {
    const t = new Date(2024, 4, 6, 7, 8, 9, 12).getTime();
    expect(asctime(t)).toBe('2024-05-06 07:08:09,012');
  });

  it('4.13 formatRecord (the shorthand line) still names the actor', () => {
    expect(formatRecord(record('error', 'boom', ACTOR))).toMatch(/^2024-01-02T03:04:05.006Z ERROR Worker ActorAddr-\(T\|:1234\): boom$/);
  });

  it('4.13 a file handler writes formatted lines; a handler with no formatter uses the default format', () => {
    const dir = tempDir();
    const shaped = join(dir, 'shaped.log');
    const plain = join(dir, 'plain.log');
    const logger = createLogger({
      version: 1,
      formatters: { short: { format: '%(levelname)s %(actorAddress)s %(message)s' } },
      handlers: { shaped: { class: 'file', filename: shaped, formatter: 'short' }, plain: { class: 'logging.FileHandler', filename: plain } },
      root: { level: 'DEBUG', handlers: ['shaped', 'plain'] },
    });
    logger.log(record('info', 'first', ACTOR));
    logger.log(record('debug', 'second'));
    expect(lines(shaped)).toEqual([`INFO ${ACTOR.address} first`, 'DEBUG  second']);
    expect(lines(plain)).toHaveLength(2);
    expect(lines(plain)[0]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} INFO first$/);
  });

  it("4.13 mode 'w' starts the file afresh; the default appends", () => {
    const file = join(tempDir(), 'app.log');
    const defs = (mode?: 'w') => ({ handlers: { f: { class: 'file' as const, filename: file, formatter: 'm', ...(mode ? { mode } : {}) } }, formatters: { m: { format: '%(message)s' } }, root: { level: 'INFO', handlers: ['f'] } });
    createLogger(defs()).log(record('info', 'one'));
    createLogger(defs()).log(record('info', 'two'));
    expect(lines(file)).toEqual(['one', 'two']);
    createLogger(defs('w')).log(record('info', 'three'));
    expect(lines(file)).toEqual(['three']);
  });
});

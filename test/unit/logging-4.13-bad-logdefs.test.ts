import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ActorSystem } from 'thespian-ts';
import { createLogger, InvalidLogDefs, type LogDefs } from '../../framework/logging/logger.js';
import { tempDir } from './logging-support.js';

function failure(defs: unknown): InvalidLogDefs {
  try {
    createLogger(defs as LogDefs);
  } catch (err) {
    expect(err).toBeInstanceOf(InvalidLogDefs);
    return err as InvalidLogDefs;
  }
  throw new Error('expected createLogger to reject this logDefs');
}

describe('4.13 a bad logDefs is a clear error: what, where, how to fix', () => {
  it('4.13 an unknown handler class', () => {
    const e = failure({ handlers: { out: { class: 'logging.handlers.SysLogHandler' } }, root: { handlers: ['out'] } });
    expect(e.code).toBe('LOGDEFS_UNKNOWN_HANDLER_CLASS');
    expect(e.where).toBe('handlers.out.class');
    expect(e.message).toMatch(/SysLogHandler.*Use class: 'console'/);
  });

  it('4.13 a handler naming a missing formatter, or a missing filter', () => {
    const f = failure({ formatters: { a: { format: '%(message)s' } }, handlers: { h: { class: 'console', formatter: 'b' } }, root: { handlers: ['h'] } });
    expect([f.code, f.where]).toEqual(['LOGDEFS_MISSING_FORMATTER', 'handlers.h.formatter']);
    expect(f.message).toContain('one of: a');
    const g = failure({ handlers: { h: { class: 'console', filters: ['isActor'] } }, root: { handlers: ['h'] } });
    expect([g.code, g.where]).toEqual(['LOGDEFS_MISSING_FILTER', 'handlers.h.filters']);
  });

  it('4.13 root naming a missing handler', () => {
    const e = failure({ handlers: { h: { class: 'console' } }, root: { handlers: ['h', 'nope'] } });
    expect([e.code, e.where]).toEqual(['LOGDEFS_MISSING_HANDLER', 'root.handlers']);
    expect(e.message).toContain('defined: h');
  });

  it('4.13 a bad level, wherever it is', () => {
    expect(failure({ handlers: { h: { class: 'console', level: 'LOUD' } }, root: { handlers: ['h'] } }).where).toBe('handlers.h.level');
    expect(failure({ root: { level: -5 } }).code).toBe('LOGDEFS_BAD_LEVEL');
    expect(failure({ level: 'verbose' }).where).toBe('level');
  });

  it("4.13 Python filter factories ('()'), named loggers, file handlers without a usable file, mixed shorthand", () => {
    expect(failure({ filters: { a: { '()': 'x' } } }).message).toContain('fromActor: true');
    expect(failure({ loggers: { 'my.module': { level: 'INFO' } } }).code).toBe('LOGDEFS_NAMED_LOGGER');
    expect(failure({ handlers: { f: { class: 'file' } } }).code).toBe('LOGDEFS_FILE_NO_FILENAME');
    expect(failure({ handlers: { f: { class: 'file', filename: join(tempDir(), 'no/such/dir/x.log') } } }).code).toBe('LOGDEFS_FILE_UNWRITABLE');
    expect(failure({ level: 'info', root: { level: 'info' } }).code).toBe('LOGDEFS_MIXED');
    expect(failure({ version: 2 }).code).toBe('LOGDEFS_BAD_VERSION');
  });

  it('4.13 ActorSystem.start rejects with the same error, before any actor runs', async () => {
    await expect(
      ActorSystem.start({ base: 'simpleSystemBase', transientUnique: true, logDefs: { handlers: { h: { class: 'console', formatter: 'gone' } }, root: { handlers: ['h'] } } }),
    ).rejects.toMatchObject({ code: 'LOGDEFS_MISSING_FORMATTER' });
  });
});

import { describe, expect, it } from 'vitest';
import { createLogger, type LogRecord } from '../../framework/logging/logger.js';
import { levelName, levelNumber } from '../../framework/logging/levels.js';
import { ACTOR, record } from './logging-support.js';

const sinkDefs = (root: string | number, handlerLevels: (string | number | undefined)[]) => ({
  handlers: Object.fromEntries(handlerLevels.map((level, i) => [`h${i}`, { class: 'console' as const, stream: 'stderr' as const, ...(level !== undefined ? { level } : {}) }])),
  root: { level: root, handlers: handlerLevels.map((_, i) => `h${i}`) },
});

describe('4.13.1 logging level management', () => {
  it("4.13.1 Python's level names (any case), NOTSET and numbers are all levels", () => {
    expect(['DEBUG', 'info', 'Warning', 'WARN', 'error', 'CRITICAL', 'NOTSET', 25].map((l) => levelNumber(l, -1))).toEqual([10, 20, 30, 30, 40, 50, 0, 25]);
    expect(levelName(30)).toBe('WARNING');
    expect(levelName(25)).toBe('Level 25');
  });

  it('4.13.1 the forwarding minimum is the root level raised to the lowest handler level', () => {
    expect(createLogger(sinkDefs('DEBUG', ['ERROR', 'INFO'])).minLevel).toBe(20);
    expect(createLogger(sinkDefs('WARNING', ['DEBUG'])).minLevel).toBe(30);
    // A handler without a level is Python's 0, so the root level decides.
    expect(createLogger(sinkDefs('INFO', [undefined])).minLevel).toBe(20);
    // Root defaults to WARNING, as Python's root logger.
    expect(createLogger({ handlers: { h: { class: 'console' } }, root: { handlers: ['h'] } }).minLevel).toBe(30);
  });

  it('4.13.1 no handler on root, or logDefs false, means nothing is wanted (Infinity): actors send nothing', () => {
    expect(createLogger({ handlers: { h: { class: 'console' } } }).minLevel).toBe(Infinity);
    expect(createLogger(false).minLevel).toBe(Infinity);
    expect(createLogger(false).enabled('critical')).toBe(false);
  });

  it('4.13.1 root and handler thresholds both apply to each record', () => {
    const seen: string[] = [];
    const write = process.stderr.write;
    process.stderr.write = ((s: string) => (seen.push(s), true)) as typeof process.stderr.write;
    try {
      const logger = createLogger({ formatters: { m: { format: '%(message)s' } }, handlers: { h: { class: 'console', level: 'ERROR', formatter: 'm' } }, root: { level: 'INFO', handlers: ['h'] } });
      for (const lv of ['debug', 'info', 'warning', 'error', 'critical'] as const) logger.log(record(lv, lv));
      expect(logger.enabled('warning')).toBe(false);
      expect(logger.enabled('error')).toBe(true);
    } finally {
      process.stderr.write = write;
    }
    expect(seen).toEqual(['error\n', 'critical\n']);
  });

  it('4.13.1 the shorthand {level, actorLevel, sink} keeps its meaning: separate thresholds for actor records', () => {
    const got: LogRecord[] = [];
    const logger = createLogger({ level: 'error', actorLevel: 'info', sink: (r) => got.push(r) });
    logger.log(record('warning', 'framework warning'));
    logger.log(record('info', 'actor info', ACTOR));
    logger.log(record('debug', 'actor debug', ACTOR));
    expect(got.map((r) => r.message)).toEqual(['actor info']);
    expect(logger.minLevel).toBe(20);
    expect(createLogger(undefined).minLevel).toBe(30);
  });
});

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ActorSystem } from 'thespian-ts';
import { createLogger, type LogDefs } from '../../framework/logging/logger.js';
import { LevelLogger } from '../fixtures/logging-actors.js';
import { ACTOR, lines, record, tempDir } from './logging-support.js';

/** Spec 4.13's example, with { fromActor } filters in place of the Python filter classes. */
function specExample(file: string): LogDefs {
  return {
    version: 1,
    formatters: { normal: { format: '%(levelname)-8s %(message)s' }, actor: { format: '%(levelname)-8s %(actorAddress)s => %(message)s' } },
    filters: { isActorLog: { fromActor: true }, notActorLog: { fromActor: false } },
    handlers: {
      h1: { class: 'file', filename: file, formatter: 'normal', filters: ['notActorLog'], level: 'INFO' },
      h2: { class: 'file', filename: file, formatter: 'actor', filters: ['isActorLog'], level: 'INFO' },
    },
    loggers: { '': { handlers: ['h1', 'h2'], level: 'DEBUG' } },
  };
}

describe('4.13 filters: choosing records by where they come from', () => {
  it("4.13 the spec's two-handler example gives each record exactly one, rightly formatted, line", () => {
    const file = join(tempDir(), 'example.log');
    const logger = createLogger(specExample(file));
    logger.log(record('info', 'system line'));
    logger.log(record('warning', 'actor line', ACTOR));
    logger.log(record('debug', 'below the handlers'));
    expect(lines(file)).toEqual(['INFO     system line', `WARNING  ${ACTOR.address} => actor line`]);
  });

  it('4.13 a filter on actorClass keeps only that class; all of a handler\'s filters must pass', () => {
    const file = join(tempDir(), 'workers.log');
    const logger = createLogger({
      formatters: { m: { format: '%(actorClass)s %(message)s' } },
      filters: { workers: { actorClass: 'Worker' }, actors: { fromActor: true } },
      handlers: { f: { class: 'file', filename: file, formatter: 'm', filters: ['actors', 'workers'] } },
      root: { level: 'DEBUG', handlers: ['f'] },
    });
    logger.log(record('info', 'kept', ACTOR));
    logger.log(record('info', 'other class', { address: 'x', cls: 'Other' }));
    logger.log(record('info', 'not an actor'));
    expect(lines(file)).toEqual(['Worker kept']);
  });

  it('4.13 on simpleSystemBase this.log fills actorAddress and actorClass for the formatter', async () => {
    const file = join(tempDir(), 'simple.log');
    const asys = await ActorSystem.start({ base: 'simpleSystemBase', transientUnique: true, logDefs: specExample(file) });
    try {
      const a = await asys.createActor(LevelLogger);
      expect(await asys.ask(a, 'tagS', 2000)).toBe('logged tagS');
      const got = lines(file).filter((l) => l.includes('tagS'));
      expect(got).toEqual(['info', 'warning', 'error', 'critical'].map((lv) => `${lv.toUpperCase().padEnd(8)} ${String(a)} => tagS ${lv} line`));
    } finally {
      await asys.shutdown();
    }
  });
});

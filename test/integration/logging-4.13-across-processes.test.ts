import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ActorSystem, type LogDefs } from 'thespian-ts';
import { LevelLogger } from '../fixtures/logging-actors.js';
import { lines, tempDir } from '../unit/logging-support.js';

/** Polls until `ok` holds or the deadline passes; the caller asserts on what it returns. */
async function eventually<T>(probe: () => T, ok: (v: T) => boolean, ms = 8000): Promise<T> {
  const until = Date.now() + ms;
  let v = probe();
  while (!ok(v) && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 50));
    v = probe();
  }
  return v;
}

/** Actor records only, at INFO and above, with the address the formatter reads from each record. */
function fileDefs(file: string): LogDefs {
  return {
    version: 1,
    formatters: { actor: { format: '%(levelname)s|%(actorClass)s|%(actorAddress)s|%(message)s' } },
    filters: { isActorLog: { fromActor: true } },
    handlers: { central: { class: 'file', filename: file, formatter: 'actor', filters: ['isActorLog'], level: 'INFO' } },
    root: { level: 'DEBUG', handlers: ['central'] },
  };
}

const savedEnv = { ...process.env };

describe.each(['multiprocTCPBase', 'multiprocQueueBase'] as const)('4.13 logging across processes on %s', (base) => {
  let asys: ActorSystem | undefined;
  afterEach(async () => {
    await asys?.shutdown();
    asys = undefined;
    for (const k of ['THESPLOG_FILE', 'THESPLOG_THRESHOLD', 'THESPLOG_FILE_MAXSIZE']) {
      if (savedEnv[k] === undefined) delete process.env[k];
      else process.env[k] = savedEnv[k];
    }
  });

  it('4.13 records from two actor processes reach the starter\'s file handler, above the threshold, with actorAddress', async () => {
    const dir = tempDir();
    const file = join(dir, 'central.log');
    asys = await ActorSystem.start({ base, transientUnique: true, logDefs: fileDefs(file) });
    const a = await asys.createActor(LevelLogger);
    const b = await asys.createActor(LevelLogger);
    expect(await asys.ask(a, 'tagA', 5000)).toBe('logged tagA');
    expect(await asys.ask(b, 'tagB', 5000)).toBe('logged tagB');
    // CRITICAL is each actor's last record; records of one actor arrive in order.
    const got = await eventually(
      () => lines(file),
      (l) => l.some((x) => x.includes('tagA critical')) && l.some((x) => x.includes('tagB critical')),
    );
    for (const [addr, tag] of [[a, 'tagA'], [b, 'tagB']] as const) {
      expect(got.filter((l) => l.includes(tag))).toEqual(
        ['info', 'warning', 'error', 'critical'].map((lv) => `${lv.toUpperCase()}|LevelLogger|${String(addr)}|${tag} ${lv} line`),
      );
    }
    expect(got.some((l) => l.includes('debug'))).toBe(false);
  });

  it.runIf(base === 'multiprocTCPBase')("4.13.3 THESPLOG_FILE receives the admin's own lines at THESPLOG_THRESHOLD and above", async () => {
    const dir = tempDir();
    const thesplog = join(dir, 'thespian.log');
    process.env.THESPLOG_FILE = thesplog;
    process.env.THESPLOG_THRESHOLD = 'WARNING';
    asys = await ActorSystem.start({ base, transientUnique: true, logDefs: fileDefs(join(dir, 'central.log')) });
    // The admin's own warning: a read-only capability cannot be changed (spec 9.1).
    await asys.updateCapability('Thespian Version', 'bogus');
    const a = await asys.createActor(LevelLogger);
    expect(await asys.ask(a, 'tagT', 5000)).toBe('logged tagT');
    const got = await eventually(
      () => lines(thesplog),
      (l) => l.some((x) => x.includes('tagT critical')) && l.some((x) => x.includes('Thespian Version')),
    );
    expect(got.find((l) => l.includes('Thespian Version'))).toMatch(/^\S+ p\d+ WARNING admin: updateCapability\('Thespian Version'\) ignored/);
    // The admin also keeps actors' records at its threshold: warning and up, not info.
    expect(got.filter((l) => l.includes('tagT')).map((l) => /tagT (\w+) line/.exec(l)![1])).toEqual(['warning', 'error', 'critical']);
    const adminPid = (await asys.status()).pid;
    expect(got.every((l) => l.includes(` p${adminPid} `))).toBe(true);
  });
});

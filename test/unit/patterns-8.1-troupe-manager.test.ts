import { describe, expect, it } from 'vitest';
import { ActorAddress } from 'thespian-ts';
import { TroupeManager, type TroupePort, type WorkItem } from '../../framework/patterns/troupe-manager.js';

/** A port that records what the leader would do, with a clock the test moves. */
function harness(settings = { maxCount: 3, idleCount: 1, lingerMs: 100 }) {
  const log: string[] = [];
  const assigned: { worker: string; item: WorkItem }[] = [];
  let created = 0;
  let clock = 0;
  const port: TroupePort = {
    createWorker: () => new ActorAddress(`w${++created}`),
    assign: (w, item) => {
      assigned.push({ worker: w.key, item });
      log.push(`assign ${String(item.message)} -> ${w.key}`);
    },
    dismiss: (w) => log.push(`dismiss ${w.key}`),
    wakeupAfter: (ms) => log.push(`wakeup ${ms}`),
    fail: (item, reason) => log.push(`fail ${String(item.message)}: ${reason}`),
    now: () => clock,
  };
  const m = new TroupeManager('T', { ...settings }, port);
  const client = new ActorAddress('client');
  return {
    m,
    log,
    assigned,
    client,
    tick: (ms: number) => (clock += ms),
    addr: (key: string) => new ActorAddress(key),
    idOf: (msg: string) => assigned.filter((a) => a.item.message === msg).at(-1)!.item.id,
  };
}

describe('8.1 Actor Troupe Support: the leader bookkeeping', () => {
  it('creates workers only when none is idle, never more than maxCount, and queues the rest', () => {
    const h = harness();
    for (const m of ['a', 'b', 'c', 'd']) h.m.submit(m, h.client);
    expect(h.log).toEqual(['assign a -> w1', 'assign b -> w2', 'assign c -> w3']);
    expect(h.m.pendingCount).toBe(1);
    h.m.ready(h.addr('w2'), h.idOf('b'));
    expect(h.log.at(-1)).toBe('assign d -> w2');
  });

  it('ignores a stale or repeated ready report', () => {
    const h = harness();
    h.m.submit('a', h.client);
    const id = h.idOf('a');
    h.m.ready(h.addr('w1'), id);
    h.m.submit('b', h.client);
    h.m.ready(h.addr('w1'), id); // the old work again: w1 is busy with b
    h.m.submit('c', h.client);
    expect(h.log).toEqual(['assign a -> w1', 'assign b -> w1', 'assign c -> w2']);
  });

  it('dismisses workers beyond idleCount only after they linger lingerMs', () => {
    const h = harness();
    for (const m of ['a', 'b', 'c']) h.m.submit(m, h.client);
    h.m.ready(h.addr('w1'), h.idOf('a'));
    h.tick(50);
    h.m.ready(h.addr('w2'), h.idOf('b'));
    expect(h.log.at(-1)).toBe('wakeup 100');
    h.tick(60); // w1 idle 110 ms, w2 idle 60 ms: only one extra, the oldest goes
    h.m.dismissCheck();
    expect(h.log.slice(-1)).toEqual(['dismiss w1']);
    h.m.ready(h.addr('w3'), h.idOf('c'));
    h.m.dismissCheck(); // w2 (idle 60 ms) is now the extra one: re-armed for the rest of its linger
    expect(h.log.at(-1)).toBe('wakeup 40');
    h.tick(100);
    h.m.dismissCheck();
    expect(h.log.at(-1)).toBe('dismiss w2');
    expect(h.m.workerCount).toBe(1);
  });

  it('a lowered maxCount retires workers as they finish', () => {
    const h = harness({ maxCount: 3, idleCount: 3, lingerMs: 100 });
    for (const m of ['a', 'b', 'c']) h.m.submit(m, h.client);
    h.m.update({ maxCount: 1 });
    h.m.ready(h.addr('w1'), h.idOf('a'));
    h.m.ready(h.addr('w2'), h.idOf('b'));
    h.m.ready(h.addr('w3'), h.idOf('c'));
    expect(h.log.filter((l) => l.startsWith('dismiss'))).toEqual(['dismiss w1', 'dismiss w2']);
    expect(h.m.workerCount).toBe(1);
  });

  it('re-runs the work of a worker that exited once, and gives up with a clear reason the second time', () => {
    const h = harness();
    h.m.submit('a', h.client);
    expect(h.m.workerExited(h.addr('w1'))).toBe(true);
    expect(h.log.at(-1)).toBe('assign a -> w2');
    h.m.workerExited(h.addr('w2'));
    expect(h.log.at(-1)).toMatch(/^fail a: T: two troupe workers exited while handling it/);
    expect(h.m.workerExited(h.addr('not-a-worker'))).toBe(false);
  });

  it('a poisoned worker reports the failure and takes the next queued work', () => {
    const h = harness({ maxCount: 1, idleCount: 1, lingerMs: 100 });
    h.m.submit('a', h.client);
    h.m.submit('b', h.client);
    h.m.poisoned(h.addr('w1'), h.idOf('a'), 'it broke');
    expect(h.log.slice(-2)).toEqual(['fail a: it broke', 'assign b -> w1']);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ActorAddress, ActorSystem } from 'thespian-ts';
import { BatchWorker, Task, TaskDone } from '../../samples/troupe-workers/batch-worker.js';
import { PATTERN_BASES, startSystem } from './patterns-support.js';

/** Sends `count` tasks at once and waits for all; resolves with elapsed ms and workers used. */
async function batch(asys: ActorSystem, troupe: ActorAddress, kind: 'cpu' | 'io', count: number, ms: number) {
  const start = performance.now();
  for (let i = 0; i < count; i++) await asys.tell(troupe, new Task(i, kind, ms));
  const ids: number[] = [];
  const workers = new Set<string>();
  for (let i = 0; i < count; i++) {
    const done = await asys.listen(30_000);
    expect(done).toBeInstanceOf(TaskDone);
    ids.push((done as TaskDone).id);
    workers.add((done as TaskDone).worker);
  }
  return { elapsed: performance.now() - start, ids: ids.sort((a, b) => a - b), workers: workers.size };
}

/**
 * The speed-up a troupe exists for. CPU-bound work can only overlap when workers are
 * separate processes: on the simpleSystemBase (one thread) this suite checks correctness
 * only; on a multi-process base it also expects 8 tasks on 4 workers to take well under the
 * serial time. Async (I/O-bound) work overlaps on every base, so that bound applies to all.
 */
describe.each(PATTERN_BASES)('8.1 Actor Troupe Support: parallel work (%s)', (base) => {
  const singleThreaded = base === 'simpleSystemBase';
  let asys: ActorSystem;
  beforeEach(async () => {
    asys = await startSystem(base);
  });
  afterEach(async () => {
    await asys.shutdown();
  });

  it('CPU-bound tasks: every task done once; N / maxCount of the serial time on multi-process bases', async () => {
    const troupe = await asys.createActor(BatchWorker);
    await asys.ask(troupe, 'troupe:set_max_count=1', 5000);
    const serial = await batch(asys, troupe, 'cpu', 8, 100);
    await asys.ask(troupe, 'troupe:set_max_count=4', 5000);
    const parallel = await batch(asys, troupe, 'cpu', 8, 100);
    expect(serial.ids).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(parallel.ids).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(serial.workers).toBe(1);
    if (!singleThreaded) {
      expect(parallel.workers).toBe(4);
      expect(parallel.elapsed).toBeLessThan(serial.elapsed * 0.6); // ideal is 0.25
    }
  });

  it('I/O-bound (async) tasks overlap across workers, even on one thread', async () => {
    const troupe = await asys.createActor(BatchWorker);
    await asys.ask(troupe, 'troupe:set_max_count=4', 5000);
    const run = await batch(asys, troupe, 'io', 8, 250);
    expect(run.ids).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(run.workers).toBe(4);
    expect(run.elapsed).toBeLessThan(8 * 250 * 0.6); // serial would be 2000 ms; ideal is 500
  });
});

import { availableParallelism } from 'node:os';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ActorAddress, ActorSystem } from 'thespian-ts';
import { BatchWorker, iterationsFor, Task, TaskDone } from '../../samples/troupe-workers/batch-worker.js';
import { BASES, eventually, REPLY_MS, startSystem } from '../support/systems.js';

/** Sends `count` tasks at once and waits for all; resolves with elapsed ms and workers used. */
async function batch(asys: ActorSystem, troupe: ActorAddress, kind: 'cpu' | 'io', count: number, ms: number, iterations = 0) {
  const start = performance.now();
  for (let i = 0; i < count; i++) await asys.tell(troupe, new Task(i, kind, ms, iterations));
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

/** One CPU task's work, in ms of one core: long enough to dwarf the per-message overhead. */
const TASK_MS = 100;

/** The simpleSystemBase runs every actor on the caller's thread. */
const singleThreadedBase = (base: string): boolean => base === 'simpleSystemBase';

/**
 * Starts four workers, keeps them (idle_count) and warms them up with a first batch of
 * `kind` work. On a multi-process base each worker is a process: back-to-back creations wait
 * for process boot, a fresh process runs its first CPU work several
 * times slower (its code is not yet optimised), and the base then boots a new warm spare.
 * Timing any of that would measure process start-up, not the troupe's parallelism.
 */
async function fourWarmWorkers(base: string, asys: ActorSystem, troupe: ActorAddress, kind: 'cpu' | 'io', iterations = 0): Promise<void> {
  expect(await asys.ask(troupe, 'troupe:set_idle_count=4', REPLY_MS)).toBe('Set troupe idle_count to 4');
  expect(await asys.ask(troupe, 'troupe:set_max_count=4', REPLY_MS)).toBe('Set troupe max_count to 4');
  const warm = await batch(asys, troupe, kind, kind === 'cpu' ? 8 : 4, TASK_MS, iterations);
  // On one thread a blocking task is over before the next is dispatched, so fewer may start.
  if (!(singleThreadedBase(base) && kind === 'cpu')) expect(warm.workers).toBe(4);
  // I/O-bound work hardly competes with the spare pool's refill for the CPU; CPU work does:
  // wait until no spare process is booting before anything is timed.
  if (!singleThreadedBase(base) && kind === 'cpu') {
    await eventually(async () => (await asys.status()).counters.bootingSpares ?? 0, (booting) => booting === 0, 30_000);
  }
}

/**
 * The speed-up a troupe exists for. CPU-bound work can only overlap when workers are
 * separate processes: on the simpleSystemBase (one thread) this suite checks correctness
 * only; on a multi-process base it also expects 8 tasks on 4 workers to take well under the
 * serial time. Async (I/O-bound) work overlaps on every base, so that bound applies to all.
 */
describe.each(BASES)('8.1 Actor Troupe Support: parallel work (%s)', (base) => {
  const singleThreaded = singleThreadedBase(base);
  let asys: ActorSystem;
  beforeEach(async () => {
    asys = await startSystem(base);
  });
  afterEach(async () => {
    await asys.shutdown();
  });

  it('CPU-bound tasks: every task done once; N / maxCount of the serial time on multi-process bases', async () => {
    const work = iterationsFor(TASK_MS); // one fixed amount of work per task for every batch: see Task
    const wide = await asys.createActor(BatchWorker);
    await fourWarmWorkers(base, asys, wide, 'cpu', work);
    // A second troupe of one warm worker times the serial run, so the two can alternate.
    const narrow = await asys.createActor(BatchWorker);
    expect(await asys.ask(narrow, 'troupe:set_max_count=1', REPLY_MS)).toBe('Set troupe max_count to 1');
    await batch(asys, narrow, 'cpu', 4, TASK_MS, work);
    // The machine is shared: best of three alternating rounds, so a burst of someone else's
    // load during one batch does not decide the comparison.
    let serial: Awaited<ReturnType<typeof batch>> | undefined;
    let parallel: Awaited<ReturnType<typeof batch>> | undefined;
    for (let round = 0; round < (singleThreaded ? 1 : 3); round++) {
      const p = await batch(asys, wide, 'cpu', 8, TASK_MS, work);
      const s = await batch(asys, narrow, 'cpu', 8, TASK_MS, work);
      if (!parallel || p.elapsed < parallel.elapsed) parallel = p;
      if (!serial || s.elapsed < serial.elapsed) serial = s;
    }
    expect(serial!.ids).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(parallel!.ids).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(serial!.workers).toBe(1);
    if (!singleThreaded) {
      expect(parallel!.workers).toBe(4);
      // Ideal is 1/4 of the serial time, but four busy processes cannot beat the machine's
      // cores (1/2 on two cores); the bound leaves a generous margin above that for a shared machine.
      const ideal = 1 / Math.min(4, availableParallelism());
      expect(parallel!.elapsed).toBeLessThan(serial!.elapsed * Math.min(0.8, ideal + 0.3));
    }
  });

  it('I/O-bound (async) tasks overlap across workers, even on one thread', async () => {
    const troupe = await asys.createActor(BatchWorker);
    await fourWarmWorkers(base, asys, troupe, 'io');
    const run = await batch(asys, troupe, 'io', 8, 250);
    expect(run.ids).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(run.workers).toBe(4);
    expect(run.elapsed).toBeLessThan(8 * 250 * 0.6); // serial would be 2000 ms; ideal is 500
  });
});

import type { ActorAddress, ActorSystem } from 'thespian-ts';
import { BatchWorker, iterationsFor, Task, TaskDone } from './batch-worker.js';

export interface SpeedupOptions {
  tasks?: number;
  taskMs?: number;
  rounds?: number;
  /** Progress lines (the sample prints them; the bench keeps quiet). */
  log?: (line: string) => void;
}

/** Sends the whole batch at once and waits for every TaskDone; returns ms and workers used. */
async function runBatch(asys: ActorSystem, troupe: ActorAddress, kind: 'cpu' | 'io', tasks: number, taskMs: number, iterations: number): Promise<{ ms: number; workers: number }> {
  const start = performance.now();
  for (let i = 0; i < tasks; i++) await asys.tell(troupe, new Task(i, kind, taskMs, iterations));
  const workers = new Set<string>();
  for (let got = 0; got < tasks; got++) {
    const done = await asys.listen(30_000);
    if (!(done instanceof TaskDone)) throw new Error(`batch stalled after ${got} of ${tasks} tasks (got ${String(done)})`);
    workers.add(done.worker);
  }
  return { ms: performance.now() - start, workers: workers.size };
}

/**
 * How much faster a troupe of four BatchWorkers does a batch than a troupe of one, on
 * `asys`'s base. Both troupes are warmed by a first batch (on a multi-process base a fresh
 * worker process runs its first CPU work several times slower), then they alternate for
 * `rounds` rounds and the best of each counts, so a burst of other load on the machine
 * during one batch does not decide the figure.
 */
export async function measureSpeedup(asys: ActorSystem, kind: 'cpu' | 'io', options: SpeedupOptions = {}): Promise<{ serialMs: number; parallelMs: number; speedup: number }> {
  const { tasks = 8, taskMs = 150, rounds = 3, log = () => {} } = options;
  // Measured once, so every batch does exactly the same amount of CPU work.
  const iterations = kind === 'cpu' ? iterationsFor(taskMs) : 0;
  const warmTroupe = async (count: number): Promise<ActorAddress> => {
    const troupe = await asys.createActor(BatchWorker);
    // The counts can be changed at run time with the spec's text messages (spec 8.1).
    log(String(await asys.ask(troupe, `troupe:set_max_count=${count}`, 5000)));
    log(String(await asys.ask(troupe, `troupe:set_idle_count=${count}`, 5000)));
    const warm = await runBatch(asys, troupe, kind, tasks, taskMs, iterations);
    log(`  warm-up of ${warm.workers} worker(s): ${warm.ms.toFixed(0)} ms`);
    return troupe;
  };
  const wide = await warmTroupe(4);
  const narrow = await warmTroupe(1);
  let best = { serial: Infinity, parallel: Infinity };
  for (let round = 1; round <= rounds; round++) {
    const parallel = await runBatch(asys, wide, kind, tasks, taskMs, iterations);
    const serial = await runBatch(asys, narrow, kind, tasks, taskMs, iterations);
    log(`  round ${round}: ${parallel.workers} workers ${parallel.ms.toFixed(0)} ms, 1 worker ${serial.ms.toFixed(0)} ms`);
    best = { serial: Math.min(best.serial, serial.ms), parallel: Math.min(best.parallel, parallel.ms) };
  }
  return { serialMs: best.serial, parallelMs: best.parallel, speedup: best.serial / best.parallel };
}

import { ActorSystem, type ActorAddress } from 'thespian-ts';
import { BatchWorker, iterationsFor, Task, TaskDone } from './batch-worker.js';

const TASKS = 8;
const TASK_MS = 150;
const ROUNDS = 3;
/** Measured once, so every batch does exactly the same amount of CPU work. */
let iterations = 0;

/** Sends the whole batch at once and waits for every TaskDone; returns ms and workers used. */
async function runBatch(asys: ActorSystem, troupe: ActorAddress, kind: 'cpu' | 'io', tasks = TASKS): Promise<{ ms: number; workers: number }> {
  const start = performance.now();
  for (let i = 0; i < tasks; i++) await asys.tell(troupe, new Task(i, kind, TASK_MS, iterations));
  const workers = new Set<string>();
  for (let got = 0; got < tasks; got++) {
    const done = await asys.listen(30_000);
    if (!(done instanceof TaskDone)) throw new Error(`batch stalled after ${got} of ${tasks} tasks (got ${String(done)})`);
    workers.add(done.worker);
  }
  return { ms: performance.now() - start, workers: workers.size };
}

/** A troupe of BatchWorkers with `count` workers, started and warmed up by a first batch. */
async function warmTroupe(asys: ActorSystem, kind: 'cpu' | 'io', count: number): Promise<ActorAddress> {
  const troupe = await asys.createActor(BatchWorker);
  // The counts can be changed at run time with the spec's text messages (spec 8.1).
  console.log(await asys.ask(troupe, `troupe:set_max_count=${count}`, 5000));
  console.log(await asys.ask(troupe, `troupe:set_idle_count=${count}`, 5000));
  // On a multi-process base each worker is a process: the first batch starts them, and a
  // fresh process runs its first CPU work several times slower (its code is not optimised
  // yet). Timing that would measure process start-up, not the troupe's parallelism.
  const warm = await runBatch(asys, troupe, kind);
  console.log(`  warm-up of ${warm.workers} worker(s): ${warm.ms.toFixed(0)} ms`);
  return troupe;
}

/** Usage: tsx samples/troupe-workers/main.ts [base] [cpu|io] */
async function main(): Promise<void> {
  const base = process.argv[2] ?? 'simpleSystemBase';
  const kind = (process.argv[3] ?? (base === 'simpleSystemBase' ? 'io' : 'cpu')) as 'cpu' | 'io';
  const asys = await ActorSystem.start({ base, logDefs: false, transientUnique: true });
  try {
    if (kind === 'cpu') iterations = iterationsFor(TASK_MS);
    console.log(`${base}: ${TASKS} ${kind} tasks of ${TASK_MS} ms each`);
    const wide = await warmTroupe(asys, kind, 4);
    const narrow = await warmTroupe(asys, kind, 1);
    // The base boots fresh spare processes after those creations; let that finish first.
    if (base !== 'simpleSystemBase') await new Promise((r) => setTimeout(r, 1000));
    // Alternating rounds, best of each: a burst of other load on the machine during one
    // batch then does not decide the figure.
    let best = { serial: Infinity, parallel: Infinity };
    for (let round = 1; round <= ROUNDS; round++) {
      const parallel = await runBatch(asys, wide, kind);
      const serial = await runBatch(asys, narrow, kind);
      console.log(`  round ${round}: ${parallel.workers} workers ${parallel.ms.toFixed(0)} ms, 1 worker ${serial.ms.toFixed(0)} ms`);
      best = { serial: Math.min(best.serial, serial.ms), parallel: Math.min(best.parallel, parallel.ms) };
    }
    console.log(`  speed-up:  ${(best.serial / best.parallel).toFixed(2)}x (best of ${ROUNDS} rounds each)`);
    if (kind === 'cpu' && base === 'simpleSystemBase') {
      console.log('  (the simpleSystemBase runs every actor on one thread: CPU-bound work cannot overlap; try io, or a multiproc base)');
    }
  } finally {
    await asys.shutdown();
  }
}

await main();

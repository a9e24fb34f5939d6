import { ActorSystem, type ActorAddress } from 'thespian-ts';
import { BatchWorker, iterationsFor, Task, TaskDone } from './batch-worker.js';

const TASKS = 8;
const TASK_MS = 150;
/** Measured once, so both batches do exactly the same amount of CPU work. */
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

/** Usage: tsx samples/troupe-workers/main.ts [base] [cpu|io] */
async function main(): Promise<void> {
  const base = process.argv[2] ?? 'simpleSystemBase';
  const kind = (process.argv[3] ?? (base === 'simpleSystemBase' ? 'io' : 'cpu')) as 'cpu' | 'io';
  const asys = await ActorSystem.start({ base, logDefs: false, transientUnique: true });
  try {
    const troupe = await asys.createActor(BatchWorker);
    if (kind === 'cpu') iterations = iterationsFor(TASK_MS);
    console.log(`${base}: ${TASKS} ${kind} tasks of ${TASK_MS} ms each`);
    // The counts can be changed at run time with the spec's text messages (spec 8.1).
    console.log(await asys.ask(troupe, 'troupe:set_max_count=4', 5000));
    console.log(await asys.ask(troupe, 'troupe:set_idle_count=4', 5000));
    // On a multi-process base each worker is a process. A first batch starts all four (kept
    // by idle_count) and warms them up: a fresh process runs its first CPU work several times
    // slower, and the base then boots a new spare process. Timing that would measure process
    // start-up, not the troupe's parallelism.
    const warm = await runBatch(asys, troupe, kind);
    console.log(`  warm-up (starts ${warm.workers} workers): ${warm.ms.toFixed(0)} ms`);
    if (base !== 'simpleSystemBase') await new Promise((r) => setTimeout(r, 1000));
    const parallel = await runBatch(asys, troupe, kind);
    console.log(`  ${parallel.workers} workers: ${parallel.ms.toFixed(0)} ms`);
    // Lowering max_count retires three idle workers and keeps one, as warm as the others were.
    console.log(await asys.ask(troupe, 'troupe:set_max_count=1', 5000));
    const serial = await runBatch(asys, troupe, kind);
    console.log(`  1 worker:  ${serial.ms.toFixed(0)} ms`);
    console.log(`  speed-up:  ${(serial.ms / parallel.ms).toFixed(2)}x`);
    if (kind === 'cpu' && base === 'simpleSystemBase') {
      console.log('  (the simpleSystemBase runs every actor on one thread: CPU-bound work cannot overlap; try io, or a multiproc base)');
    }
  } finally {
    await asys.shutdown();
  }
}

await main();

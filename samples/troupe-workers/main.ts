import { ActorSystem, type ActorAddress } from 'thespian-ts';
import { BatchWorker, Task, TaskDone } from './batch-worker.js';

const TASKS = 8;
const TASK_MS = 150;

/** Sends the whole batch at once and waits for every TaskDone; returns ms and workers used. */
async function runBatch(asys: ActorSystem, troupe: ActorAddress, kind: 'cpu' | 'io'): Promise<{ ms: number; workers: number }> {
  const start = performance.now();
  for (let i = 0; i < TASKS; i++) await asys.tell(troupe, new Task(i, kind, TASK_MS));
  const workers = new Set<string>();
  for (let got = 0; got < TASKS; got++) {
    const done = await asys.listen(30_000);
    if (!(done instanceof TaskDone)) throw new Error(`batch stalled after ${got} of ${TASKS} tasks (got ${String(done)})`);
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
    console.log(`${base}: ${TASKS} ${kind} tasks of ${TASK_MS} ms each`);
    // The counts can be changed at run time with the spec's text messages (spec 8.1).
    console.log(await asys.ask(troupe, 'troupe:set_max_count=1', 5000));
    const serial = await runBatch(asys, troupe, kind);
    console.log(`  1 worker:  ${serial.ms.toFixed(0)} ms`);
    console.log(await asys.ask(troupe, 'troupe:set_max_count=4', 5000));
    const parallel = await runBatch(asys, troupe, kind);
    console.log(`  ${parallel.workers} workers: ${parallel.ms.toFixed(0)} ms`);
    console.log(`  speed-up:  ${(serial.ms / parallel.ms).toFixed(2)}x`);
    if (kind === 'cpu' && base === 'simpleSystemBase') {
      console.log('  (the simpleSystemBase runs every actor on one thread: CPU-bound work cannot overlap; try io, or a multiproc base)');
    }
  } finally {
    await asys.shutdown();
  }
}

await main();

import { ActorSystem } from 'thespian-ts';
import { measureSpeedup } from './speedup.js';

const TASKS = 8;
const TASK_MS = 150;
const ROUNDS = 3;

/** Usage: tsx samples/troupe-workers/main.ts [base] [cpu|io] */
async function main(): Promise<void> {
  const base = process.argv[2] ?? 'simpleSystemBase';
  const kind = (process.argv[3] ?? (base === 'simpleSystemBase' ? 'io' : 'cpu')) as 'cpu' | 'io';
  const asys = await ActorSystem.start({ base, logDefs: false, transientUnique: true });
  try {
    console.log(`${base}: ${TASKS} ${kind} tasks of ${TASK_MS} ms each`);
    const { speedup } = await measureSpeedup(asys, kind, { tasks: TASKS, taskMs: TASK_MS, rounds: ROUNDS, log: (line) => console.log(line) });
    console.log(`  speed-up:  ${speedup.toFixed(2)}x (best of ${ROUNDS} rounds each)`);
    if (kind === 'cpu' && base === 'simpleSystemBase') {
      console.log('  (the simpleSystemBase runs every actor on one thread: CPU-bound work cannot overlap; try io, or a multiproc base)');
    }
  } finally {
    await asys.shutdown();
  }
}

await main();

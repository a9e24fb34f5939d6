import { ActorSystem } from 'thespian-ts';
import { measureSpeedup } from '../samples/troupe-workers/speedup.js';
import type { BenchResult } from './report.js';

/**
 * Spec 8.1: what a troupe of four workers buys over a troupe of one for CPU-bound work, on
 * the multi-process bases (the sample's measurement, samples/troupe-workers). Ideal is the
 * number of free cores, at most 4; the ratio is against the one-worker troupe in the same run.
 */
const BASES = (process.env.BENCH_TROUPE_BASES ?? 'multiprocTCPBase,multiprocQueueBase').split(',');

export async function runTroupeBench(): Promise<BenchResult[]> {
  const out: BenchResult[] = [];
  for (const base of BASES) {
    const asys = await ActorSystem.start({ base, transientUnique: true, logDefs: false });
    try {
      const r = await measureSpeedup(asys, 'cpu', { tasks: 8, taskMs: 100, rounds: 3 });
      const g = `troupe ${base}`;
      out.push(
        { group: g, name: '8 CPU tasks, 1 worker (best of 3)', value: r.serialMs, unit: 'ms', n: 8 },
        { group: g, name: '8 CPU tasks, 4 workers (best of 3)', value: r.parallelMs, unit: 'ms', n: 8 },
        { group: g, name: 'speed-up, 4 workers / 1 worker', value: r.speedup, unit: 'ratio', n: 8 },
      );
    } finally {
      await asys.shutdown();
    }
  }
  return out;
}

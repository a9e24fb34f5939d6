import { ActorSystem } from 'thespian-ts';
import { BenchExitTimer } from './exit-actors.js';
import type { BenchResult } from './report.js';

/**
 * Issue 14 item 9: a child's ActorExitRequest exit until its parent has ChildActorExited,
 * and a recursive exit until the grandchild handles it, against a parent-child message
 * round trip measured in the same runs (the ratio is what to compare across machines).
 */
const BASES = (process.env.BENCH_EXIT_BASES ?? 'multiprocTCPBase').split(',');
const N = Number(process.env.BENCH_EXIT_N ?? 40);

const pct = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
const median = (v: number[]): number => pct([...v].sort((a, b) => a - b), 0.5);

async function benchBase(base: string): Promise<BenchResult[]> {
  const asys = await ActorSystem.start({ base, transientUnique: true, logDefs: false });
  try {
    const timer = await asys.createActor(BenchExitTimer);
    const rtt: number[] = [];
    const exit: number[] = [];
    const rec: number[] = [];
    for (let i = 0; i < N; i++) {
      const r = (await asys.ask(timer, 'measure', 10_000)) as { rttMs: number; exitMs: number } | undefined;
      if (!r) throw new Error(`${base}: no ChildActorExited timing within 10 s`);
      rtt.push(r.rttMs);
      exit.push(r.exitMs);
      const q = (await asys.ask(timer, 'measure-recursive', 10_000)) as { recursiveMs: number } | undefined;
      if (!q) throw new Error(`${base}: no recursive exit timing within 10 s`);
      rec.push(q.recursiveMs);
    }
    const sorted = (v: number[]) => [...v].sort((a, b) => a - b);
    const g = `exit ${base}`;
    return [
      { group: g, name: 'parent-child round trip median', value: median(rtt), unit: 'ms', n: N },
      { group: g, name: 'child exit to ChildActorExited median', value: median(exit), unit: 'ms', n: N },
      { group: g, name: 'child exit to ChildActorExited p99', value: pct(sorted(exit), 0.99), unit: 'ms', n: N },
      { group: g, name: 'child exit / round trip (medians)', value: median(exit) / median(rtt), unit: 'ratio', n: N },
      { group: g, name: 'recursive exit to grandchild median', value: median(rec), unit: 'ms', n: N },
      { group: g, name: 'recursive exit to grandchild p99', value: pct(sorted(rec), 0.99), unit: 'ms', n: N },
      { group: g, name: 'recursive exit / round trip (medians)', value: median(rec) / median(rtt), unit: 'ratio', n: N },
    ];
  } finally {
    await asys.shutdown();
  }
}

export async function runExitBench(): Promise<BenchResult[]> {
  const out: BenchResult[] = [];
  for (const base of BASES) out.push(...(await benchBase(base)));
  return out;
}

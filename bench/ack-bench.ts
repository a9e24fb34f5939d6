import { ActorSystem } from 'thespian-ts';
import { askRoundTrips } from './ask-timing.js';
import { BenchBlaster, BenchCounter, BenchEcho } from './bench-actors.js';
import type { BenchResult } from './report.js';

/**
 * The price of delivery acknowledgements (framework/transport/acks.ts) on the bases that have
 * them: ask latency and one-way throughput with acks, against the same measures with the
 * bench-only THESPIAN_BENCH_NO_ACKS=1, in pairs of adjacent rounds of one run (order
 * alternating within pairs). The ratio reported is the median of the per-pair ratios, so a
 * neighbour's burst on a shared machine moves one pair, not the figure.
 */
const BASES = (process.env.BENCH_ACK_BASES ?? 'multiprocTCPBase,multiprocQueueBase').split(',');
const ROUNDS = Number(process.env.BENCH_ACK_ROUNDS ?? 5);
const ASK_N = 1000;
const ONE_WAY_N = Number(process.env.BENCH_ACK_ONE_WAY_N ?? 50_000);

interface Round {
  askMedianMs: number;
  oneWayPerSec: number;
}

async function round(base: string, acks: boolean): Promise<Round> {
  if (acks) delete process.env.THESPIAN_BENCH_NO_ACKS;
  else process.env.THESPIAN_BENCH_NO_ACKS = '1';
  // Children inherit the environment at spawn: the admin, its spares and actors agree.
  const asys = await ActorSystem.start({ base, transientUnique: true, logDefs: false });
  try {
    const echo = await asys.createActor(BenchEcho);
    const rtts = await askRoundTrips(asys, echo, ASK_N, base);
    const counter = await asys.createActor(BenchCounter);
    const blaster = await asys.createActor(BenchBlaster);
    const oneWay = async (n: number): Promise<number> => {
      await asys.ask(counter, [n, asys.address], 5000);
      const s = performance.now();
      await asys.tell(blaster, [counter, n]);
      const got = await asys.listen(120_000);
      if (got !== n) throw new Error(`${base}: one-way lost messages (${String(got)} of ${n})`);
      return n / ((performance.now() - s) / 1000);
    };
    await oneWay(5000);
    return { askMedianMs: rtts[Math.floor(rtts.length / 2)]!, oneWayPerSec: await oneWay(ONE_WAY_N) };
  } finally {
    await asys.shutdown();
    delete process.env.THESPIAN_BENCH_NO_ACKS;
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

export async function runAckBench(): Promise<BenchResult[]> {
  const out: BenchResult[] = [];
  for (const base of BASES) {
    const on: Round[] = [];
    const off: Round[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      if (i % 2 === 0) {
        off.push(await round(base, false));
        on.push(await round(base, true));
      } else {
        on.push(await round(base, true));
        off.push(await round(base, false));
      }
    }
    const askRatios = on.map((r, i) => r.askMedianMs / off[i]!.askMedianMs);
    const oneWayRatios = on.map((r, i) => r.oneWayPerSec / off[i]!.oneWayPerSec);
    const range = (xs: number[]) => `${Math.min(...xs).toFixed(2)}-${Math.max(...xs).toFixed(2)}`;
    out.push({ group: base, name: 'ask median with acks (median of rounds)', value: median(on.map((r) => r.askMedianMs)), unit: 'ms', n: ASK_N });
    out.push({ group: base, name: 'ask median without acks (THESPIAN_BENCH_NO_ACKS=1)', value: median(off.map((r) => r.askMedianMs)), unit: 'ms', n: ASK_N });
    out.push({ group: base, name: `ask latency, acks / no acks (median of ${ROUNDS} pairs; range ${range(askRatios)})`, value: median(askRatios), unit: 'ratio' });
    out.push({ group: base, name: 'one-way with acks (median of rounds)', value: median(on.map((r) => r.oneWayPerSec)), unit: 'msg/s', n: ONE_WAY_N });
    out.push({ group: base, name: 'one-way without acks (THESPIAN_BENCH_NO_ACKS=1)', value: median(off.map((r) => r.oneWayPerSec)), unit: 'msg/s', n: ONE_WAY_N });
    out.push({ group: base, name: `one-way throughput, acks / no acks (median of ${ROUNDS} pairs; range ${range(oneWayRatios)})`, value: median(oneWayRatios), unit: 'ratio' });
  }
  return out;
}

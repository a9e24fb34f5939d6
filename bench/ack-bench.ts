import { ActorSystem } from 'thespian-ts';
import { BenchBlaster, BenchCounter, BenchEcho } from './bench-actors.js';
import type { BenchResult } from './report.js';

/**
 * The price of delivery acknowledgements (framework/transport/acks.ts) on the bases that have
 * them: ask latency and one-way throughput with acks, against the same measures with the
 * bench-only THESPIAN_BENCH_NO_ACKS=1, in alternating rounds of one run (best round of each
 * kept, so a neighbour's burst on a shared machine does not decide the ratio).
 */
const BASES = (process.env.BENCH_ACK_BASES ?? 'multiprocTCPBase,multiprocQueueBase').split(',');
const ROUNDS = Number(process.env.BENCH_ACK_ROUNDS ?? 3);
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
    for (let i = 0; i < 200; i++) await asys.ask(echo, i, 5000);
    const rtts: number[] = [];
    for (let i = 0; i < ASK_N; i++) {
      const s = performance.now();
      if ((await asys.ask(echo, i, 5000)) !== i) throw new Error(`${base}: ask got a wrong reply`);
      rtts.push(performance.now() - s);
    }
    rtts.sort((a, b) => a - b);
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

export async function runAckBench(): Promise<BenchResult[]> {
  const out: BenchResult[] = [];
  for (const base of BASES) {
    const on: Round[] = [];
    const off: Round[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      off.push(await round(base, false));
      on.push(await round(base, true));
    }
    const bestAsk = (rs: Round[]) => Math.min(...rs.map((r) => r.askMedianMs));
    const bestOneWay = (rs: Round[]) => Math.max(...rs.map((r) => r.oneWayPerSec));
    out.push({ group: base, name: 'ask median with acks', value: bestAsk(on), unit: 'ms', n: ASK_N });
    out.push({ group: base, name: 'ask median without acks (THESPIAN_BENCH_NO_ACKS=1)', value: bestAsk(off), unit: 'ms', n: ASK_N });
    out.push({ group: base, name: 'ask median, acks / no acks', value: bestAsk(on) / bestAsk(off), unit: 'ratio' });
    out.push({ group: base, name: 'one-way with acks', value: bestOneWay(on), unit: 'msg/s', n: ONE_WAY_N });
    out.push({ group: base, name: 'one-way without acks (THESPIAN_BENCH_NO_ACKS=1)', value: bestOneWay(off), unit: 'msg/s', n: ONE_WAY_N });
    out.push({ group: base, name: 'one-way throughput, acks / no acks', value: bestOneWay(on) / bestOneWay(off), unit: 'ratio' });
  }
  return out;
}

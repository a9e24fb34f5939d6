import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { ActorSystem } from 'thespian-ts';
import { sparesSettled } from './spares-settled.js';
import { askRoundTrips } from './ask-timing.js';
import { BenchBlaster, BenchCounter, BenchEcho } from './bench-actors.js';
import type { BenchResult } from './report.js';
import { runTransportBench } from './transport-bench.js';

const BASES = (process.env.BENCH_BASES ?? 'multiprocTCPBase,multiprocUDPBase,multiprocQueueBase').split(',');
const ONE_WAY_N = Number(process.env.BENCH_ONE_WAY_N ?? 200_000);
const ASK_N = 2000;

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

function rssMiB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

async function benchBase(base: string): Promise<BenchResult[]> {
  const t0 = performance.now();
  const asys = await ActorSystem.start({ base, transientUnique: true, logDefs: false });
  const startMs = performance.now() - t0;
  const out: BenchResult[] = [];
  try {
    const echo = await asys.createActor(BenchEcho);
    await sparesSettled([asys]);
    const rtts = await askRoundTrips(asys, echo, ASK_N, base);
    out.push({ group: base, name: 'ask round trip median', value: pct(rtts, 0.5), unit: 'ms', n: ASK_N });
    out.push({ group: base, name: 'ask round trip p99', value: pct(rtts, 0.99), unit: 'ms', n: ASK_N });

    const counter = await asys.createActor(BenchCounter);
    const blaster = await asys.createActor(BenchBlaster);
    const oneWay = async (n: number): Promise<{ ms: number; delivered: number }> => {
      await asys.ask(counter, [n, asys.address], 5000);
      const s = performance.now();
      await asys.tell(blaster, [counter, n]);
      if (base !== 'multiprocUDPBase') {
        const got = await asys.listen(120_000);
        if (got !== n) throw new Error(`${base}: one-way lost messages (${String(got)} of ${n})`);
        return { ms: performance.now() - s, delivered: n };
      }
      // UDP may drop (spec 9.5): time until the count stops growing, and report what arrived.
      const p = await asys.private();
      let last = -1;
      let lastChange = performance.now();
      for (;;) {
        const seen = (await p.ask(counter, 'count', 5000)) as number;
        if (seen !== last) {
          last = seen;
          lastChange = performance.now();
        }
        if (seen >= n || performance.now() - lastChange > 500) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      await p.close();
      return { ms: lastChange - s, delivered: last };
    };
    await oneWay(Math.min(20_000, ONE_WAY_N));
    await sparesSettled([asys]);
    const run = await oneWay(ONE_WAY_N);
    out.push({ group: base, name: 'one-way actor-to-actor throughput', value: run.delivered / (run.ms / 1000), unit: 'msg/s', n: ONE_WAY_N });
    if (run.delivered !== ONE_WAY_N) out.push({ group: base, name: 'one-way delivered (UDP drops)', value: run.delivered / ONE_WAY_N, unit: 'ratio' });

    // Creation with a warm spare ready: the latency a user sees for one createActor.
    const warm: number[] = [];
    for (let i = 0; i < 5; i++) {
      await new Promise((r) => setTimeout(r, 1500));
      const s = performance.now();
      await asys.createActor(BenchEcho);
      warm.push(performance.now() - s);
    }
    warm.sort((a, b) => a - b);
    out.push({ group: base, name: 'createActor with a warm spare (median)', value: pct(warm, 0.5), unit: 'ms', n: 5 });
    const burstN = 10;
    const s = performance.now();
    for (let i = 0; i < burstN; i++) await asys.createActor(BenchEcho);
    out.push({ group: base, name: 'createActor back to back', value: burstN / ((performance.now() - s) / 1000), unit: 'actor/s', n: burstN });

    const pid = (await asys.ask(echo, 'pid', 5000)) as number;
    out.push({ group: base, name: 'RSS of one actor process', value: rssMiB(pid), unit: 'MiB' });
  } finally {
    const s = performance.now();
    await asys.shutdown();
    out.push({ group: base, name: 'system start + shutdown', value: startMs + (performance.now() - s), unit: 'ms' });
  }
  return out;
}

/**
 * The physical floor for an ask: a round trip of a small frame to an echo server in another
 * process (an ask crosses processes too), with Node's plain net module and nothing else.
 */
async function rawCrossProcessPingPong(n = 5000): Promise<number[]> {
  const server = spawn(process.execPath, ['-e', "const n=require('net');const s=n.createServer(c=>{c.setNoDelay(true);c.pipe(c)}).listen(0,'127.0.0.1',()=>console.log(s.address().port))"], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve) => server.stdout!.once('data', (d: Buffer) => resolve(Number(d.toString().trim()))));
  const sock = net.connect(port, '127.0.0.1');
  sock.setNoDelay(true);
  await new Promise((r) => sock.once('connect', r));
  const frame = Buffer.alloc(48, 7);
  const rtts: number[] = [];
  for (let i = 0; i < n; i++) {
    const s = performance.now();
    await new Promise<void>((resolve) => {
      let got = 0;
      const on = (d: Buffer) => {
        got += d.length;
        if (got >= frame.length) {
          sock.off('data', on);
          resolve();
        }
      };
      sock.on('data', on);
      sock.write(frame);
    });
    rtts.push(performance.now() - s);
  }
  sock.destroy();
  server.kill();
  return rtts.sort((a, b) => a - b);
}

/** Per base, and the raw TCP loopback baselines measured in the same run for the ratios. */
export async function runMultiprocBench(): Promise<BenchResult[]> {
  const raw = await runTransportBench();
  const cross = await rawCrossProcessPingPong();
  raw.push({ name: 'raw TCP ping-pong to another process, median', value: pct(cross, 0.5), unit: 'ms' });
  raw.push({ name: 'raw TCP ping-pong to another process, p99', value: pct(cross, 0.99), unit: 'ms' });
  const rawPing = pct(cross, 0.5);
  const rawStream = raw.find((r) => r.name === 'raw TCP loopback one-way stream')!.value;
  const results: BenchResult[] = raw.map((r) => ({ ...r, group: 'baseline' }));
  for (const base of BASES) {
    const rs = await benchBase(base);
    results.push(...rs);
    const ask = rs.find((r) => r.name === 'ask round trip median')!.value;
    const oneWay = rs.find((r) => r.name === 'one-way actor-to-actor throughput')!.value;
    results.push({ group: base, name: 'ask median / raw cross-process TCP ping-pong median', value: ask / rawPing, unit: 'ratio' });
    results.push({ group: base, name: 'one-way / raw TCP stream', value: oneWay / rawStream, unit: 'ratio' });
  }
  return results;
}

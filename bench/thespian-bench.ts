import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ActorSystem, StatusRequest, ActorStatus } from 'thespian-ts';
import { BenchEcho } from './bench-actors.js';
import { bareNodePssMiB, bareNodeSpawnMs, median, pssMiB, rssMiB, tsxNodeSpawnMs } from './process-figures.js';
import type { BenchResult } from './report.js';
import { Pinger, Ponger, SpawnParent, TputSink, TputSource } from './workload-actors.js';
import { askRoundTrips } from './ask-timing.js';

/**
 * Python Thespian's benchmark workloads with its parameters, so the two can be run side by
 * side (issue 10 item 6), plus process creation against a bare `node -e 0` spawn and the PSS
 * of an idle actor process, both measured in this run.
 */
const BASES = (process.env.BENCH_BASES ?? 'multiprocTCPBase,multiprocQueueBase').split(',');
const SPAWN_N = 50;
const TPUT_N = 20_000;
const PINGPONG_N = 2_000;
const ASK_N = 2_000;

async function until<T>(probe: () => Promise<T>, done: (v: T) => boolean, ms: number): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (done(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function pidOf(asys: ActorSystem, addr: Parameters<ActorSystem['ask']>[0]): Promise<number> {
  const status = await asys.ask(addr, new StatusRequest(), 5000);
  if (!(status instanceof ActorStatus) || typeof status.pid !== 'number') throw new Error('no pid in ActorStatus');
  return status.pid;
}

/** Waits until the admin's spare pool is full again, so each creation below starts warm. */
async function poolFull(asys: ActorSystem): Promise<void> {
  await until(async () => (await asys.status()).counters, (c) => (c.bootingSpares ?? 0) === 0 && (c.spareProcesses ?? 0) > 0, 30_000);
}

type Add = (name: string, value: number, unit: string, n?: number) => void;
type ActorSpecOf = Parameters<ActorSystem['createActor']>[0];

/** Creation with the pool full, one at a time then 10 back to back, and an idle actor's memory. */
async function creation(asys: ActorSystem, spec: ActorSpecOf, bareMs: number, add: Add): Promise<void> {
  const echo = await asys.createActor(spec);
  await asys.ask(echo, 1, 10_000);
  const single: number[] = [];
  for (let i = 0; i < 5; i++) {
    await poolFull(asys);
    const s = performance.now();
    const a = await asys.createActor(spec);
    await asys.ask(a, 1, 10_000);
    single.push(performance.now() - s);
  }
  add('one createActor + first answer (median of 5)', median(single), 'ms', 5);
  add('one createActor / bare node -e 0 spawn', median(single) / bareMs, 'ratio');
  await poolFull(asys);
  const s = performance.now();
  for (let i = 0; i < 10; i++) await asys.ask(await asys.createActor(spec), 1, 10_000);
  const perActor = (performance.now() - s) / 10;
  add('10 back-to-back creations, per actor', perActor, 'ms', 10);
  add('10 back-to-back per actor / bare node -e 0 spawn', perActor / bareMs, 'ratio');
  await new Promise((r) => setTimeout(r, 500));
  const pid = await pidOf(asys, echo);
  add('PSS of an idle actor process', pssMiB(pid), 'MiB');
  add('RSS of an idle actor process', rssMiB(pid), 'MiB');
}

async function workloads(base: string, bareMs: number): Promise<BenchResult[]> {
  const out: BenchResult[] = [];
  const add: Add = (name, value, unit, n) => out.push({ group: `thespian ${base}`, name, value, unit, ...(n ? { n } : {}) });
  const asys = await ActorSystem.start({ base, transientUnique: true, logDefs: false });
  try {
    await creation(asys, BenchEcho, bareMs, add);
    const echo = await asys.createActor(BenchEcho);

    // spawn: a parent creates 50 children that each answer.
    await poolFull(asys);
    const parent = await asys.createActor(SpawnParent);
    const spawnMs = (await asys.ask(parent, SPAWN_N, 120_000)) as number | undefined;
    if (typeof spawnMs === 'number') add(`spawn: ${SPAWN_N} children created and answered`, SPAWN_N / (spawnMs / 1000), 'actor/s', SPAWN_N);

    // tput: 20,000 small messages from one handler.
    const sink = await asys.createActor(TputSink);
    const source = await asys.createActor(TputSource);
    const s = performance.now();
    await asys.ask(source, [sink, TPUT_N], 60_000);
    let last = -1;
    let lastChange = performance.now();
    const seen = await until(
      async () => {
        const n = (await asys.ask(sink, 'count', 5000)) as number;
        if (n !== last) [last, lastChange] = [n, performance.now()];
        return n;
      },
      (n) => n >= TPUT_N || performance.now() - lastChange > 1000,
      120_000,
    );
    add(`tput: ${TPUT_N} messages from one handler`, seen / ((lastChange - s) / 1000), 'msg/s', TPUT_N);
    add('tput: delivered', seen / TPUT_N, 'ratio', TPUT_N);

    // ping-pong: 2,000 actor-to-actor round trips.
    const pinger = await asys.createActor(Pinger);
    const ponger = await asys.createActor(Ponger);
    const ppMs = (await asys.ask(pinger, [ponger, PINGPONG_N], 120_000)) as number;
    add(`ping-pong: ${PINGPONG_N} round trips`, PINGPONG_N / (ppMs / 1000), 'rt/s', PINGPONG_N);

    // ask latency: 2,000 asks after 200 warm-up (Thespian's parameters).
    const rtts = await askRoundTrips(asys, echo, ASK_N, base);
    add('ask latency median', rtts[Math.floor(ASK_N / 2)]!, 'ms', ASK_N);
    add('ask latency p99', rtts[Math.floor(ASK_N * 0.99)]!, 'ms', ASK_N);
  } finally {
    await asys.shutdown();
  }
  return out;
}

/** The same creation figures from an installed application's point of view (packaged-creation.mjs). */
function packaged(base: string, bareMs: number): BenchResult[] {
  const group = `packaged JS actor ${base}`;
  if (!existsSync(new URL('../dist/runtime/index.mjs', import.meta.url))) {
    return [{ group, name: 'skipped: run npm run build first', value: 0, unit: '' }];
  }
  const script = fileURLToPath(new URL('./packaged-creation.mjs', import.meta.url));
  const r = spawnSync(process.execPath, [script, base], { encoding: 'utf8', timeout: 300_000 });
  if (r.status !== 0) throw new Error(`packaged-creation.mjs ${base} failed: ${r.stderr}`);
  const f = JSON.parse(r.stdout) as { single: number; perActor: number; pss: number; spawnPerSec: number };
  return [
    { group, name: 'one createActor + first answer (median of 5)', value: f.single, unit: 'ms', n: 5 },
    { group, name: 'one createActor / bare node -e 0 spawn', value: f.single / bareMs, unit: 'ratio' },
    { group, name: '10 back-to-back creations, per actor', value: f.perActor, unit: 'ms', n: 10 },
    { group, name: '10 back-to-back per actor / bare node -e 0 spawn', value: f.perActor / bareMs, unit: 'ratio' },
    { group, name: 'PSS of an idle actor process', value: f.pss, unit: 'MiB' },
    { group, name: 'spawn: 50 children created and answered', value: f.spawnPerSec, unit: 'actor/s', n: 50 },
  ];
}

export async function runThespianBench(): Promise<BenchResult[]> {
  const bareMs = await bareNodeSpawnMs();
  const results: BenchResult[] = [
    { group: 'process baseline', name: 'bare node -e 0 spawn to exit (median of 7)', value: bareMs, unit: 'ms' },
    { group: 'process baseline', name: 'node --import tsx -e 0 (how actors booted before the bundle)', value: await tsxNodeSpawnMs(), unit: 'ms' },
    { group: 'process baseline', name: 'PSS of an idle bare node process', value: await bareNodePssMiB(), unit: 'MiB' },
  ];
  for (const base of BASES) results.push(...packaged(base, bareMs), ...(await workloads(base, bareMs)));
  return results;
}

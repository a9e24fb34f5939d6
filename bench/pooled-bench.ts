import { readdirSync, readFileSync } from 'node:fs';
import { ActorSystem } from 'thespian-ts';
import { BenchCounter } from './bench-actors.js';
import { BatchSpawner } from './pooled-actors.js';
import { pssMiB } from './process-figures.js';
import type { BenchResult } from './report.js';
import { Pinger, Ponger, SpawnParent, TputSource } from './workload-actors.js';

/**
 * Issue 10's pooled-mode rows, in one run: Thespian's `spawn` workload (a parent creates 50
 * children that each answer), actor-to-actor messages inside one host against the same
 * workloads on simpleSystemBase, and 100,000 live actors in one system with the PSS of its
 * admin and hosts. BENCH_POOLED_ACTORS changes the 100,000.
 */
const TPUT_N = 200_000;
const PINGPONG_N = 20_000;
const MANY = Number(process.env.BENCH_POOLED_ACTORS ?? 100_000);

type Add = (group: string, name: string, value: number, unit: string, n?: number) => void;

/** One handler sends `n` numbers to a counter; time until the counter has them all. */
async function oneHandlerRate(asys: ActorSystem, n: number): Promise<number> {
  const counter = await asys.createActor(BenchCounter);
  const source = await asys.createActor(TputSource);
  await asys.ask(counter, [n, asys.address], 10_000);
  const s = performance.now();
  await asys.tell(source, [counter, n]);
  for (;;) {
    const got = await asys.listen(120_000);
    if (got === n) break;
    if (got === undefined) throw new Error(`counter did not see ${n} messages`);
  }
  return n / ((performance.now() - s) / 1000);
}

async function pingPongRate(asys: ActorSystem, n: number): Promise<number> {
  const pinger = await asys.createActor(Pinger);
  const ponger = await asys.createActor(Ponger);
  const ms = (await asys.ask(pinger, [ponger, n], 120_000)) as number;
  return n / (ms / 1000);
}

async function spawnRate(asys: ActorSystem, n: number): Promise<number> {
  const parent = await asys.createActor(SpawnParent);
  const ms = (await asys.ask(parent, n, 600_000)) as number | undefined;
  if (typeof ms !== 'number') throw new Error(`spawn of ${n} children did not finish`);
  return n / (ms / 1000);
}

/** The processes whose parent is `pid` (an admin's hosts and spares). */
function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) out.push(Number(name));
    } catch {
      /* gone meanwhile */
    }
  }
  return out;
}

async function inOneHost(add: Add, simpleTput: number, simplePing: number): Promise<void> {
  const group = 'pooled multiprocTCPBase, 1 host';
  const asys = await ActorSystem.start({ base: 'multiprocTCPBase', transientUnique: true, logDefs: false, capabilities: { 'Pooled Actors': 1 } });
  try {
    await oneHandlerRate(asys, 20_000);
    const tput = await oneHandlerRate(asys, TPUT_N);
    add(group, `${TPUT_N} messages from one handler to an actor in the same host`, tput, 'msg/s', TPUT_N);
    add(group, 'same-host messages / simpleSystemBase (target >= 0.33)', tput / simpleTput, 'ratio');
    const ping = await pingPongRate(asys, PINGPONG_N);
    add(group, `ping-pong in the same host: ${PINGPONG_N} round trips`, ping, 'rt/s', PINGPONG_N);
    add(group, 'same-host ping-pong / simpleSystemBase', ping / simplePing, 'ratio');
  } finally {
    await asys.shutdown();
  }
}

async function spawnAndMany(add: Add): Promise<void> {
  const group = 'pooled multiprocTCPBase, a host per core';
  const asys = await ActorSystem.start({ base: 'multiprocTCPBase', transientUnique: true, logDefs: false, capabilities: { 'Pooled Actors': true } });
  try {
    const adminPid = (await asys.status()).pid!;
    await spawnRate(asys, 50);
    const rates: number[] = [];
    for (let i = 0; i < 5; i++) rates.push(await spawnRate(asys, 50));
    rates.sort((a, b) => a - b);
    add(group, 'spawn: 50 children created and answered (median of 5; target >= 2,000)', rates[2]!, 'actor/s', 50);
    add(group, 'spawn: 50 children / Python Thespian multiprocTCPBase (208 actor/s, issue 10)', rates[2]! / 208, 'ratio');
    const spawner = await asys.createActor(BatchSpawner);
    const ms = (await asys.ask(spawner, [MANY, 1000], 1_800_000)) as number | undefined;
    if (typeof ms !== 'number') throw new Error(`${MANY} children did not all answer`);
    add(group, `${MANY} children created and answered, in batches of 1,000`, MANY / (ms / 1000), 'actor/s', MANY);
    add(group, `${MANY} children: wall time`, ms / 1000, 's', MANY);
    await new Promise((r) => setTimeout(r, 1000));
    const pids = [adminPid, ...childrenOf(adminPid)];
    const total = pids.reduce((sum, pid) => sum + pssMiB(pid), 0);
    add(group, `PSS of the admin + ${pids.length - 1} host/spare processes with ${MANY + 61} live actors (target <= 1024)`, total, 'MiB', MANY);
    add(group, 'PSS per pooled actor', (total * 1024) / MANY, 'KiB', MANY);
  } finally {
    await asys.shutdown();
  }
}

export async function runPooledBench(): Promise<BenchResult[]> {
  const out: BenchResult[] = [];
  const add: Add = (group, name, value, unit, n) => out.push({ group, name, value, unit, ...(n ? { n } : {}) });
  const simple = await ActorSystem.start({ base: 'simpleSystemBase', transientUnique: true, logDefs: false });
  let simpleTput: number;
  let simplePing: number;
  try {
    await oneHandlerRate(simple, 20_000);
    simpleTput = await oneHandlerRate(simple, TPUT_N);
    simplePing = await pingPongRate(simple, PINGPONG_N);
  } finally {
    await simple.shutdown();
  }
  add('simpleSystemBase (baseline)', `${TPUT_N} messages from one handler`, simpleTput, 'msg/s', TPUT_N);
  add('simpleSystemBase (baseline)', `ping-pong: ${PINGPONG_N} round trips`, simplePing, 'rt/s', PINGPONG_N);
  await inOneHost(add, simpleTput, simplePing);
  await spawnAndMany(add);
  return out;
}


import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { ActorExitRequest, ActorSystem } from 'thespian-ts';
import { Guardian, PidReporter } from '../fixtures/process-actors.js';
import { alive } from '../support/processes.js';
import { eventually } from '../support/systems.js';
import { childrenOf } from '../support/wire-probe.js';

const SLOW_BOOT_REGISTRY = fileURLToPath(new URL('../fixtures/slow-boot-registry.mjs', import.meta.url));

/**
 * Issue 8 item 5, process budgets: a cap on actor processes per system, spares that die with
 * the admin whatever stage they are in, and spawns that fail their creation at once.
 */
const savedEnv = { ...process.env };
function restoreEnv(): void {
  for (const k of Object.keys(process.env)) if (!(k in savedEnv)) delete process.env[k];
  Object.assign(process.env, savedEnv);
}

describe.each(['multiprocTCPBase', 'multiprocQueueBase'])('issue 8 process cap on %s', (base) => {
  let asys: ActorSystem | undefined;
  afterEach(async () => {
    await asys?.shutdown();
    asys = undefined;
    restoreEnv();
  });

  it('9.3 past THESPIAN_MAX_ACTOR_PROCESSES createActor fails with a clear error, from outside and from an actor; an exit makes room', async () => {
    process.env.THESPIAN_MAX_ACTOR_PROCESSES = '2';
    asys = await ActorSystem.start({ base, transientUnique: true, logDefs: false });
    const a = await asys.createActor(PidReporter);
    const g = await asys.createActor(Guardian);
    const started = Date.now();
    await expect(asys.createActor(PidReporter)).rejects.toThrow(/already runs 2 actor processes, the limit \(THESPIAN_MAX_ACTOR_PROCESSES=2\); let some exit, or raise the limit/);
    expect(Date.now() - started).toBeLessThan(2000);
    // From an actor: the child never starts, and its parent hears it exited.
    const child = await asys.ask(g, 'spawn', 5000);
    expect(await eventually(() => asys!.ask(g, 'exited', 5000) as Promise<string[]>, (v) => v.length > 0)).toEqual([(child as { key: string }).key]);
    await asys.tell(a, new ActorExitRequest());
    const b = await eventually(
      () => asys!.createActor(PidReporter).catch(() => undefined),
      (v) => v !== undefined,
    );
    expect(b).toBeDefined();
    expect(await asys.ask(b!, 'room', 5000)).toBe('echo room');
  });
});

describe('issue 8 process lifetimes on multiprocTCPBase', () => {
  let asys: ActorSystem | undefined;
  afterEach(async () => {
    await asys?.shutdown();
    asys = undefined;
    restoreEnv();
  });

  it('9.3 kill -9 of the admin while its spare is still booting: the spare exits (no orphans)', async () => {
    // Until the first creation the pool keeps one spare (spare-pool.ts); the registry keeps it
    // in its boot, before it could announce itself.
    const sys = await ActorSystem.start({ base: 'multiprocTCPBase', transientUnique: true, logDefs: false, registry: SLOW_BOOT_REGISTRY });
    const st = await sys.status();
    const adminPid = st.pid!;
    const spares = await eventually(() => childrenOf(adminPid), (v) => v.length === 1, 5000);
    expect((await sys.status()).counters.spareProcesses).toBe(0);
    expect(spares.length).toBe(1);
    process.kill(adminPid, 'SIGKILL');
    const left = await eventually(() => spares.filter(alive), (v) => v.length === 0, 10_000);
    for (const pid of left) process.kill(pid, 'SIGKILL');
    expect(left).toEqual([]);
  });

  it('9.3 a spawn that fails (out of file descriptors) fails its createActor at once; once fixed, each creation gets its own actor', async () => {
    process.env.THESPIAN_SPARE_PROCESSES = '0';
    asys = await ActorSystem.start({ base: 'multiprocTCPBase', transientUnique: true, logDefs: false });
    const adminPid = (await asys.status()).pid!;
    const limits = readFileSync(`/proc/${adminPid}/limits`, 'utf8');
    const soft = /Max open files\s+(\d+)/.exec(limits)![1]!;
    expect(readdirSync(`/proc/${adminPid}/fd`).length).toBeGreaterThan(3);
    // Open descriptors stay open; the next pipe or socket the admin makes fails with EMFILE.
    execFileSync('prlimit', ['--pid', String(adminPid), '--nofile=3:']);
    try {
      for (let i = 0; i < 3; i++) {
        const started = Date.now();
        await expect(asys.createActor(PidReporter)).rejects.toThrow(/could not start an actor process: .*EMFILE/);
        expect(Date.now() - started).toBeLessThan(3000);
      }
    } finally {
      execFileSync('prlimit', ['--pid', String(adminPid), `--nofile=${soft}:`]);
    }
    // Nobody left waiting for a spare: each creation now gets the process started for it.
    const first = await asys.createActor(PidReporter);
    const second = await asys.createActor(PidReporter);
    expect(await asys.ask(first, 'one', 5000)).toBe('echo one');
    expect(await asys.ask(second, 'two', 5000)).toBe('echo two');
    expect(first.key).not.toBe(second.key);
  });
});

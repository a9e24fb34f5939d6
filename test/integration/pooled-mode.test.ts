import { afterEach, describe, expect, it } from 'vitest';
import { ActorExitRequest, type ActorAddress, type ActorSystem } from 'thespian-ts';
import { IsolatedEcho, PooledEcho, PooledParent, statusOf } from '../fixtures/pooled-actors.js';
import { baseOf, eventually, POOLED_HOSTS, POOLED_SUFFIX, REPLY_MS, startSystem } from '../support/systems.js';

/**
 * Issue 10 item 4: pooled mode (beyond Thespian). With the capability 'Pooled Actors', actors
 * share a few host processes; messages between actors of one host are handed over in memory;
 * addresses, ChildActorExited (also when a host is killed), dead letters and status are as
 * for actors with a process each. Always run: the rest of the conformance suite runs on it
 * with THESPIAN_TEST_BASES=multiprocTCPBase+pooled. Here on every multi-process base (or those
 * THESPIAN_TEST_BASES names).
 */
const NARROWED = process.env.THESPIAN_TEST_BASES?.split(',').map(baseOf);
const POOLED_BASES = ['multiprocTCPBase', 'multiprocQueueBase', 'multiprocUDPBase'].filter((b) => !NARROWED || NARROWED.includes(b)).map((b) => b + POOLED_SUFFIX);

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Both hosts have started (the second boots at the first creation): actors are placed in either. */
async function bothHostsUp(asys: ActorSystem): Promise<void> {
  const pids = new Set<number>();
  await eventually(
    async () => {
      pids.add((await asys.ask(await asys.createActor(PooledEcho), 'pid', REPLY_MS)) as number);
      return pids.size;
    },
    (n) => n === POOLED_HOSTS,
    10_000,
    100,
  );
  expect(pids.size).toBe(POOLED_HOSTS);
}

describe.each(POOLED_BASES)('pooled mode (%s)', (BASE) => {
  let asys: ActorSystem | undefined;
  afterEach(async () => {
    await asys?.shutdown();
    asys = undefined;
  });

  it('issue 10.4 many actors share the hosts (at most one per host count), and ActorStatus says pooled with the host pid', async () => {
    asys = await startSystem(BASE);
    const actors: ActorAddress[] = [];
    for (let i = 0; i < 8; i++) actors.push(await asys.createActor(PooledEcho));
    const pids = new Set<number>();
    for (const a of actors) pids.add((await asys.ask(a, 'pid', REPLY_MS)) as number);
    expect(pids.size).toBeLessThanOrEqual(POOLED_HOSTS);
    expect(pids.has(process.pid)).toBe(false);
    const st = await statusOf(asys, actors[0]!);
    expect(st?.pooled).toBe(true);
    expect(pids.has(st!.pid!)).toBe(true);
    const sys = await asys.status();
    expect(sys.capabilities['Pooled Actors']).toBe(POOLED_HOSTS);
    expect(sys.actorDetails?.find((d) => d.actorAddress.equals(actors[0]!))?.pooled).toBe(true);
  });

  it('issue 10.4 a message between actors of one host is handed over in memory, not encoded (a class that could not cross processes arrives)', async () => {
    asys = await startSystem(BASE);
    await bothHostsUp(asys);
    const parent = await asys.createActor(PooledParent);
    const parentPid = (await asys.ask(parent, 'pid', REPLY_MS)) as number;
    const children = (await asys.ask(parent, 6, REPLY_MS)) as ActorAddress[];
    expect(children).toHaveLength(6);
    const pids = await Promise.all(children.map(async (c) => (await asys!.ask(c, 'pid', REPLY_MS)) as number));
    const neighbours = pids.filter((p) => p === parentPid).length;
    expect(await asys.ask(parent, 'share', REPLY_MS)).toBe(neighbours);
    for (const [i, c] of children.entries()) {
      // Same host: the unencodable LocalOnly arrived as it was; elsewhere it could not be sent.
      const mark = await eventually(() => asys!.ask(c, 'local?', REPLY_MS), (m) => pids[i] !== parentPid || m === i);
      expect(mark).toBe(pids[i] === parentPid ? i : null);
    }
    // The least-loaded host takes each child: with the parent in one, both get some.
    expect(neighbours).toBeGreaterThan(0);
    expect(neighbours).toBeLessThan(children.length);
  });

  it('issue 10.4 an actor class with `static isolated = true` keeps a process of its own', async () => {
    asys = await startSystem(BASE);
    const pooled = await asys.createActor(PooledEcho);
    const isolated = await asys.createActor(IsolatedEcho);
    const again = await asys.createActor(IsolatedEcho);
    const pids = await Promise.all([pooled, isolated, again].map(async (a) => (await asys!.ask(a, 'pid', REPLY_MS)) as number));
    expect(new Set(pids).size).toBe(3);
    expect((await statusOf(asys, isolated))?.pooled).toBeFalsy();
    expect((await statusOf(asys, pooled))?.pooled).toBe(true);
  });

  it('issue 10.4 an actor that exits leaves its host running; messages to it are dead letters, its parent hears ChildActorExited', async () => {
    asys = await startSystem(BASE);
    const parent = await asys.createActor(PooledParent);
    const [child] = (await asys.ask(parent, 1, REPLY_MS)) as ActorAddress[];
    const pid = (await asys.ask(child!, 'pid', REPLY_MS)) as number;
    await asys.tell(child!, new ActorExitRequest());
    const heard = await eventually(() => asys!.ask(parent, 'exited', REPLY_MS) as Promise<string[]>, (e) => e.length === 1);
    expect(heard).toEqual([child!.key]);
    expect(await asys.ask(child!, 'pid', 300)).toBeUndefined();
    expect(alive(pid)).toBe(true);
    const deadLetters = await eventually(async () => (await asys!.status()).counters.deadLetters ?? 0, (n) => n >= 1);
    expect(deadLetters).toBeGreaterThanOrEqual(1);
  });

  it('issue 10.5 kill -9 of a host gives each of its actors\' parents ChildActorExited; the other host and new creations carry on', async () => {
    asys = await startSystem(BASE);
    await bothHostsUp(asys);
    const parents = [await asys.createActor(PooledParent), await asys.createActor(PooledParent)];
    const kids = await Promise.all(parents.map(async (p) => (await asys!.ask(p, 4, REPLY_MS)) as ActorAddress[]));
    const pidOf = async (a: ActorAddress) => (await asys!.ask(a, 'pid', REPLY_MS)) as number;
    const parentPids = await Promise.all(parents.map(pidOf));
    const kidPids = await Promise.all(kids.map((ks) => Promise.all(ks.map(pidOf))));
    // Kill the host of some children whose parent lives in the other host, if any; else any child's host.
    const victim = kidPids.flat().find((p) => !parentPids.includes(p)) ?? kidPids[0]![0]!;
    process.kill(victim, 'SIGKILL');
    for (const [i, p] of parents.entries()) {
      if (parentPids[i] === victim) continue;
      const expected = kids[i]!.filter((_, j) => kidPids[i]![j] === victim).map((k) => k.key).sort();
      const heard = await eventually(() => asys!.ask(p, 'exited', REPLY_MS) as Promise<string[]>, (e) => e.length >= expected.length, 10_000);
      expect([...heard].sort()).toEqual(expected);
    }
    const fresh = await asys.createActor(PooledEcho);
    expect(await asys.ask(fresh, 'hi', REPLY_MS)).toBe('echo hi');
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ActorBase, Transient, type ActorAddress, type ActorSystem } from 'thespian-ts';
import { BoredActor, TempActor, TransientParent } from '../fixtures/patterns/transient.js';
import { sleep, statusAfterExit, statusOf } from '../support/patterns.js';
import { BASES, REPLY_MS, eventually, startSystem } from '../support/systems.js';

/** Asks `text` every `everyMs` for `rounds` rounds; returns which asks were answered. */
async function keepTalking(asys: ActorSystem, addr: ActorAddress, rounds: number, everyMs: number): Promise<boolean[]> {
  const answered: boolean[] = [];
  for (let i = 0; i < rounds; i++) {
    const r = await asys.ask(addr, `ping ${i}`, 250); // generous for a round trip through another process
    answered.push(r === `got ping ${i}`);
    if (typeof r === 'string' && r.endsWith('exiting')) await asys.listen(100); // the answer may follow
    await sleep(everyMs);
  }
  return answered;
}

describe.each(BASES)('8.2 Transient Actors (%s)', (base) => {
  let asys: ActorSystem;
  beforeEach(async () => {
    asys = await startSystem(base);
  });
  afterEach(async () => {
    await asys.shutdown();
  });

  it('an actor that never receives a message does not exit', async () => {
    const temp = await asys.createActor(TempActor);
    const bored = await asys.createActor(BoredActor);
    await asys.listen(700); // any pending wakeup would fall due inside this wait
    expect(await statusOf(asys, temp)).toBeDefined();
    expect(await statusOf(asys, bored)).toBeDefined();
  });

  it('@Transient exits that long after the first message, however busy it is', async () => {
    const temp = await asys.createActor(TempActor);
    const answered = await keepTalking(asys, temp, 12, 50); // ~600 ms of steady traffic
    expect(answered[0]).toBe(true);
    expect(answered.at(-1)).toBe(false);
    expect(await statusAfterExit(asys, temp)).toBeUndefined();
  });

  it('@TransientIdle stays while it is used, then exits that long after the last message', async () => {
    const bored = await asys.createActor(BoredActor);
    const answered = await keepTalking(asys, bored, 10, 50); // gaps far below 400 ms
    expect(answered.every(Boolean)).toBe(true);
    expect(await statusOf(asys, bored)).toBeDefined();
    expect(await asys.listen(3000)).toBe('BoredActor exiting'); // its own exit handler ran
    expect(await statusAfterExit(asys, bored)).toBeUndefined();
  });

  it('the exit goes through the ActorExitRequest handler; the pattern\'s own wakeups stay hidden', async () => {
    const temp = await asys.createActor(TempActor);
    expect(await asys.ask(temp, 'wake me', 1000)).toBe('got wake me');
    expect(await asys.listen(1000)).toBe('woke with mine'); // the user's own wakeups still arrive
    expect(await asys.listen(3000)).toBe('TempActor exiting');
    expect(await asys.listen(300)).toBeUndefined(); // and no 'woke with' for the transient timer
  });

  it("8.2 the timed-out exit is a real exit: the transient actor's parent receives ChildActorExited for it", async () => {
    // Thespian's transient sends itself ActorExitRequest, so its parent hears of it like any exit.
    const parent = await asys.createActor(TransientParent);
    const child = (await asys.ask(parent, 'spawn', REPLY_MS)) as ActorAddress;
    expect(await statusAfterExit(asys, child)).toBeUndefined();
    const exited = await eventually(async () => (await asys.ask(parent, 'exited', REPLY_MS)) as string[], (e) => e.length > 0);
    expect(exited).toEqual([String(child)]);
  });

});

describe('8.2 Transient Actors: decoration errors', () => {
  it('rejects a bad delay at decoration time, naming the class', () => {
    expect(() => {
      @Transient(-1)
      class Backwards extends ActorBase {}
      return Backwards;
    }).toThrow(/@Transient\(-1\) on Backwards: the exit delay is a number of milliseconds >= 0/);
  });
});

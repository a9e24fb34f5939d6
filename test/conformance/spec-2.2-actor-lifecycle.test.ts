import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ActorExitRequest, StatusRequest, ActorStatus, type ActorAddress, type ActorSystem } from 'thespian-ts';
import { Child, Fragile, Grandparent, Parent } from '../fixtures/conformance/lifecycle.js';
import { BASES, DEAD_LETTERS_BEST_EFFORT, NO_REPLY_MS, REPLY_MS, eventually, eventuallyDead, skipOn, startSystem } from '../support/systems.js';

describe.each(BASES)('2.2 Actor Lifecycle (%s)', (base) => {
  let asys: ActorSystem;
  beforeEach(async () => {
    asys = await startSystem(base);
  });
  afterEach(async () => {
    await asys.shutdown();
  });

  it('2.2.1 createActor on the system makes a top-level actor with no parent', async () => {
    const p = await asys.createActor(Parent);
    const status = (await asys.ask(p, new StatusRequest(), REPLY_MS)) as ActorStatus;
    expect(status.parent).toBeNull();
    expect(status.actorAddress.equals(p)).toBe(true);
  });

  it('2.2.2 an actor creating another becomes its parent', async () => {
    const p = await asys.createActor(Parent);
    const kid = (await asys.ask(p, 'spawn', REPLY_MS)) as ActorAddress;
    expect(await asys.ask(kid, 'hi', REPLY_MS)).toBe('child got hi');
    const status = (await asys.ask(kid, new StatusRequest(), REPLY_MS)) as ActorStatus;
    expect(status.parent?.equals(p)).toBe(true);
    const pstatus = (await asys.ask(p, new StatusRequest(), REPLY_MS)) as ActorStatus;
    expect(pstatus.childActors.map(String)).toEqual([String(kid)]);
  });

  it('2.2.3 ActorExitRequest kills the actor; later messages are dead-lettered', async () => {
    const c = await asys.createActor(Child);
    await asys.tell(c, new ActorExitRequest());
    expect(await eventuallyDead(asys, c)).toBe(false);
    expect(await asys.ask(c, 'anyone?', NO_REPLY_MS)).toBeUndefined();
    if (!skipOn(base, DEAD_LETTERS_BEST_EFFORT)) {
      const status = await eventually(() => asys.status(), (s) => (s.counters.deadLetters ?? 0) > 0);
      expect(status.counters.deadLetters).toBeGreaterThan(0);
    }
  });

  it('2.2.4 the parent gets ChildActorExited naming the child', async () => {
    const p = await asys.createActor(Parent);
    const kid = (await asys.ask(p, 'spawn', REPLY_MS)) as ActorAddress;
    await asys.tell(kid, new ActorExitRequest());
    const report = await eventually(
      async () => (await asys.ask(p, 'report', REPLY_MS)) as { exited: ActorAddress[] },
      (r) => r.exited.length > 0,
    );
    expect(report.exited.map(String)).toEqual([String(kid)]);
  });

  it('2.2.4 exit is recursive: children die with their parent, grandparent is told', async () => {
    const gp = await asys.createActor(Grandparent);
    const p = (await asys.ask(gp, 'make-parent', REPLY_MS)) as ActorAddress;
    const kid = (await asys.ask(p, 'spawn', REPLY_MS)) as ActorAddress;
    await asys.tell(p, new ActorExitRequest());
    expect(await eventuallyDead(asys, p)).toBe(false);
    expect(await eventuallyDead(asys, kid)).toBe(false);
    const exited = await eventually(async () => (await asys.ask(gp, 'exited?', REPLY_MS)) as ActorAddress[], (e) => e.length > 0);
    expect(exited.map(String)).toEqual([String(p)]);
  });

  it('7.4 notRecursive() leaves the children running', async () => {
    const p = await asys.createActor(Parent);
    const k1 = (await asys.ask(p, 'spawn', REPLY_MS)) as ActorAddress;
    const k2 = (await asys.ask(p, 'spawn', REPLY_MS)) as ActorAddress;
    await asys.tell(p, new ActorExitRequest()); // two kids: the handler calls notRecursive()
    expect(await eventuallyDead(asys, p)).toBe(false);
    expect(await asys.ask(k1, 'still here?', REPLY_MS)).toBe('child got still here?');
    expect(await asys.ask(k2, 'still here?', REPLY_MS)).toBe('child got still here?');
  });

  it('2.2.5 a failing actor stays alive for the next message', async () => {
    const f = await asys.createActor(Fragile);
    await asys.ask(f, 'bad', REPLY_MS);
    expect(await asys.ask(f, 'good', REPLY_MS)).toBe('ok good');
  });
});

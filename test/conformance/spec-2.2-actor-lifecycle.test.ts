import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ActorBase,
  ActorExitRequest,
  ChildActorExited,
  Receive,
  StatusRequest,
  ActorStatus,
  type ActorAddress,
  type ActorSystem,
} from 'thespian-ts';
import { BASES, startSystem } from '../support/systems.js';

/** Records everything it hears; answers 'report' with the record. */
class Child extends ActorBase {
  @Receive(String) text(m: string, sender: ActorAddress) {
    this.send(sender, `child got ${m}`);
  }
}

class Parent extends ActorBase {
  private kids: ActorAddress[] = [];
  private exited: ActorAddress[] = [];
  private lastExitRecursive: boolean | undefined;

  @Receive(String) text(m: string, sender: ActorAddress) {
    if (m === 'spawn') {
      const kid = this.createActor(Child);
      this.kids.push(kid);
      this.send(sender, kid);
    } else if (m === 'report') {
      this.send(sender, { kids: this.kids, exited: this.exited });
    }
  }
  @Receive(ChildActorExited) childExited(m: ChildActorExited) {
    this.exited.push(m.childAddress);
  }
  @Receive(ActorExitRequest) exiting(m: ActorExitRequest) {
    this.lastExitRecursive = m.isRecursive;
    if (this.kids.length && this.kids.length % 2 === 0) m.notRecursive();
  }
}

class Grandparent extends ActorBase {
  private parent: ActorAddress | undefined;
  private exited: ActorAddress[] = [];
  @Receive(String) async text(m: string, sender: ActorAddress) {
    if (m === 'make-parent') {
      this.parent = this.createActor(Parent);
      this.send(sender, this.parent);
    } else if (m === 'exited?') {
      this.send(sender, this.exited);
    }
  }
  @Receive(ChildActorExited) childExited(m: ChildActorExited) {
    this.exited.push(m.childAddress);
  }
}

async function isAlive(asys: ActorSystem, addr: ActorAddress): Promise<boolean> {
  return (await asys.ask(addr, new StatusRequest(), 1000)) instanceof ActorStatus;
}

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
    const status = (await asys.ask(p, new StatusRequest(), 1000)) as ActorStatus;
    expect(status.parent).toBeNull();
    expect(status.actorAddress.equals(p)).toBe(true);
  });

  it('2.2.2 an actor creating another becomes its parent', async () => {
    const p = await asys.createActor(Parent);
    const kid = (await asys.ask(p, 'spawn', 1000)) as ActorAddress;
    expect(await asys.ask(kid, 'hi', 1000)).toBe('child got hi');
    const status = (await asys.ask(kid, new StatusRequest(), 1000)) as ActorStatus;
    expect(status.parent?.equals(p)).toBe(true);
    const pstatus = (await asys.ask(p, new StatusRequest(), 1000)) as ActorStatus;
    expect(pstatus.childActors.map(String)).toEqual([String(kid)]);
  });

  it('2.2.3 ActorExitRequest kills the actor; later messages are dead-lettered', async () => {
    const c = await asys.createActor(Child);
    await asys.tell(c, new ActorExitRequest());
    expect(await isAlive(asys, c)).toBe(false);
    expect(await asys.ask(c, 'anyone?', 100)).toBeUndefined();
    expect((await asys.status()).counters.deadLetters).toBeGreaterThan(0);
  });

  it('2.2.4 the parent gets ChildActorExited naming the child', async () => {
    const p = await asys.createActor(Parent);
    const kid = (await asys.ask(p, 'spawn', 1000)) as ActorAddress;
    await asys.tell(kid, new ActorExitRequest());
    const report = (await asys.ask(p, 'report', 1000)) as { exited: ActorAddress[] };
    expect(report.exited.map(String)).toEqual([String(kid)]);
  });

  it('2.2.4 exit is recursive: children die with their parent, grandparent is told', async () => {
    const gp = await asys.createActor(Grandparent);
    const p = (await asys.ask(gp, 'make-parent', 1000)) as ActorAddress;
    const kid = (await asys.ask(p, 'spawn', 1000)) as ActorAddress;
    await asys.tell(p, new ActorExitRequest());
    expect(await isAlive(asys, p)).toBe(false);
    expect(await isAlive(asys, kid)).toBe(false);
    expect(((await asys.ask(gp, 'exited?', 1000)) as ActorAddress[]).map(String)).toEqual([String(p)]);
  });

  it('7.4 notRecursive() leaves the children running', async () => {
    const p = await asys.createActor(Parent);
    const k1 = (await asys.ask(p, 'spawn', 1000)) as ActorAddress;
    const k2 = (await asys.ask(p, 'spawn', 1000)) as ActorAddress;
    await asys.tell(p, new ActorExitRequest()); // two kids: the handler calls notRecursive()
    expect(await isAlive(asys, p)).toBe(false);
    expect(await asys.ask(k1, 'still here?', 1000)).toBe('child got still here?');
    expect(await asys.ask(k2, 'still here?', 1000)).toBe('child got still here?');
  });

  it('2.2.5 a failing actor stays alive for the next message', async () => {
    class Fragile extends ActorBase {
      @Receive(String) text(m: string, sender: ActorAddress) {
        if (m === 'bad') throw new Error('bad input');
        this.send(sender, `ok ${m}`);
      }
    }
    const f = await asys.createActor(Fragile);
    await asys.ask(f, 'bad', 1000);
    expect(await asys.ask(f, 'good', 1000)).toBe('ok good');
  });
});

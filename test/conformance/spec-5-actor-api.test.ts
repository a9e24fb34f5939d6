import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ActorBase, ActorSystemException, PoisonMessage, Receive, type ActorAddress, type ActorSystem } from 'thespian-ts';
import { BASES, startSystem } from '../support/systems.js';

class Self extends ActorBase {
  @Receive(String) text(_m: string, sender: ActorAddress) {
    this.send(sender, this.myAddress);
  }
}

class SendsInConstructor extends ActorBase {
  constructor() {
    super();
    this.send(this.myAddress, 'too early');
  }
}

/** An async handler: the next message waits until this one settles. */
class Serial extends ActorBase {
  private trail: string[] = [];
  @Receive(Number) async work(ms: number, sender: ActorAddress) {
    this.trail.push(`start ${ms}`);
    await new Promise((r) => setTimeout(r, ms));
    this.trail.push(`end ${ms}`);
    this.send(sender, ms);
  }
  @Receive(String) text(_m: string, sender: ActorAddress) {
    this.send(sender, this.trail);
  }
}

class Mutator extends ActorBase {
  @Receive(Object) touch(m: { foo: string }, sender: ActorAddress) {
    m.foo = 'bar';
    this.send(sender, 'done');
  }
}

class Stopper extends ActorBase {
  @Receive(String) text() {
    this.actorSystemShutdown();
  }
}

class Logs extends ActorBase {
  @Receive(String) text(m: string, sender: ActorAddress) {
    this.log('info', `got ${m}`);
    this.send(sender, 'logged');
  }
}

describe.each(BASES)('5 Actor API (%s)', (base) => {
  let asys: ActorSystem;
  beforeEach(async () => {
    asys = await startSystem(base);
  });
  afterEach(async () => {
    await asys.shutdown();
  });

  it('5.1 myAddress is the address createActor returned', async () => {
    const a = await asys.createActor(Self);
    const reported = (await asys.ask(a, 'who?', 1000)) as ActorAddress;
    expect(reported.equals(a)).toBe(true);
  });

  it('1.2 addresses print short and readable, and compare by value', async () => {
    const a = await asys.createActor(Self);
    expect(String(a)).toMatch(/^ActorAddr-\(Self\|.+\)$/);
    expect(String(a).length).toBeLessThan(60);
    const copy = new (a.constructor as new (k: string, l: string) => ActorAddress)(a.key, 'other label');
    expect(copy.equals(a)).toBe(true);
    expect(await asys.ask(copy, 'via copy', 1000)).toBeDefined();
  });

  it('5 a constructor that sends fails with a clear error: the actor is not live yet', async () => {
    const err = await asys.createActor(SendsInConstructor).catch((e: unknown) => e);
    expect(String((err as Error).message)).toMatch(/not live yet/);
    expect(new SendsInConstructorProbe().error()).toBeInstanceOf(ActorSystemException);
  });

  it('5.2 an async handler runs to completion before the actor takes its next message', async () => {
    const s = await asys.createActor(Serial);
    await asys.tell(s, 30);
    await asys.tell(s, 1);
    expect(await asys.listen(2000)).toBe(30);
    expect(await asys.listen(2000)).toBe(1);
    expect(await asys.ask(s, 'log', 1000)).toEqual(['start 30', 'end 30', 'start 1', 'end 1']);
  });

  it('5.16 actorSystemShutdown() from an actor shuts the whole system down', async () => {
    const s = await asys.createActor(Stopper);
    await asys.tell(s, 'stop');
    await new Promise((r) => setTimeout(r, 20));
    await expect(asys.tell(s, 'again')).rejects.toThrow(/shut down/);
  });

  it('4.13 this.log() records carry the actor address', async () => {
    const records: { message: string; actorAddress?: string }[] = [];
    const logged = await startSystemWithSink(base, records);
    try {
      const l = await logged.createActor(Logs);
      expect(await logged.ask(l, 'x', 1000)).toBe('logged');
      expect(records).toContainEqual(expect.objectContaining({ message: 'got x', actorAddress: String(l) }));
    } finally {
      await logged.shutdown();
    }
  });

  it('5.2 a poisoned message keeps the modifications made by the failed attempts', async () => {
    class Marker extends ActorBase {
      @Receive(Object) m(msg: { marks: number }) {
        msg.marks++;
        throw new Error('fail');
      }
    }
    const m = await asys.createActor(Marker);
    const p = (await asys.ask(m, { marks: 0 }, 1000)) as PoisonMessage;
    expect((p.poisonMessage as { marks: number }).marks).toBe(2);
  });
});

describe('4.1.1 Message Mutability (simpleSystemBase)', () => {
  it('4.1.1 messages are not copied: the recipient can modify the sender\'s object', async () => {
    const asys = await startSystem('simpleSystemBase');
    try {
      const m = await asys.createActor(Mutator);
      const msg = { foo: 'foo' };
      expect(await asys.ask(m, msg, 1000)).toBe('done');
      expect(msg.foo).toBe('bar');
    } finally {
      await asys.shutdown();
    }
  });
});

class SendsInConstructorProbe extends ActorBase {
  error(): unknown {
    try {
      return this.myAddress;
    } catch (e) {
      return e;
    }
  }
}

async function startSystemWithSink(base: string, records: { message: string; actorAddress?: string }[]) {
  const { ActorSystem } = await import('thespian-ts');
  return ActorSystem.start({ base, transientUnique: true, logDefs: { level: 'debug', sink: (r) => records.push(r) } });
}

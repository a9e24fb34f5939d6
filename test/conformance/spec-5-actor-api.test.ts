import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ActorSystemException, type ActorAddress, type ActorSystem, type LogRecord, type PoisonMessage } from 'thespian-ts';
import { Logs, Marker, Mutator, Self, SendsInConstructor, SendsInConstructorProbe, Serial, Stopper } from '../fixtures/conformance/actor-api.js';
import { BASES, REPLY_MS, eventually, startSystem } from '../support/systems.js';

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
    const reported = (await asys.ask(a, 'who?', REPLY_MS)) as ActorAddress;
    expect(reported.equals(a)).toBe(true);
  });

  it('1.2 addresses print short and readable, and compare by value', async () => {
    const a = await asys.createActor(Self);
    expect(String(a)).toMatch(/^ActorAddr-\(Self\|.+\)$/);
    expect(String(a).length).toBeLessThan(60);
    const copy = new (a.constructor as new (k: string, l: string) => ActorAddress)(a.key, 'other label');
    expect(copy.equals(a)).toBe(true);
    expect(await asys.ask(copy, 'via copy', REPLY_MS)).toBeDefined();
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
    expect(await asys.listen(REPLY_MS)).toBe(30);
    expect(await asys.listen(REPLY_MS)).toBe(1);
    expect(await asys.ask(s, 'log', REPLY_MS)).toEqual(['start 30', 'end 30', 'start 1', 'end 1']);
  });

  it('5.16 actorSystemShutdown() from an actor shuts the whole system down', async () => {
    const s = await asys.createActor(Stopper);
    await asys.tell(s, 'stop');
    // The request travels to the actor and back to the system: wait until tell starts failing.
    await eventually(
      () => asys.tell(s, 'again').then(() => undefined, (e: unknown) => e),
      (e) => e !== undefined,
    );
    await expect(asys.tell(s, 'again')).rejects.toThrow(/shut down/);
  });

  it('4.13 this.log() records carry the actor address', async () => {
    const records: LogRecord[] = [];
    const logged = await startSystem(base, {}, { logDefs: { level: 'debug', sink: (r) => records.push(r) } });
    try {
      const l = await logged.createActor(Logs);
      expect(await logged.ask(l, 'x', REPLY_MS)).toBe('logged');
      await eventually(() => records, (rs) => rs.some((r) => r.message === 'got x'));
      expect(records).toContainEqual(expect.objectContaining({ message: 'got x', actorAddress: String(l) }));
    } finally {
      await logged.shutdown();
    }
  });

  it('5.2 a poisoned message keeps the modifications made by the failed attempts', async () => {
    const m = await asys.createActor(Marker);
    const p = (await asys.ask(m, { marks: 0 }, REPLY_MS)) as PoisonMessage;
    expect((p.poisonMessage as { marks: number }).marks).toBe(2);
  });
});

describe('4.1.1 Message Mutability (simpleSystemBase)', () => {
  it('4.1.1 messages are not copied: the recipient can modify the sender\'s object', async () => {
    const asys = await startSystem('simpleSystemBase');
    try {
      const m = await asys.createActor(Mutator);
      const msg = { foo: 'foo' };
      expect(await asys.ask(m, msg, REPLY_MS)).toBe('done');
      expect(msg.foo).toBe('bar');
    } finally {
      await asys.shutdown();
    }
  });
});

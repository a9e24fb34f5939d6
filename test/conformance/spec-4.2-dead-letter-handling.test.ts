import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ActorBase,
  ActorExitRequest,
  ChildActorExited,
  DeadEnvelope,
  Receive,
  type ActorAddress,
  type ActorSystem,
} from 'thespian-ts';
import { BASES, startSystem } from '../support/systems.js';

class DeadLetterCollector extends ActorBase {
  private seen: { to: string; msg: unknown }[] = [];
  @Receive(String) text(m: string, sender: ActorAddress) {
    if (m === 'start') this.handleDeadLetters();
    if (m === 'stop') this.handleDeadLetters(false);
    if (m === 'seen') this.send(sender, this.seen);
    else this.send(sender, 'ok');
  }
  @Receive(DeadEnvelope) dead(m: DeadEnvelope) {
    this.seen.push({ to: String(m.deadAddress), msg: m.deadMessage });
  }
}

class Victim extends ActorBase {
  @Receive(String) text(m: string, sender: ActorAddress) {
    this.send(sender, m);
  }
}

class BrokenCtor extends ActorBase {
  constructor() {
    super();
    throw new Error('cannot start: no database');
  }
}

/** Creates a child that cannot start and messages it at once (the address comes back first). */
class Creator extends ActorBase {
  private exited: string[] = [];
  @Receive(String) text(m: string, sender: ActorAddress) {
    if (m === 'create-broken') {
      const child = this.createActor(BrokenCtor);
      this.send(child, 'hello, are you there?');
      this.send(sender, child);
    } else if (m === 'exited') {
      this.send(sender, this.exited);
    }
  }
  @Receive(ChildActorExited) child(m: ChildActorExited) {
    this.exited.push(String(m.childAddress));
  }
}

describe.each(BASES)('4.2 Dead Letter Handling (%s)', (base) => {
  let asys: ActorSystem;
  beforeEach(async () => {
    asys = await startSystem(base);
  });
  afterEach(async () => {
    await asys.shutdown();
  });

  it('4.2 messages to an exited actor reach the registered handler as DeadEnvelope', async () => {
    const dl = await asys.createActor(DeadLetterCollector);
    await asys.ask(dl, 'start', 1000);
    const v = await asys.createActor(Victim);
    await asys.tell(v, new ActorExitRequest());
    await asys.tell(v, 'are you dead?');
    const seen = (await asys.ask(dl, 'seen', 1000)) as { to: string; msg: unknown }[];
    expect(seen).toEqual([{ to: String(v), msg: 'are you dead?' }]);
  });

  it('5.6 handleDeadLetters(false) stops the delivery; without a handler they are discarded', async () => {
    const dl = await asys.createActor(DeadLetterCollector);
    await asys.ask(dl, 'start', 1000);
    await asys.ask(dl, 'stop', 1000);
    const v = await asys.createActor(Victim);
    await asys.tell(v, new ActorExitRequest());
    await asys.tell(v, 'lost');
    expect(await asys.ask(dl, 'seen', 1000)).toEqual([]);
    expect((await asys.status()).counters.deadLetters).toBe(1);
  });

  it('4.3 a child whose constructor throws: address at once, messages dead-lettered, parent told', async () => {
    const dl = await asys.createActor(DeadLetterCollector);
    await asys.ask(dl, 'start', 1000);
    const creator = await asys.createActor(Creator);
    const child = (await asys.ask(creator, 'create-broken', 1000)) as ActorAddress;
    expect(String(child)).toContain('BrokenCtor');
    expect(await asys.ask(creator, 'exited', 1000)).toEqual([String(child)]);
    const seen = (await asys.ask(dl, 'seen', 1000)) as { to: string; msg: unknown }[];
    expect(seen).toEqual([{ to: String(child), msg: 'hello, are you there?' }]);
  });

  it('6.4 a top-level actor whose constructor throws rejects createActor naming the class and the error', async () => {
    await expect(asys.createActor(BrokenCtor)).rejects.toThrow(/BrokenCtor could not start.*no database/);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ActorBase, PoisonMessage, Receive, type ActorAddress, type ActorSystem } from 'thespian-ts';
import { BASES, startSystem } from '../support/systems.js';

class Flaky extends ActorBase {
  private attempts = new Map<string, number>();
  @Receive(String) text(m: string, sender: ActorAddress) {
    const n = (this.attempts.get(m) ?? 0) + 1;
    this.attempts.set(m, n);
    if (m === 'always-fails') throw new Error(`attempt ${n} failed`);
    if (m === 'fails-once' && n === 1) throw new Error('first attempt failed');
    this.send(sender, `${m} handled on attempt ${n}`);
  }
  @Receive(Number) count(_m: number, sender: ActorAddress) {
    this.send(sender, this.attempts.get('always-fails') ?? 0);
  }
}

class AsyncFlaky extends ActorBase {
  private tries = 0;
  @Receive(String) async text(m: string, sender: ActorAddress) {
    this.tries++;
    await new Promise((r) => setTimeout(r, 1));
    if (m === 'reject' || (m === 'reject-once' && this.tries === 1)) throw new Error(`async failure ${this.tries}`);
    this.send(sender, `async ${m} after ${this.tries} tries`);
  }
}

class BadSender extends ActorBase {
  @Receive(String) text(m: string) {
    this.send(m as unknown as ActorAddress, 'oops');
  }
}

/** Forwards work to a target and reports what came back to it. */
class Middle extends ActorBase {
  private client: ActorAddress | undefined;
  @Receive(Array) go([target, msg]: [ActorAddress, unknown], sender: ActorAddress) {
    this.client = sender;
    this.send(target, msg);
  }
  @Receive(PoisonMessage) poisoned(m: PoisonMessage) {
    if (this.client) this.send(this.client, `middle saw poison of ${String(m.poisonMessage)}`);
  }
}

class PoisonsPoison extends ActorBase {
  @Receive(PoisonMessage) p() {
    throw new Error('cannot handle poison either');
  }
  @Receive(Array) go([target, msg]: [ActorAddress, unknown]) {
    this.send(target, msg);
  }
}

describe.each(BASES)('4.4 PoisonMessage Returns (%s)', (base) => {
  let asys: ActorSystem;
  beforeEach(async () => {
    asys = await startSystem(base);
  });
  afterEach(async () => {
    await asys.shutdown();
  });

  it('2.2.5 a message that fails once is retried and succeeds', async () => {
    const a = await asys.createActor(Flaky);
    expect(await asys.ask(a, 'fails-once', 1000)).toBe('fails-once handled on attempt 2');
  });

  it('4.4 a message that fails twice comes back as PoisonMessage, tried exactly twice', async () => {
    const a = await asys.createActor(Flaky);
    const reply = await asys.ask(a, 'always-fails', 1000);
    expect(reply).toBeInstanceOf(PoisonMessage);
    const poison = reply as PoisonMessage;
    expect(poison.poisonMessage).toBe('always-fails');
    expect(poison.details).toContain('Flaky');
    expect(poison.details).toContain('attempt 2 failed');
    expect(await asys.ask(a, 0, 1000)).toBe(2);
  });

  it('4.4 an async handler that rejects is retried once, then poisoned', async () => {
    const a = await asys.createActor(AsyncFlaky);
    expect(await asys.ask(a, 'reject-once', 2000)).toBe('async reject-once after 2 tries');
    const p = (await asys.ask(a, 'reject', 2000)) as PoisonMessage;
    expect(p).toBeInstanceOf(PoisonMessage);
    expect(p.details).toContain('async failure');
  });

  it('4.4 the poison goes to the actor that sent the message', async () => {
    const mid = await asys.createActor(Middle);
    const flaky = await asys.createActor(Flaky);
    expect(await asys.ask(mid, [flaky, 'always-fails'], 1000)).toBe('middle saw poison of always-fails');
  });

  it('5.4 send() to something that is not an address poisons the message, naming InvalidActorAddress', async () => {
    const a = await asys.createActor(BadSender);
    const p = (await asys.ask(a, 'not-an-address', 1000)) as PoisonMessage;
    expect(p).toBeInstanceOf(PoisonMessage);
    expect(p.details).toContain('InvalidActorAddress');
    expect(p.details).toContain('BadSender.send()');
  });

  it('release 2.4.3: a PoisonMessage that fails is not returned again (no endless recursion)', async () => {
    const pp = await asys.createActor(PoisonsPoison);
    const flaky = await asys.createActor(Flaky);
    await asys.tell(pp, [flaky, 'always-fails']);
    expect(await asys.ask(flaky, 0, 1000)).toBe(2);
    expect((await asys.status()).counters.poisonMessages).toBeGreaterThanOrEqual(2);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ActorExitRequest, type ActorAddress, type ActorSystem } from 'thespian-ts';
import { BrokenCtor, Creator, DeadLetterCollector, Victim } from '../fixtures/conformance/dead-letters.js';
import { BASES, DEAD_LETTERS_BEST_EFFORT, REPLY_MS, eventually, itOn, skipOn, startSystem } from '../support/systems.js';

type Seen = { to: string; msg: unknown }[];

describe.each(BASES)('4.2 Dead Letter Handling (%s)', (base) => {
  let asys: ActorSystem;
  beforeEach(async () => {
    asys = await startSystem(base);
  });
  afterEach(async () => {
    await asys.shutdown();
  });

  const deadLetterTest = itOn(base, DEAD_LETTERS_BEST_EFFORT);
  const seenBy = (dl: ActorAddress) => async () => (await asys.ask(dl, 'seen', REPLY_MS)) as Seen;

  deadLetterTest('4.2 messages to an exited actor reach the registered handler as DeadEnvelope', async () => {
    const dl = await asys.createActor(DeadLetterCollector);
    await asys.ask(dl, 'start', REPLY_MS);
    const v = await asys.createActor(Victim);
    await asys.tell(v, new ActorExitRequest());
    await asys.tell(v, 'are you dead?');
    const seen = await eventually(seenBy(dl), (s) => s.length > 0);
    expect(seen).toEqual([{ to: String(v), msg: 'are you dead?' }]);
  });

  deadLetterTest('5.6 handleDeadLetters(false) stops the delivery; without a handler they are discarded', async () => {
    const dl = await asys.createActor(DeadLetterCollector);
    await asys.ask(dl, 'start', REPLY_MS);
    await asys.ask(dl, 'stop', REPLY_MS);
    const v = await asys.createActor(Victim);
    await asys.tell(v, new ActorExitRequest());
    await asys.tell(v, 'lost');
    // Once the letter is counted it has gone wherever it was going to go.
    const status = await eventually(() => asys.status(), (s) => (s.counters.deadLetters ?? 0) > 0);
    expect(await asys.ask(dl, 'seen', REPLY_MS)).toEqual([]);
    expect(status.counters.deadLetters).toBe(1);
  });

  it('4.3 a child whose constructor throws: address at once, messages dead-lettered, parent told', async () => {
    const dl = await asys.createActor(DeadLetterCollector);
    await asys.ask(dl, 'start', REPLY_MS);
    const creator = await asys.createActor(Creator);
    const child = (await asys.ask(creator, 'create-broken', REPLY_MS)) as ActorAddress;
    expect(String(child)).toContain('BrokenCtor');
    const exited = await eventually(async () => (await asys.ask(creator, 'exited', REPLY_MS)) as string[], (e) => e.length > 0);
    expect(exited).toEqual([String(child)]);
    if (!skipOn(base, DEAD_LETTERS_BEST_EFFORT)) {
      const seen = await eventually(seenBy(dl), (s) => s.length > 0);
      expect(seen).toEqual([{ to: String(child), msg: 'hello, are you there?' }]);
    }
  });

  it('6.4 a top-level actor whose constructor throws rejects createActor naming the class and the error', async () => {
    await expect(asys.createActor(BrokenCtor)).rejects.toThrow(/BrokenCtor could not start.*no database/);
  });
});

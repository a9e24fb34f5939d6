import { afterEach, beforeEach, describe, expect } from 'vitest';
import { ActorExitRequest, type ActorAddress, type ActorSystem } from 'thespian-ts';
import { DeadLetterCollector, Victim } from '../fixtures/conformance/dead-letters.js';
import { BASES, DEAD_LETTERS_BEST_EFFORT, NO_REPLY_MS, REPLY_MS, eventually, itOn, startSystem } from '../support/systems.js';

type Seen = { to: string; msg: unknown }[];

/**
 * Issue 14 item 1. Thespian keeps one dead-letter handler (adminCore.py `_deadLetterHandler`,
 * simpleSystemBase's 'DeadLetterBox' registry entry): registering replaces it, and an
 * unregistration counts only from the current handler. The guide (4.3) does not say what
 * happens with two registrations; these tests follow the code.
 */
describe.each(BASES)('4.3 Dead letter handler registration (%s)', (base) => {
  let asys: ActorSystem;
  beforeEach(async () => {
    asys = await startSystem(base);
  });
  afterEach(async () => {
    await asys.shutdown();
  });

  const dlTest = itOn(base, DEAD_LETTERS_BEST_EFFORT);
  const seenBy = (dl: ActorAddress) => async () => (await asys.ask(dl, 'seen', REPLY_MS)) as Seen;
  /** Registrations travel from each actor's process to the admin: wait until `dl` is the one it holds. */
  const handlerIs = async (dl: ActorAddress | undefined) =>
    eventually(
      async () => (await asys.status()).deadLetterHandlers.map((a) => a.key),
      (h) => (dl ? h.length === 1 && h[0] === dl.key : h.length === 0),
    );
  const killVictimAndWrite = async (text: string) => {
    const v = await asys.createActor(Victim);
    await asys.tell(v, new ActorExitRequest());
    // Not probed with StatusRequest: a probe of the dead would be a dead letter itself.
    await eventually(() => asys.status(), (s) => !s.actors.some((a) => a.equals(v)));
    const before = (await asys.status()).counters.deadLetters ?? 0;
    await asys.tell(v, text);
    // Once the letter is counted it has gone wherever it was going to go.
    await eventually(() => asys.status(), (s) => (s.counters.deadLetters ?? 0) > before);
    return v;
  };

  dlTest('4.3 the latest handleDeadLetters() registration wins: the earlier handler gets nothing more', async () => {
    const first = await asys.createActor(DeadLetterCollector);
    const second = await asys.createActor(DeadLetterCollector);
    await asys.ask(first, 'start', REPLY_MS);
    await handlerIs(first);
    await asys.ask(second, 'start', REPLY_MS);
    expect(await handlerIs(second)).toEqual([second.key]);
    const v = await killVictimAndWrite('to the latest');
    expect(await eventually(seenBy(second), (s) => s.length > 0)).toEqual([{ to: String(v), msg: 'to the latest' }]);
    expect(await asys.ask(first, 'seen', REPLY_MS)).toEqual([]);
  });

  dlTest('4.3 handleDeadLetters(false) from an actor that is no longer the handler changes nothing', async () => {
    const first = await asys.createActor(DeadLetterCollector);
    const second = await asys.createActor(DeadLetterCollector);
    await asys.ask(first, 'start', REPLY_MS);
    await handlerIs(first);
    await asys.ask(second, 'start', REPLY_MS);
    await handlerIs(second);
    await asys.ask(first, 'stop', REPLY_MS);
    // The stop has reached the admin once a later request from the same actor has.
    await asys.ask(first, 'seen', REPLY_MS);
    expect((await asys.status()).deadLetterHandlers.map((a) => a.key)).toEqual([second.key]);
    const v = await killVictimAndWrite('still handled');
    expect(await eventually(seenBy(second), (s) => s.length > 0)).toEqual([{ to: String(v), msg: 'still handled' }]);
    expect(await asys.ask(first, 'seen', REPLY_MS)).toEqual([]);
  });

  dlTest('4.3 when the handler exits, dead letters are discarded (not handed back to an earlier handler) until a new registration', async () => {
    const first = await asys.createActor(DeadLetterCollector);
    const second = await asys.createActor(DeadLetterCollector);
    await asys.ask(first, 'start', REPLY_MS);
    await handlerIs(first);
    await asys.ask(second, 'start', REPLY_MS);
    await handlerIs(second);
    await asys.tell(second, new ActorExitRequest());
    expect(await handlerIs(undefined)).toEqual([]);
    await killVictimAndWrite('discarded');
    expect(await asys.ask(first, 'seen', NO_REPLY_MS * 10)).toEqual([]);
    await asys.ask(first, 'start', REPLY_MS);
    await handlerIs(first);
    const v = await killVictimAndWrite('handled again');
    expect(await eventually(seenBy(first), (s) => s.length > 0)).toEqual([{ to: String(v), msg: 'handled again' }]);
  });
});

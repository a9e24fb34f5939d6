import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ActorExitRequest, type ActorAddress, type ActorSystem } from 'thespian-ts';
import { NameTaker, OtherRegistry, Registry } from '../fixtures/conformance/named.js';
import { BASES, REPLY_MS, eventually, startSystem } from '../support/systems.js';

/**
 * Issue 14 item 2. Thespian's createActor looks a globalName up in the admin before the class
 * is loaded (the guide, 4.6 and 5.3.1, only says the same name gives the same actor): these
 * tests follow the code, so a held name is answered with its holder whatever the spec.
 * On the multi-process bases a name's key outlives its holder: processes that learned the
 * holder's route are told to forget it when it exits, so they find the next holder.
 */
describe.each(BASES)('4.6 Named actors: the name before the class (%s)', (base) => {
  let asys: ActorSystem;
  beforeEach(async () => {
    asys = await startSystem(base);
  });
  afterEach(async () => {
    await asys.shutdown();
  });

  const nameGone = (name: string) => eventually(() => asys.status(), (s) => !(name in s.globalNames));

  it('4.6 createActor with a held globalName returns the holder without resolving the spec: a bogus spec is no error then', async () => {
    const held = await asys.createActor(Registry, { globalName: 'OnlyOne' });
    const bogus = await asys.createActor('no/such/module.js:Nothing', { globalName: 'OnlyOne' });
    const other = await asys.createActor(OtherRegistry, { globalName: 'OnlyOne' });
    expect(bogus.equals(held)).toBe(true);
    expect(other.equals(held)).toBe(true);
    expect(await asys.ask(other, 'name', REPLY_MS)).toBe('OnlyOne'); // the Registry answers, not an OtherRegistry
    const taker = await asys.createActor(NameTaker);
    const fromActor = (await asys.ask(taker, 'take-bogus', REPLY_MS)) as ActorAddress;
    expect(fromActor.equals(held)).toBe(true);
    expect(await asys.ask(fromActor, 'count', REPLY_MS)).toBe(2);
    // Without a holder the spec is resolved, and a bogus one is the error it always was.
    await expect(asys.createActor('no/such/module.js:Nothing', { globalName: 'Free' })).rejects.toThrow(/no\/such\/module/);
  });

  it("5.3.1 an external createActor of another class for a name an actor's child holds returns that child at once", async () => {
    const taker = await asys.createActor(NameTaker);
    const held = (await asys.ask(taker, 'take', REPLY_MS)) as ActorAddress;
    const started = Date.now();
    // Asked while the child may still be starting: the answer waits for it, not for a timeout.
    const other = await asys.createActor(OtherRegistry, { globalName: 'OnlyOne' });
    expect(Date.now() - started).toBeLessThan(REPLY_MS);
    expect(other.equals(held)).toBe(true);
    expect(await asys.ask(other, 'name', REPLY_MS)).toBe('OnlyOne');
  });

  it('4.6 a name taken from outside is returned to an actor asking for it; when its holder exits the name is free for anyone', async () => {
    const outside = await asys.createActor(OtherRegistry, { globalName: 'OnlyOne' });
    const taker = await asys.createActor(NameTaker);
    const seenByActor = (await asys.ask(taker, 'take', REPLY_MS)) as ActorAddress;
    expect(seenByActor.equals(outside)).toBe(true);
    expect(await asys.ask(seenByActor, 'name', REPLY_MS)).toBe('other:OnlyOne');

    await asys.tell(outside, new ActorExitRequest());
    await nameGone('OnlyOne');
    // Free for an actor: its creation makes a Registry this time.
    const fromActor = (await asys.ask(taker, 'take', REPLY_MS)) as ActorAddress;
    expect(await asys.ask(fromActor, 'name', REPLY_MS)).toBe('OnlyOne');

    await asys.tell(fromActor, new ActorExitRequest());
    await nameGone('OnlyOne');
    // And free from outside again, for yet another class.
    const again = await asys.createActor(OtherRegistry, { globalName: 'OnlyOne' });
    expect(await asys.ask(again, 'name', REPLY_MS)).toBe('other:OnlyOne');
    expect(((await asys.ask(taker, 'take', REPLY_MS)) as ActorAddress).equals(again)).toBe(true);
  });
});

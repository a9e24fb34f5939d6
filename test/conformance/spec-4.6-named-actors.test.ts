import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ActorExitRequest, type ActorAddress, type ActorSystem } from 'thespian-ts';
import { Registry, Requester } from '../fixtures/conformance/named.js';
import { BASES, REPLY_MS, eventually, multiprocessOptOut, skipOn, startSystem } from '../support/systems.js';

/** Bases where a re-created named actor may get the address its exited predecessor had. */
const REUSES_NAMED_ADDRESSES = multiprocessOptOut(
  'the admin finds a named actor by its name, so a successor may get an address equal to the exited one',
);

describe.each(BASES)('4.6 Named Actors (%s)', (base) => {
  let asys: ActorSystem;
  beforeEach(async () => {
    asys = await startSystem(base);
  });
  afterEach(async () => {
    await asys.shutdown();
  });

  it('4.6 every create with the same globalName returns the same actor', async () => {
    const a = await asys.createActor(Registry, { globalName: 'registry' });
    const b = await asys.createActor(Registry, { globalName: 'registry' });
    expect(a.equals(b)).toBe(true);
    const r = await asys.createActor(Requester);
    const c = (await asys.ask(r, 'get', REPLY_MS)) as ActorAddress;
    expect(c.equals(a)).toBe(true);
    expect(await asys.ask(a, 'count', REPLY_MS)).toBe(1);
    expect(await asys.ask(c, 'count', REPLY_MS)).toBe(2);
    expect((await asys.status()).globalNames).toHaveProperty('registry');
  });

  it('5.3.1 this.globalName is the name, or empty for unnamed actors (release 3.9.0)', async () => {
    const named = await asys.createActor(Registry, { globalName: 'the-one' });
    const plain = await asys.createActor(Registry);
    expect(await asys.ask(named, 'name', REPLY_MS)).toBe('the-one');
    expect(await asys.ask(plain, 'name', REPLY_MS)).toBe('');
  });

  it('5.3.1 a named actor has the system as parent: its requester gets no ChildActorExited', async () => {
    const r = await asys.createActor(Requester);
    const reg = (await asys.ask(r, 'get', REPLY_MS)) as ActorAddress;
    await asys.tell(reg, new ActorExitRequest());
    // Wait until the name is released: a ChildActorExited, if one were sent, is on its way by then.
    const status = await eventually(() => asys.status(), (s) => !('registry' in s.globalNames));
    expect(await asys.ask(r, 'exits', REPLY_MS)).toBe(0);
    expect(status.globalNames).not.toHaveProperty('registry');
    const again = await asys.createActor(Registry, { globalName: 'registry' });
    if (!skipOn(base, REUSES_NAMED_ADDRESSES)) expect(again.equals(reg)).toBe(false);
    expect(await asys.ask(again, 'count', REPLY_MS)).toBe(1);
  });
});

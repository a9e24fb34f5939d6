import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ActorSystem } from 'thespian-ts';
import { AsyncSuper, LongMsg, Overrider, Shapes, ShortMsg, SubTyper4, Subtyper, Subtyper2, Typer } from '../fixtures/conformance/dispatch.js';
import { BASES, NO_REPLY_MS, REPLY_MS, itOn, multiprocessOptOut, startSystem } from '../support/systems.js';

/** Same class name, different class object: dispatch matches by name (5.17.1). */
function makeOtherLongMsg() {
  return class LongMsg {};
}

const SAME_PROCESS_ONLY = multiprocessOptOut(
  'an undecorated message class cannot cross a process boundary (MESSAGE_CLASS_NOT_REGISTERED); across processes every message is restored from its wire id',
);

describe.each(BASES)('5.17 ActorTypeDispatcher (%s)', (base) => {
  let asys: ActorSystem;
  beforeEach(async () => {
    asys = await startSystem(base);
  });
  afterEach(async () => {
    await asys.shutdown();
  });

  it('5.17 dispatches on message type, builtins included', async () => {
    const t = await asys.createActor(Typer);
    expect(await asys.ask(t, 1, REPLY_MS)).toBe('Got an int');
    expect(await asys.ask(t, '1', REPLY_MS)).toBe('Got a string');
    expect(await asys.ask(t, new LongMsg(), REPLY_MS)).toBe('Got a long message');
    expect(await asys.ask(t, new ShortMsg(), REPLY_MS)).toBe('Got a message');
  });

  it('5.17.1 derived actor classes and derived message classes', async () => {
    const a1 = await asys.createActor(Typer);
    expect(await asys.ask(a1, new ShortMsg(), REPLY_MS)).toBe('Got a message');
    expect(await asys.ask(a1, new LongMsg(), REPLY_MS)).toBe('Got a long message');
    const a2 = await asys.createActor(Subtyper);
    expect(await asys.ask(a2, new ShortMsg(), REPLY_MS)).toBe('Got a short message');
    expect(await asys.ask(a2, new LongMsg(), REPLY_MS)).toBe('Got a long message');
  });

  // A second class named LongMsg can only reach an actor in the same process: across processes
  // a message is restored from its @Message wire id, and an undecorated class cannot be sent.
  itOn(base, SAME_PROCESS_ONLY)('5.17.1 matching is by class name, not by module path', async () => {
    const Other = makeOtherLongMsg();
    const t = await asys.createActor(Typer);
    expect(await asys.ask(t, new Other(), REPLY_MS)).toBe('Got a long message');
  });

  it('5.17.2 unrecognized messages go to receiveUnrecognizedMessage, or are discarded', async () => {
    const st = await asys.createActor(Subtyper2);
    expect(await asys.ask(st, new ShortMsg(), REPLY_MS)).toBe('Got a short message');
    expect(await asys.ask(st, 1, REPLY_MS)).toBe('Got an int');
    expect(await asys.ask(st, true, REPLY_MS)).toBe('Did not recognize the message type: boolean');
    const t = await asys.createActor(Typer);
    expect(await asys.ask(t, true, NO_REPLY_MS)).toBeUndefined();
  });

  it('5.17.3 returning SUPER continues the search in base classes', async () => {
    const st = await asys.createActor(SubTyper4);
    expect(await asys.ask(st, new ShortMsg('This is public'), REPLY_MS)).toBe('Got a public short message');
    expect(await asys.ask(st, new ShortMsg('This is private'), REPLY_MS)).toBe('Got a message');
  });

  it('5.17.3 an async handler resolving to SUPER also defers', async () => {
    const st = await asys.createActor(AsyncSuper);
    expect(await asys.ask(st, new ShortMsg('public'), REPLY_MS)).toBe('async public');
    expect(await asys.ask(st, new ShortMsg('private'), REPLY_MS)).toBe('Got a message');
  });

  it('5.17 Boolean, Array, ActorAddress and Object handlers', async () => {
    const s = await asys.createActor(Shapes);
    expect(await asys.ask(s, false, REPLY_MS)).toBe('boolean');
    expect(await asys.ask(s, [1, 2], REPLY_MS)).toBe('array');
    expect(await asys.ask(s, s, REPLY_MS)).toBe('address');
    expect(await asys.ask(s, { a: 1 }, REPLY_MS)).toBe('object');
  });

  it('5.17 an undecorated override of a decorated handler runs instead', async () => {
    const o = await asys.createActor(Overrider);
    expect(await asys.ask(o, 'x', REPLY_MS)).toBe('overridden string');
    expect(await asys.ask(o, 3, REPLY_MS)).toBe('Got an int');
  });
});

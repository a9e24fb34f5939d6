import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ActorBase, InitializingMessages, PoisonMessage, Transient, Troupe, WakeupMessage, type ActorSystem, type InitEntry, type PrivateContext } from 'thespian-ts';
import { Croak, FooActor, InitMsg2, InitMsg3, InitProxy, InitThenTransient, InitTransient, Msg1, SeesAll } from '../fixtures/patterns/initializing.js';
import { collect, statusAfterExit, statusOf } from '../support/patterns.js';
import { BASES, NO_REPLY_MS, REPLY_MS, eventually, startSystem } from '../support/systems.js';

describe.each(BASES)('8.3 Initialization Messages (%s)', (base) => {
  let asys: ActorSystem;
  let tgt: PrivateContext;
  beforeEach(async () => {
    asys = await startSystem(base);
    tgt = await asys.private();
  });
  afterEach(async () => {
    await asys.shutdown();
  });

  it('holds other messages until every init message has arrived, then initDone and the held messages in order', async () => {
    const foo = await asys.createActor(FooActor);
    await asys.tell(foo, new Croak(1));
    await asys.tell(foo, new Msg1('first'));
    await asys.tell(foo, new Croak(2));
    await asys.tell(foo, 'toad'); // replaced by the later string: the last one wins
    await asys.tell(foo, new Msg1('m1'));
    expect(await asys.listen(200)).toBeUndefined(); // nothing handled yet
    await asys.tell(foo, 'ribbit');
    await asys.tell(foo, tgt.address); // the last missing init message
    // initDone first, then each held Croak answers with frog and initM1 (and goes on to initTgt).
    expect(await collect(asys, 5)).toEqual(['Running', 'ribbit', new Msg1('m1'), 'ribbit', new Msg1('m1')]);
    expect(await tgt.listen(1000)).toEqual(new Croak(1));
    expect(await tgt.listen(1000)).toEqual(new Croak(2));
    await asys.tell(foo, new Croak(3)); // after initialization: straight through
    expect(await collect(asys, 2)).toEqual(['ribbit', new Msg1('m1')]);
    expect(await tgt.listen(1000)).toEqual(new Croak(3));
  });

  it('lets system messages through during initialization', async () => {
    const foo = await asys.createActor(FooActor);
    expect(await asys.ask(foo, new WakeupMessage(5, 'early'), 1000)).toBe('system message passed: early');
  });

  it('a held message that fails twice comes back to its sender as a PoisonMessage', async () => {
    const foo = await asys.createActor(FooActor);
    await asys.tell(foo, new Croak(13));
    await asys.tell(foo, new Msg1('m1'));
    await asys.tell(foo, 'ribbit');
    await asys.tell(foo, tgt.address);
    const got = await collect(asys, 2);
    expect(got[0]).toBe('Running');
    expect(got[1]).toBeInstanceOf(PoisonMessage);
    expect((got[1] as PoisonMessage).poisonMessage).toEqual(new Croak(13));
    expect((got[1] as PoisonMessage).details).toMatch(/FooActor failed handling a Croak instance \(held during initialization\).*unlucky croak/);
  });

  it('passthru delivers every message during initialization too', async () => {
    const seer = await asys.createActor(SeesAll);
    expect(await asys.ask(seer, [1], 1000)).toBe('saw [1] with config (none)');
    expect(await asys.ask(seer, 'cfg', 1000)).toBe('saw "cfg" with config cfg');
  });

  it('with @Transient below it, the transient period starts only after initialization', async () => {
    const actor = await asys.createActor(InitThenTransient);
    await asys.tell(actor, new Croak(1));
    await asys.listen(500); // far past 150 ms, still waiting for its init message
    expect(await statusOf(asys, actor)).toBeDefined();
    expect(await asys.ask(actor, 'blue', 1000)).toBe('croak 1 with blue');
    expect(await statusAfterExit(asys, actor)).toBeUndefined(); // 150 ms after the init message
  });

  it("8.3 with @Transient: initDone answers the kept sender of the flagged init message; once the transient delay runs out the actor is gone", async () => {
    // Thespian's test_init_transient, through its ProxyActor: the test is the proxy's kept
    // sender, the proxy is the sender kept as iMsg1Sender by the initialised actor.
    const proxy = await asys.createActor(InitProxy);
    const actor = await asys.createActor(InitTransient);
    await asys.tell(proxy, actor);
    await asys.tell(proxy, new Msg1('one'));
    expect(await asys.ask(proxy, 'ready?', NO_REPLY_MS)).toBeUndefined(); // two of three init messages
    expect(await asys.ask(proxy, new InitMsg2(), REPLY_MS)).toBe('ready?'); // initDone -> iMsg1Sender -> the proxy's sender
    expect(await asys.ask(proxy, new InitMsg3(), REPLY_MS)).toBeInstanceOf(InitMsg2);
    // 600 ms after its first message past initialization it exits: asks then go unanswered.
    expect(await statusAfterExit(asys, actor)).toBeUndefined();
    const late = await eventually(() => asys.ask(proxy, new InitMsg3(), NO_REPLY_MS), (r) => r === undefined);
    expect(late).toBeUndefined();
  });
});

describe('8.3 Initialization Messages: decoration errors', () => {
  it('cannot be combined with @Troupe, in either order, and the error names the class', () => {
    expect(() => {
      @InitializingMessages([['config', String]])
      @Troupe()
      class Crowd extends ActorBase {}
      return Crowd;
    }).toThrow(/Crowd: @InitializingMessages cannot be combined with @Troupe/);
    expect(() => {
      @Troupe()
      @InitializingMessages([['config', String]])
      class Crowd2 extends ActorBase {}
      return Crowd2;
    }).toThrow(/Crowd2: @InitializingMessages cannot be combined with @Troupe/);
  });

  it('must be written above @Transient/@TransientIdle', () => {
    expect(() => {
      @Transient(100)
      @InitializingMessages([['config', String]])
      class Upside extends ActorBase {}
      return Upside;
    }).toThrow(/Upside: write @InitializingMessages above @Transient/);
  });

  it('names a missing initDone method and malformed entries', () => {
    expect(() => {
      @InitializingMessages([['config', String]], { initDone: 'ready' })
      class NoReady extends ActorBase {}
      return NoReady;
    }).toThrow(/initDone names 'ready', but NoReady has no such method/);
    expect(() => {
      @InitializingMessages([['config', 'String'] as unknown as InitEntry])
      class BadEntry extends ActorBase {}
      return BadEntry;
    }).toThrow(/BadEntry: each entry is \[attribute, Type\]/);
  });

  it('only decorates actor classes', () => {
    expect(() => {
      @InitializingMessages([['config', String]])
      class NotAnActor {}
      return NotAnActor;
    }).toThrow(/@InitializingMessages decorates actor classes \(subclasses of ActorBase\); NotAnActor is not one/);
  });
});

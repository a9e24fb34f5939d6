import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ActorBase, Receive, SUPER, ActorAddress, type ActorSystem } from 'thespian-ts';
import { BASES, startSystem } from '../support/systems.js';

// The spec's own example classes (5.17), written with @Receive.
class BaseMsg {}
class ShortMsg extends BaseMsg {
  constructor(public report = '') {
    super();
  }
}
class LongMsg extends BaseMsg {}

class Typer extends ActorBase {
  @Receive(String) str(_m: string, sender: ActorAddress) {
    this.send(sender, 'Got a string');
  }
  @Receive(Number) int(_m: number, sender: ActorAddress) {
    this.send(sender, 'Got an int');
  }
  @Receive(LongMsg) long(_m: LongMsg, sender: ActorAddress) {
    this.send(sender, 'Got a long message');
  }
  @Receive(BaseMsg) base(_m: BaseMsg, sender: ActorAddress) {
    this.send(sender, 'Got a message');
  }
}

class Subtyper extends Typer {
  @Receive(ShortMsg) short(_m: ShortMsg, sender: ActorAddress) {
    this.send(sender, 'Got a short message');
  }
}

class Subtyper2 extends Typer {
  @Receive(ShortMsg) short(_m: ShortMsg, sender: ActorAddress) {
    this.send(sender, 'Got a short message');
  }
  override receiveUnrecognizedMessage(message: unknown, sender: ActorAddress) {
    this.send(sender, `Did not recognize the message type: ${typeof message}`);
  }
}

class SubTyper4 extends Typer {
  @Receive(ShortMsg) short(m: ShortMsg, sender: ActorAddress) {
    if (m.report.includes('private')) return SUPER;
    this.send(sender, 'Got a public short message');
    return undefined;
  }
}

class AsyncSuper extends Typer {
  @Receive(ShortMsg) async short(m: ShortMsg, sender: ActorAddress) {
    await Promise.resolve();
    if (m.report.includes('private')) return this.SUPER;
    this.send(sender, 'async public');
    return undefined;
  }
}

class Shapes extends ActorBase {
  @Receive(Boolean) bool(_m: boolean, s: ActorAddress) {
    this.send(s, 'boolean');
  }
  @Receive(Array) arr(_m: unknown[], s: ActorAddress) {
    this.send(s, 'array');
  }
  @Receive(ActorAddress) addr(_m: ActorAddress, s: ActorAddress) {
    this.send(s, 'address');
  }
  @Receive(Object) obj(_m: object, s: ActorAddress) {
    this.send(s, 'object');
  }
}

/** Same class name, different class object: dispatch matches by name (5.17.1). */
function makeOtherLongMsg() {
  return class LongMsg {};
}

/** A decorated method overridden without a decorator still runs (virtual dispatch). */
class Overrider extends Typer {
  override str(_m: string, sender: ActorAddress) {
    this.send(sender, 'overridden string');
  }
}

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
    expect(await asys.ask(t, 1, 1000)).toBe('Got an int');
    expect(await asys.ask(t, '1', 1000)).toBe('Got a string');
    expect(await asys.ask(t, new LongMsg(), 1000)).toBe('Got a long message');
    expect(await asys.ask(t, new ShortMsg(), 1000)).toBe('Got a message');
  });

  it('5.17.1 derived actor classes and derived message classes', async () => {
    const a1 = await asys.createActor(Typer);
    expect(await asys.ask(a1, new ShortMsg(), 1000)).toBe('Got a message');
    expect(await asys.ask(a1, new LongMsg(), 1000)).toBe('Got a long message');
    const a2 = await asys.createActor(Subtyper);
    expect(await asys.ask(a2, new ShortMsg(), 1000)).toBe('Got a short message');
    expect(await asys.ask(a2, new LongMsg(), 1000)).toBe('Got a long message');
  });

  it('5.17.1 matching is by class name, not by module path', async () => {
    const Other = makeOtherLongMsg();
    const t = await asys.createActor(Typer);
    expect(await asys.ask(t, new Other(), 1000)).toBe('Got a long message');
  });

  it('5.17.2 unrecognized messages go to receiveUnrecognizedMessage, or are discarded', async () => {
    const st = await asys.createActor(Subtyper2);
    expect(await asys.ask(st, new ShortMsg(), 1000)).toBe('Got a short message');
    expect(await asys.ask(st, 1, 1000)).toBe('Got an int');
    expect(await asys.ask(st, true, 1000)).toBe('Did not recognize the message type: boolean');
    const t = await asys.createActor(Typer);
    expect(await asys.ask(t, true, 50)).toBeUndefined();
  });

  it('5.17.3 returning SUPER continues the search in base classes', async () => {
    const st = await asys.createActor(SubTyper4);
    expect(await asys.ask(st, new ShortMsg('This is public'), 1000)).toBe('Got a public short message');
    expect(await asys.ask(st, new ShortMsg('This is private'), 1000)).toBe('Got a message');
  });

  it('5.17.3 an async handler resolving to SUPER also defers', async () => {
    const st = await asys.createActor(AsyncSuper);
    expect(await asys.ask(st, new ShortMsg('public'), 1000)).toBe('async public');
    expect(await asys.ask(st, new ShortMsg('private'), 1000)).toBe('Got a message');
  });

  it('5.17 Boolean, Array, ActorAddress and Object handlers', async () => {
    const s = await asys.createActor(Shapes);
    expect(await asys.ask(s, false, 1000)).toBe('boolean');
    expect(await asys.ask(s, [1, 2], 1000)).toBe('array');
    expect(await asys.ask(s, s, 1000)).toBe('address');
    expect(await asys.ask(s, { a: 1 }, 1000)).toBe('object');
  });

  it('5.17 an undecorated override of a decorated handler runs instead', async () => {
    const o = await asys.createActor(Overrider);
    expect(await asys.ask(o, 'x', 1000)).toBe('overridden string');
    expect(await asys.ask(o, 3, 1000)).toBe('Got an int');
  });
});

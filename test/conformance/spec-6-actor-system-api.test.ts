import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ActorAddress,
  ActorBase,
  ActorSystem,
  ActorSystemException,
  ActorSystemFailure,
  ActorSystemRequestTimeout,
  ActorSystemStartupFailure,
  InvalidActorAddress,
  InvalidActorSourceHash,
  InvalidActorSpecification,
  NoCompatibleSystemForActor,
  Receive,
} from 'thespian-ts';
import { Echo } from '../fixtures/actors.js';
import { BASES, startSystem } from '../support/systems.js';

class Counter extends ActorBase {
  private n = 0;
  @Receive(String) text(m: string, sender: ActorAddress) {
    this.n++;
    if (m === 'twice') this.send(sender, 'first');
    this.send(sender, `${m} #${this.n}`);
  }
}

class PlainClass {}

describe('6.1 Exceptions', () => {
  it('6.1 the hierarchy matches the spec and every error has a code', () => {
    const cases: [Error, Function[]][] = [
      [new InvalidActorAddress('x'), [ActorSystemException]],
      [new NoCompatibleSystemForActor('x'), [ActorSystemException]],
      [new ActorSystemFailure('x'), [ActorSystemException]],
      [new ActorSystemStartupFailure('x'), [ActorSystemFailure, ActorSystemException]],
      [new ActorSystemRequestTimeout('x'), [ActorSystemFailure, ActorSystemException]],
      [new InvalidActorSourceHash('x'), [ActorSystemException]],
      [new InvalidActorSpecification('x'), [ActorSystemException]],
    ];
    for (const [err, parents] of cases) {
      for (const p of parents) expect(err).toBeInstanceOf(p);
      expect(err).toBeInstanceOf(Error);
      expect((err as ActorSystemException).code).toMatch(/^[A-Z_]+$/);
      expect(err.name).toBe(err.constructor.name);
    }
    expect(new InvalidActorSpecification('x')).not.toBeInstanceOf(ActorSystemFailure);
  });
});

describe('6.2 ActorSystem', () => {
  afterEach(async () => {
    try {
      await ActorSystem.current().shutdown();
    } catch {
      /* no singleton running */
    }
  });

  it('6.2 start() without transientUnique is the process singleton; its arguments are then ignored', async () => {
    const a = await ActorSystem.start({ logDefs: false, capabilities: { First: 1 } });
    const b = await ActorSystem.start({ logDefs: false, capabilities: { Second: 2 } });
    expect(b).toBe(a);
    expect(ActorSystem.current()).toBe(a);
    expect((await b.capabilities())['Second']).toBeUndefined();
    expect(a.baseName).toBe('simpleSystemBase');
  });

  it('6.2 transientUnique starts a new, unregistered system', async () => {
    const main = await ActorSystem.start({ logDefs: false });
    const other = await ActorSystem.start({ logDefs: false, transientUnique: true });
    expect(other).not.toBe(main);
    expect(ActorSystem.current()).toBe(main);
    await other.shutdown();
    expect(ActorSystem.current()).toBe(main);
  });

  it('6.3 after shutdown the singleton is gone and a new start makes a new one', async () => {
    const a = await ActorSystem.start({ logDefs: false });
    await a.shutdown();
    expect(() => ActorSystem.current()).toThrow(/no ActorSystem is running/);
    const b = await ActorSystem.start({ logDefs: false });
    expect(b).not.toBe(a);
  });

  it('9 an unknown base is an ActorSystemStartupFailure listing the known ones', async () => {
    const err = await ActorSystem.start({ base: 'noSuchBase', transientUnique: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ActorSystemStartupFailure);
    expect(String((err as Error).message)).toContain('simpleSystemBase');
  });
});

describe.each(BASES)('6 ActorSystem API (%s)', (base) => {
  let asys: ActorSystem;
  beforeEach(async () => {
    asys = await startSystem(base);
  });
  afterEach(async () => {
    await asys.shutdown();
  });

  it('6.4 createActor from a class, an @Actor name, and a module path (.ts or .js spelling)', async () => {
    const byClass = await asys.createActor(Echo);
    const byName = await asys.createActor('FixtureEcho');
    const byPath = await asys.createActor('test/fixtures/actors.ts:Echo');
    const byJsPath = await asys.createActor('test/fixtures/actors.js:Echo');
    for (const a of [byClass, byName, byPath, byJsPath]) expect(await asys.ask(a, { n: 1 }, 1000)).toEqual({ n: 1 });
  });

  it('6.4 InvalidActorSpecification for a non-actor class, an unknown name, a bad module string', async () => {
    const cases: [unknown, RegExp][] = [
      [PlainClass, /PlainClass is not an actor class.*extend ActorBase/],
      ['NoSuchActor', /no actor named 'NoSuchActor'.*@Actor/],
      ['test/fixtures/missing.js:Echo', /no module at .*missing\.js/],
      ['test/fixtures/actors.ts:Nope', /has no export 'Nope'.*exports: .*Echo/],
      ['test/fixtures/actors.ts:NotAnActor', /'NotAnActor' exported by .* is not an actor class/],
      ['test/fixtures/actors.ts:notAClass', /is not an actor class \(number 42\)/],
      ['test/fixtures/actors.ts:', /names no export/],
      [42, /cannot create an actor from number 42/],
    ];
    for (const [spec, pattern] of cases) {
      const err = await asys.createActor(spec as string).catch((e: unknown) => e);
      expect(err, String(spec)).toBeInstanceOf(InvalidActorSpecification);
      expect(String((err as Error).message), String(spec)).toMatch(pattern);
    }
    // The system keeps working after every bad request.
    expect(await asys.ask(await asys.createActor(Echo), 'still fine', 1000)).toBe('still fine');
  });

  it('6.4 InvalidActorSourceHash for a hash that was never loaded', async () => {
    await expect(asys.createActor(Echo, { sourceHash: 'deadbeef' })).rejects.toBeInstanceOf(InvalidActorSourceHash);
  });

  it('6.5 tell to something that is not an address rejects with InvalidActorAddress', async () => {
    for (const bad of ['addr', 12, null, { key: 'x' }]) {
      const err = await asys.tell(bad as unknown as ActorAddress, 'm').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InvalidActorAddress);
      expect(String((err as Error).message)).toMatch(/tell\(\) needs an ActorAddress/);
    }
    await expect(asys.ask('x' as unknown as ActorAddress, 'm', 10)).rejects.toBeInstanceOf(InvalidActorAddress);
  });

  it('6.6 ask returns the reply; 6.6.1 a surplus reply is returned by the next listen', async () => {
    const c = await asys.createActor(Counter);
    expect(await asys.ask(c, 'a', 1000)).toBe('a #1');
    expect(await asys.ask(c, 'twice', 1000)).toBe('first');
    expect(await asys.listen(1000)).toBe('twice #2');
    expect(await asys.listen(10)).toBeUndefined();
  });

  it('6.6 ask resolves undefined on timeout; a bad timeout is a RangeError', async () => {
    const c = await asys.createActor(ActorBase);
    expect(await asys.ask(c, 'ignored', 20)).toBeUndefined();
    await expect(asys.ask(c, 'x', -1)).rejects.toBeInstanceOf(RangeError);
  });

  it('6.5 tell from the system is answered to the system endpoint, collected by listen (6.7)', async () => {
    const c = await asys.createActor(Counter);
    await asys.tell(c, 'x');
    expect(await asys.listen(1000)).toBe('x #1');
  });

  it('6.8 private() contexts get their own replies', async () => {
    const c = await asys.createActor(Counter);
    const p1 = await asys.private();
    const p2 = await asys.private();
    await p1.tell(c, 'one');
    await p2.tell(c, 'two');
    expect(await p2.listen(1000)).toBe('two #2');
    expect(await p1.listen(1000)).toBe('one #1');
    expect(await asys.listen(10)).toBeUndefined();
    expect(p1.address.equals(p2.address)).toBe(false);
    await p1.close();
    await expect(p1.ask(c, 'closed', 10)).rejects.toThrow(/private\(\) context is closed/);
    await p2.close();
  });

  it('6.3 shutdown sends every actor ActorExitRequest, is idempotent, and later calls throw', async () => {
    const exits: string[] = [];
    class Noter extends ActorBase {
      @Receive(Object) any(m: unknown) {
        exits.push((m as object).constructor.name);
      }
    }
    const n = await asys.createActor(Noter);
    await asys.shutdown();
    await asys.shutdown();
    expect(exits).toEqual(['ActorExitRequest']);
    for (const call of [
      () => asys.tell(n, 'x'),
      () => asys.ask(n, 'x', 10),
      () => asys.listen(10),
      () => asys.createActor(Noter),
      () => asys.status(),
      () => asys.updateCapability('x', 1),
      () => asys.private(),
    ]) {
      const err = await call().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ActorSystemFailure);
      expect(String((err as Error).message)).toMatch(/has been shut down.*ActorSystem\.start\(\)/);
    }
  });
});

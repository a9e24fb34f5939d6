import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ActorBase,
  ActorSystem,
  ActorSystemFailure,
  ActorSystemStartupFailure,
  InvalidActorAddress,
  InvalidActorSourceHash,
  InvalidActorSpecification,
  type ActorAddress,
  type LogRecord,
} from 'thespian-ts';
import { Echo } from '../fixtures/actors.js';
import { Counter, NOTER_PREFIX, Noter } from '../fixtures/conformance/system-api.js';
import { BASES, NO_REPLY_MS, REPLY_MS, eventually, startSystem } from '../support/systems.js';

/** Not an actor: createActor must refuse it. */
class PlainClass {}

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
    for (const a of [byClass, byName, byPath, byJsPath]) expect(await asys.ask(a, { n: 1 }, REPLY_MS)).toEqual({ n: 1 });
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
    expect(await asys.ask(await asys.createActor(Echo), 'still fine', REPLY_MS)).toBe('still fine');
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
    expect(await asys.ask(c, 'a', REPLY_MS)).toBe('a #1');
    expect(await asys.ask(c, 'twice', REPLY_MS)).toBe('first');
    expect(await asys.listen(REPLY_MS)).toBe('twice #2');
    expect(await asys.listen(NO_REPLY_MS)).toBeUndefined();
  });

  it('6.6 ask resolves undefined on timeout; a bad timeout is a RangeError', async () => {
    const c = await asys.createActor(ActorBase);
    expect(await asys.ask(c, 'ignored', NO_REPLY_MS)).toBeUndefined();
    await expect(asys.ask(c, 'x', -1)).rejects.toBeInstanceOf(RangeError);
  });

  it('6.5 tell from the system is answered to the system endpoint, collected by listen (6.7)', async () => {
    const c = await asys.createActor(Counter);
    await asys.tell(c, 'x');
    expect(await asys.listen(REPLY_MS)).toBe('x #1');
  });

  it('6.8 private() contexts get their own replies', async () => {
    const c = await asys.createActor(Counter);
    const p1 = await asys.private();
    const p2 = await asys.private();
    await p1.tell(c, 'one');
    await p2.tell(c, 'two');
    expect(await p2.listen(REPLY_MS)).toBe('two #2');
    expect(await p1.listen(REPLY_MS)).toBe('one #1');
    expect(await asys.listen(NO_REPLY_MS)).toBeUndefined();
    expect(p1.address.equals(p2.address)).toBe(false);
    await p1.close();
    await expect(p1.ask(c, 'closed', 10)).rejects.toThrow(/private\(\) context is closed/);
    await p2.close();
  });

  it('6.3 shutdown sends every actor ActorExitRequest, is idempotent, and later calls throw', async () => {
    // The Noter logs each message's class; the log is the one witness that outlives the system.
    const records: LogRecord[] = [];
    const logged = await startSystem(base, {}, { logDefs: { level: 'info', sink: (r) => records.push(r) } });
    const noted = () =>
      records.filter((r) => r.message.includes(NOTER_PREFIX)).map((r) => r.message.slice(r.message.indexOf(NOTER_PREFIX) + NOTER_PREFIX.length));
    const n = await logged.createActor(Noter);
    await logged.shutdown();
    await logged.shutdown();
    const exits = await eventually(noted, (e) => e.length > 0);
    expect(exits).toEqual(['ActorExitRequest']);
    for (const call of [
      () => logged.tell(n, 'x'),
      () => logged.ask(n, 'x', 10),
      () => logged.listen(10),
      () => logged.createActor(Noter),
      () => logged.status(),
      () => logged.updateCapability('x', 1),
      () => logged.private(),
    ]) {
      const err = await call().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ActorSystemFailure);
      expect(String((err as Error).message)).toMatch(/has been shut down.*ActorSystem\.start\(\)/);
    }
  });
});

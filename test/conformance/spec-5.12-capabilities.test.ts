import { afterEach, describe, expect, it } from 'vitest';
import {
  ActorBase,
  ActorExitRequest,
  ChildActorExited,
  NoCompatibleSystemForActor,
  Receive,
  RequireCapability,
  type ActorAddress,
  type ActorSystem,
  type Capabilities,
} from 'thespian-ts';
import { BASES, startSystem } from '../support/systems.js';

// Spec 5.12.1: three equivalent ways of asking for a yellow, lit lightbulb.
class ByCheck extends ActorBase {
  static override actorSystemCapabilityCheck(capabilities: Capabilities) {
    return Boolean(capabilities['Has Lightbulb']) && Boolean(capabilities['Lit']) && capabilities['Color'] === 'Yellow';
  }
}

@RequireCapability('Has Lightbulb')
@RequireCapability('Lit')
class Combined extends ActorBase {
  static override actorSystemCapabilityCheck(capabilities: Capabilities) {
    return (capabilities['Color'] ?? 'none') === 'Yellow';
  }
}

@RequireCapability('Has Lightbulb')
@RequireCapability('Lit')
@RequireCapability('Color', 'Yellow')
class ByDecorators extends ActorBase {}

@RequireCapability('Has Lightbulb')
class Simple extends ActorBase {
  @Receive(String) text(_m: string, sender: ActorAddress) {
    this.send(sender, 'lit');
  }
}

class NeedsRequirement extends ActorBase {
  static override actorSystemCapabilityCheck(capabilities: Capabilities, requirements?: unknown) {
    return (requirements as { gpu?: boolean } | undefined)?.gpu ? Boolean(capabilities['GPU']) : true;
  }
}

class Prober extends ActorBase {
  private exits: string[] = [];
  @Receive(Array) set([name, value]: [string, unknown], sender: ActorAddress) {
    this.updateCapability(name, value);
    this.send(sender, 'updated');
  }
  @Receive(String) text(m: string, sender: ActorAddress) {
    if (m === 'spawn-dark') this.send(sender, this.createActor(Simple));
    if (m === 'exits') this.send(sender, this.exits);
  }
  @Receive(ChildActorExited) exited(m: ChildActorExited) {
    this.exits.push(String(m.childAddress));
  }
}

class CapturesInit extends ActorBase {
  constructor(
    private caps?: Capabilities,
    private reqs?: unknown,
  ) {
    super(caps, reqs);
  }
  @Receive(String) text(_m: string, sender: ActorAddress) {
    this.send(sender, { color: this.caps?.['Color'], reqs: this.reqs });
  }
}

const LIT = { 'Has Lightbulb': 5, Lit: true, Color: 'Yellow' };

describe('5.12.1 requireCapability decorator', () => {
  it('5.12.1 the three forms of the spec agree', () => {
    for (const cls of [ByCheck, Combined, ByDecorators]) {
      expect(cls.actorSystemCapabilityCheck(LIT), cls.name).toBe(true);
      expect(cls.actorSystemCapabilityCheck({ ...LIT, Color: 'Blue' }), cls.name).toBe(false);
      expect(cls.actorSystemCapabilityCheck({ ...LIT, Lit: false }), cls.name).toBe(false);
      expect(cls.actorSystemCapabilityCheck({ Lit: true, Color: 'Yellow' }), cls.name).toBe(false);
    }
  });

  it('5.12.1 with no value the capability must be truthy (release 3.8.0): 5 is true, 0 is false', () => {
    expect(Simple.actorSystemCapabilityCheck({ 'Has Lightbulb': 5 })).toBe(true);
    expect(Simple.actorSystemCapabilityCheck({ 'Has Lightbulb': 0 })).toBe(false);
    expect(Simple.actorSystemCapabilityCheck({})).toBe(false);
  });
});

describe.each(BASES)('5.12 actorSystemCapabilityCheck (%s)', (base) => {
  let asys: ActorSystem;
  afterEach(async () => {
    await asys.shutdown();
  });

  it('5.12 an actor is created where its check passes', async () => {
    asys = await startSystem(base, LIT);
    const a = await asys.createActor(Simple);
    expect(await asys.ask(a, 'on?', 1000)).toBe('lit');
  });

  it('6.4 NoCompatibleSystemForActor when no system passes the check', async () => {
    asys = await startSystem(base, {});
    const err = await asys.createActor(ByDecorators).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NoCompatibleSystemForActor);
    expect(String((err as Error).message)).toContain('ByDecorators');
  });

  it('5.3 the requirements given to createActor reach the check and the constructor (release 3.8.0)', async () => {
    asys = await startSystem(base, { Color: 'Green' });
    await expect(asys.createActor(NeedsRequirement, { requirements: { gpu: true } })).rejects.toBeInstanceOf(NoCompatibleSystemForActor);
    await asys.updateCapability('GPU', true);
    await expect(asys.createActor(NeedsRequirement, { requirements: { gpu: true } })).resolves.toBeDefined();
    const c = await asys.createActor(CapturesInit, { requirements: { size: 3 } });
    expect(await asys.ask(c, 'init?', 1000)).toEqual({ color: 'Green', reqs: { size: 3 } });
  });

  it('5.13 a capability change re-validates actors: those now rejected get ActorExitRequest', async () => {
    asys = await startSystem(base, LIT);
    const exited: string[] = [];
    class Watcher extends Simple {
      @Receive(ActorExitRequest) bye() {
        exited.push('watcher');
      }
    }
    const w = await asys.createActor(Watcher);
    const plain = await asys.createActor(CapturesInit);
    await asys.updateCapability('Unrelated', 1);
    expect(exited).toEqual([]);
    await asys.updateCapability('Has Lightbulb');
    expect(exited).toEqual(['watcher']);
    expect(await asys.ask(w, 'on?', 100)).toBeUndefined();
    expect(await asys.ask(plain, 'alive?', 1000)).toBeDefined();
    expect((await asys.capabilities())['Has Lightbulb']).toBeUndefined();
  });

  it('5.13 an actor may update capabilities, possibly killing itself', async () => {
    asys = await startSystem(base, LIT);
    const p = await asys.createActor(Prober);
    expect(await asys.ask(p, ['Probed', 'yes'], 1000)).toBe('updated');
    expect((await asys.capabilities())['Probed']).toBe('yes');
    expect(await asys.ask(p, ['Probed', undefined], 1000)).toBe('updated');
    expect((await asys.capabilities())).not.toHaveProperty('Probed');
  });

  it('5.3 a child that no system can host: address at once, then ChildActorExited', async () => {
    asys = await startSystem(base, {});
    const p = await asys.createActor(Prober);
    const child = (await asys.ask(p, 'spawn-dark', 1000)) as ActorAddress;
    expect(await asys.ask(p, 'exits', 1000)).toEqual([String(child)]);
  });
});

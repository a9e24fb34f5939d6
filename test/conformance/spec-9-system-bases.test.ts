import { afterEach, describe, expect, it } from 'vitest';
import { THESPIAN_GENERATION, type ActorSystem } from 'thespian-ts';
import { knownSystemBases } from '../../framework/internal.js';
import { Mute, Relay } from '../fixtures/conformance/system-bases.js';
import { BASES, baseOf, startSystem } from '../support/systems.js';

describe.each(BASES)('9.1 Common Capabilities (%s)', (base) => {
  let asys: ActorSystem;
  afterEach(async () => {
    await asys.shutdown();
  });

  it('9.1 every system reports the common capabilities, Node Version in place of Python Version', async () => {
    asys = await startSystem(base, { Custom: 'yes' });
    const caps = await asys.capabilities();
    expect(caps['Thespian ActorSystem Name']).toBe(baseOf(base));
    expect(caps['Thespian Generation']).toEqual([...THESPIAN_GENERATION]);
    expect(caps['Thespian Generation']).toHaveLength(2);
    expect(typeof caps['Thespian Version']).toBe('number');
    expect(typeof caps['Thespian ActorSystem Version']).toBe('number');
    expect(caps['Node Version']).toEqual(process.versions.node.split('.').map(Number));
    expect(caps['AllowRemoteActorSources']).toBe('Yes');
    expect(caps['Custom']).toBe('yes');
  });

  it('9.1 read-only capabilities cannot be set at start or changed later', async () => {
    asys = await startSystem(base, { 'Thespian ActorSystem Name': 'fake' });
    expect((await asys.capabilities())['Thespian ActorSystem Name']).toBe(baseOf(base));
    await asys.updateCapability('Thespian Version', 1);
    expect((await asys.capabilities())['Thespian Version']).not.toBe(1);
  });
});

describe('9.2 simpleSystemBase', () => {
  let asys: ActorSystem | undefined;
  afterEach(async () => {
    await asys?.shutdown();
    asys = undefined;
  });

  it('9 the four bases of the spec are the known names (the simple one always)', () => {
    expect(knownSystemBases()).toContain('simpleSystemBase');
  });

  it('9.2 a tell returns with the system at equilibrium: the whole cascade has run', async () => {
    // Each hop records into this array itself: messages are not copied on this base (4.1.1).
    const trail: string[] = [];
    asys = await startSystem('simpleSystemBase');
    await asys.tell(await asys.createActor(Relay), [1, trail]);
    expect(trail).toEqual(['hop 1', 'hop 2', 'hop 3', 'hop 4', 'hop 5']);
  });

  it('9.2 an ask without pending work does not wait for its timeout', async () => {
    asys = await startSystem('simpleSystemBase');
    const m = await asys.createActor(Mute);
    const t0 = Date.now();
    expect(await asys.ask(m, 'x', 5000)).toBeUndefined();
    expect(Date.now() - t0).toBeLessThan(1000);
  });
});

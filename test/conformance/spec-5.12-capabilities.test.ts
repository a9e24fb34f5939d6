import { afterEach, describe, expect, it } from 'vitest';
import { NoCompatibleSystemForActor, type ActorAddress, type ActorSystem } from 'thespian-ts';
import { ByDecorators, CapturesInit, NeedsRequirement, Prober, RevalidatedWatcher, Simple } from '../fixtures/conformance/capabilities.js';
import { ConformanceRecorder } from '../fixtures/conformance/common.js';
import { BASES, NO_REPLY_MS, REPLY_MS, eventually, startSystem } from '../support/systems.js';

const LIT = { 'Has Lightbulb': 5, Lit: true, Color: 'Yellow' };

describe.each(BASES)('5.12 actorSystemCapabilityCheck (%s)', (base) => {
  let asys: ActorSystem;
  afterEach(async () => {
    await asys.shutdown();
  });

  it('5.12 an actor is created where its check passes', async () => {
    asys = await startSystem(base, LIT);
    const a = await asys.createActor(Simple);
    expect(await asys.ask(a, 'on?', REPLY_MS)).toBe('lit');
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
    expect(await asys.ask(c, 'init?', REPLY_MS)).toEqual({ color: 'Green', reqs: { size: 3 } });
  });

  it('5.13 a capability change re-validates actors: those now rejected get ActorExitRequest', async () => {
    asys = await startSystem(base, LIT);
    // The watcher tells this witness 'watcher' when it gets ActorExitRequest.
    const witness = await asys.createActor(ConformanceRecorder);
    const exited = async () => (await asys.ask(witness, 'report', REPLY_MS)) as string[];
    const w = await asys.createActor(RevalidatedWatcher);
    expect(await asys.ask(w, witness, REPLY_MS)).toBe('watching');
    const plain = await asys.createActor(CapturesInit);
    await asys.updateCapability('Unrelated', 1);
    expect(await exited()).toEqual([]);
    await asys.updateCapability('Has Lightbulb');
    expect(await eventually(exited, (e) => e.length > 0)).toEqual(['watcher']);
    expect(await asys.ask(w, 'on?', NO_REPLY_MS)).toBeUndefined();
    expect(await asys.ask(plain, 'alive?', REPLY_MS)).toBeDefined();
    expect((await asys.capabilities())['Has Lightbulb']).toBeUndefined();
  });

  it('5.13 an actor may update capabilities, possibly killing itself', async () => {
    asys = await startSystem(base, LIT);
    const p = await asys.createActor(Prober);
    expect(await asys.ask(p, ['Probed', 'yes'], REPLY_MS)).toBe('updated');
    const set = await eventually(() => asys.capabilities(), (c) => c['Probed'] === 'yes');
    expect(set['Probed']).toBe('yes');
    expect(await asys.ask(p, ['Probed', undefined], REPLY_MS)).toBe('updated');
    const removed = await eventually(() => asys.capabilities(), (c) => !('Probed' in c));
    expect(removed).not.toHaveProperty('Probed');
  });

  it('5.3 a child that no system can host: address at once, then ChildActorExited', async () => {
    asys = await startSystem(base, {});
    const p = await asys.createActor(Prober);
    const child = (await asys.ask(p, 'spawn-dark', REPLY_MS)) as ActorAddress;
    const exits = await eventually(async () => (await asys.ask(p, 'exits', REPLY_MS)) as string[], (e) => e.length > 0);
    expect(exits).toEqual([String(child)]);
  });
});

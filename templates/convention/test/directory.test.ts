import { afterEach, describe, expect, it } from 'vitest';
import { ActorSystem } from 'thespian-ts';
import * as registry from '../generated/thespian-registry.js';
import { Directory } from '../src/directory.js';
import { Lookup } from '../src/messages.js';

it('declares its capability requirement', () => {
  expect(Directory.actorSystemCapabilityCheck({ 'Directory Service': true })).toBe(true);
  expect(Directory.actorSystemCapabilityCheck({})).toBe(false);
});

describe.each(['simpleSystemBase', 'multiprocTCPBase'])('Directory on %s', (base) => {
  let asys: ActorSystem | undefined;
  afterEach(async () => {
    await asys?.shutdown();
    asys = undefined;
  });

  it('runs in a system offering the capability, found by its global name', async () => {
    asys = await ActorSystem.start({ base, transientUnique: true, logDefs: false, registry, capabilities: { 'Directory Service': true } });
    const first = await asys.createActor('Directory', { globalName: 'directory' });
    const again = await asys.createActor(Directory, { globalName: 'directory' });
    expect(again.equals(first)).toBe(true);
    expect(await asys.ask(first, new Lookup('thespian'), 10_000)).toBe('an actor system');
  });
});

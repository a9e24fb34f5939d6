import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ActorStatus, PoisonMessage, StatusRequest, SystemStatus, type ActorSystem } from 'thespian-ts';
import { Leaky, Quiet } from '../fixtures/conformance/messages.js';
import { BASES, baseOf, NO_REPLY_MS, REPLY_MS, startSystem } from '../support/systems.js';

describe.each(BASES)('7 system messages reaching external code (%s)', (base) => {
  let asys: ActorSystem;
  beforeEach(async () => {
    asys = await startSystem(base);
  });
  afterEach(async () => {
    await asys.shutdown();
  });

  it('7 only PoisonMessage, SystemStatus and ActorStatus reach ask/listen; others are filtered', async () => {
    const l = await asys.createActor(Leaky);
    const first = await asys.ask(l, 'go', REPLY_MS);
    expect(first).toBeInstanceOf(PoisonMessage);
    expect(await asys.listen(REPLY_MS)).toBe('plain');
    expect(await asys.listen(NO_REPLY_MS)).toBeUndefined();
  });

  it('7.5 a PoisonMessage made without details carries details null (Thespian: details=None), also across processes', async () => {
    const l = await asys.createActor(Leaky);
    const first = (await asys.ask(l, 'go', REPLY_MS)) as PoisonMessage;
    expect(first).toBeInstanceOf(PoisonMessage);
    expect(first.poisonMessage).toBe('p');
    expect(first.details).toBeNull();
  });

  it('7.12/7.14 StatusRequest to an actor is answered by the system with ActorStatus', async () => {
    const q = await asys.createActor(Quiet);
    const st = (await asys.ask(q, new StatusRequest(), REPLY_MS)) as ActorStatus;
    expect(st).toBeInstanceOf(ActorStatus);
    expect(st.actorAddress.equals(q)).toBe(true);
    expect(st.actorClass).toBe('Quiet');
    expect(st.childActors).toEqual([]);
    expect(st.pendingMessages).toBe(0);
    expect(st.pendingWakeups).toBe(0);
    expect(st.messagesReceived).toBe(0);
    expect(String(st)).toContain('Actor Quiet at ActorAddr-');
  });

  it('7.13 SystemStatus: capabilities, actor count, names, loaded sources, readable text', async () => {
    await asys.createActor(Leaky, { globalName: 'leaky' });
    await asys.createActor(Leaky);
    const st = await asys.status();
    expect(st).toBeInstanceOf(SystemStatus);
    expect(st.actorCount).toBe(2);
    expect(Object.keys(st.globalNames)).toEqual(['leaky']);
    expect(st.loadedSources).toEqual([]);
    expect(st.capabilities['Thespian ActorSystem Name']).toBe(baseOf(base));
    const text = String(st);
    expect(text).toContain(`ActorSystem ${baseOf(base)}`);
    expect(text).toContain('global names:  leaky -> ActorAddr-(Leaky|');
  });
});

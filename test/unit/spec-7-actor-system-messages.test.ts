import { describe, expect, it } from 'vitest';
import {
  ActorAddress,
  ActorExitRequest,
  ActorSystemConventionUpdate,
  ActorSystemMessage,
  ChildActorExited,
  DeadEnvelope,
  LoadedSource,
  PoisonMessage,
  StatusRequest,
  UnloadedSource,
  ValidateSource,
  ValidatedSource,
  WakeupMessage,
  WatchMessage,
} from 'thespian-ts';

const a1 = new ActorAddress('k1', 'A');
const a2 = new ActorAddress('k2', 'B');

describe('7 ActorSystem Messages: attributes and equality', () => {
  it('7 every system message is an ActorSystemMessage', () => {
    for (const m of [
      new ActorExitRequest(),
      new ChildActorExited(a1),
      new PoisonMessage('x'),
      new WakeupMessage(1),
      new DeadEnvelope(a1, 'x'),
      new ActorSystemConventionUpdate(a1),
      new ValidateSource('h', new Uint8Array()),
      new ValidatedSource('h', null),
      new LoadedSource('h'),
      new UnloadedSource('h'),
      new StatusRequest(),
      new WatchMessage([3]),
    ]) {
      expect(m).toBeInstanceOf(ActorSystemMessage);
    }
  });

  it('7.4 ActorExitRequest: recursive by default, notRecursive(), equality ignores the flag', () => {
    const r = new ActorExitRequest();
    expect(r.isRecursive).toBe(true);
    r.notRecursive();
    expect(r.isRecursive).toBe(false);
    expect(new ActorExitRequest(false).isRecursive).toBe(false);
    expect(r.equals(new ActorExitRequest())).toBe(true);
    expect(r.equals(new ChildActorExited(a1))).toBe(false);
  });

  it('7.5 ChildActorExited.childAddress', () => {
    const m = new ChildActorExited(a1);
    expect(m.childAddress).toBe(a1);
    expect(m.equals(new ChildActorExited(new ActorAddress('k1')))).toBe(true);
    expect(m.equals(new ChildActorExited(a2))).toBe(false);
  });

  it('7.5 PoisonMessage compares the wrapped message; details default to null (Thespian: details=None)', () => {
    const p = new PoisonMessage('bad', 'trace');
    expect(p.poisonMessage).toBe('bad');
    expect(p.details).toBe('trace');
    expect(new PoisonMessage('x').details).toBeNull();
    expect(p.equals(new PoisonMessage('bad', 'other trace'))).toBe(true);
    expect(p.equals(new PoisonMessage('good'))).toBe(false);
  });

  it('7.6 DeadEnvelope.deadAddress and deadMessage', () => {
    const d = new DeadEnvelope(a1, 'lost');
    expect(d.deadAddress).toBe(a1);
    expect(d.deadMessage).toBe('lost');
    expect(d.equals(new DeadEnvelope(a1, 'lost'))).toBe(true);
    expect(d.equals(new DeadEnvelope(a2, 'lost'))).toBe(false);
  });

  it('7.7 ActorSystemConventionUpdate attributes', () => {
    const u = new ActorSystemConventionUpdate(a1, { Color: 'Red' });
    expect(u.remoteAdminAddress).toBe(a1);
    expect(u.remoteCapabilities).toEqual({ Color: 'Red' });
    expect(u.remoteAdded).toBe(true);
    expect(new ActorSystemConventionUpdate(a1, {}, false).remoteAdded).toBe(false);
    expect(u.equals(new ActorSystemConventionUpdate(a1, { other: 1 }))).toBe(true);
  });

  it('7.8-7.11 source messages compare by hash and carry sourceInfo', () => {
    const v = new ValidateSource('h1', new Uint8Array([1]), 'info');
    expect(v.sourceData).toEqual(new Uint8Array([1]));
    expect(v.sourceInfo).toBe('info');
    expect(v.equals(new ValidateSource('h1', new Uint8Array([2])))).toBe(true);
    expect(v.equals(new ValidatedSource('h1', null))).toBe(false);
    expect(new ValidatedSource('h1', null).sourceZip).toBeNull();
    expect(new LoadedSource('h2', 'i').equals(new LoadedSource('h2'))).toBe(true);
    expect(new UnloadedSource('h2').sourceInfo).toBe('');
  });

  it('7.2 WakeupMessage attributes and equality', () => {
    const w = new WakeupMessage(100, 'p');
    expect(w.delayPeriod).toBe(100);
    expect(w.payload).toBe('p');
    expect(w.equals(new WakeupMessage(100, 'p'))).toBe(true);
    expect(w.equals(new WakeupMessage(101, 'p'))).toBe(false);
  });

  it('7.3 WatchMessage.ready', () => {
    expect(new WatchMessage([4, 5]).ready).toEqual([4, 5]);
  });

  it('release 2.2.1: equality survives a message whose equals throws', () => {
    const evil = {
      equals() {
        throw new Error('boom');
      },
    };
    expect(new PoisonMessage(evil).equals(new PoisonMessage('x'))).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { ActorAddress } from '../../framework/actor/address.js';
import type { AdminPort } from '../../framework/bases/multiproc/admin/admin-port.js';
import { Detours } from '../../framework/bases/multiproc/admin/detours.js';
import { KIND_CONTROL, KIND_USER, type RemoteRequest } from '../../framework/bases/multiproc/protocol.js';
import { prepareEnvelope, type OutboundEnvelope } from '../../framework/transport/index.js';

/** Detours (framework/bases/multiproc/admin/detours.ts) against a recording admin and desk. */
function rig(self: string, leader: string | undefined, members: string[] = []) {
  const toDesk: { to: string; req: RemoteRequest }[] = [];
  const onWire: { to: string; env: OutboundEnvelope }[] = [];
  const dead: { key: string; message: unknown }[] = [];
  const logs: string[] = [];
  const counters = { refusedFromOtherSystems: 0 };
  const entries = new Map<string, { remoteAdmin?: string }>();
  const admin = {
    core: { entries },
    counters,
    options: { log: (_l: string, m: string) => void logs.push(m) },
    transport: { send: (to: string, env: OutboundEnvelope) => void onWire.push({ to, env }) },
    deadLetter: (key: string, _label: string, message: unknown) => void dead.push({ key, message }),
  } as unknown as AdminPort;
  const desk = {
    self,
    membership: { leader: () => leader, members: () => members.map((address) => ({ address, capabilities: {}, lastHeardAt: 0 })) },
    send: (to: string, req: RemoteRequest) => void toDesk.push({ to, req }),
  };
  return { detours: new Detours(admin, desk), toDesk, onWire, dead, logs, counters, entries };
}

const user = (targetKey: string, message: unknown = 'hi'): OutboundEnvelope => prepareEnvelope({ targetKey, sender: new ActorAddress('N:3~k1', 'Asker'), message, kind: KIND_USER });

describe('issue 13.8 a member only the leader reaches: messages from other members go through the leader', () => {
  it("issue 13.8 a user message the member's admin could not deliver to the actor's home goes to the leader once, naming where it is for; later ones go there at once", () => {
    const { detours, toDesk } = rig('N:3', 'L:1', ['L:1']);
    expect(detours.instead('M:2')).toBeUndefined();
    expect(detours.detour(user('M:2~k9'), 'M:2')).toBe(true);
    expect(toDesk).toEqual([{ to: 'L:1', req: expect.objectContaining({ op: 'remote-via', to: 'M:2', targetKey: 'M:2~k9', sender: 'N:3~k1', label: 'Asker' }) }]);
    detours.instead('M:2')!.accept(user('M:2~k9', 'second'));
    expect(toDesk).toHaveLength(2);
  });

  it('issue 13.8 an actor made here and running on the unreachable member is detoured too; control frames, other targets and the leader itself are not', () => {
    const { detours, toDesk, entries } = rig('N:3', 'L:1');
    entries.set('N:3~k5', { remoteAdmin: 'M:2' });
    expect(detours.detour(user('N:3~k5'), 'M:2')).toBe(true);
    expect(detours.detour(prepareEnvelope({ targetKey: 'M:2~k9', sender: null, message: 'x', kind: KIND_CONTROL }), 'M:2')).toBe(false);
    // A process of this system (not the key's home, not where it runs): the dead letters, not a detour.
    expect(detours.detour(user('M:2~k9'), '127.0.0.1:4000')).toBe(false);
    expect(detours.detour(user('L:1~k1'), 'L:1')).toBe(false);
    expect(toDesk).toHaveLength(1);
  });

  it('issue 13.8 the leader itself never detours: what it cannot deliver is a dead letter there', () => {
    const { detours, toDesk } = rig('L:1', 'L:1', ['M:2']);
    expect(detours.detour(user('M:2~k9'), 'M:2')).toBe(false);
    expect(toDesk).toEqual([]);
  });

  it('issue 13.8 the leader passes a message on only to a member of its convention (never an open relay), and counts what it refuses', () => {
    const { detours, onWire, counters, logs } = rig('L:1', 'L:1', ['M:2']);
    const env = user('M:2~k9', { n: 1 });
    const via = { op: 'remote-via' as const, to: 'M:2', targetKey: 'M:2~k9', sender: 'N:3~k1', label: 'Asker', system: false, payload: env.payload };
    detours.via(via, 'N:3');
    expect(onWire).toHaveLength(1);
    expect(onWire[0]).toMatchObject({ to: 'M:2', env: { targetKey: 'M:2~k9', message: { n: 1 }, kind: KIND_USER } });
    expect(onWire[0]!.env.sender?.key).toBe('N:3~k1');
    detours.via({ ...via, to: '127.0.0.1:4000' }, 'N:3');
    expect(onWire).toHaveLength(1);
    expect(counters.refusedFromOtherSystems).toBe(1);
    expect(logs.join('\n')).toMatch(/N:3 asked to pass a message for M:2~k9 on to 127\.0\.0\.1:4000, which is no member here; dropped/);
  });

  it('issue 13.8 a detour the leader cannot take either is a dead letter where it was sent from', () => {
    const { detours, dead } = rig('N:3', 'L:1');
    const env = user('M:2~k9', 'lost?');
    detours.lost({ op: 'remote-via', to: 'M:2', targetKey: 'M:2~k9', sender: null, label: '', system: false, payload: env.payload }, 'L:1');
    expect(dead).toEqual([{ key: 'M:2~k9', message: 'lost?' }]);
  });
});

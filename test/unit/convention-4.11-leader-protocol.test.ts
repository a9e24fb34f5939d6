import { describe, expect, it } from 'vitest';
import { ActorAddress } from '../../framework/actor/address.js';
import type { ActorSystemConventionUpdate } from '../../framework/actor/messages.js';
import { ConventionDeRegister, ConventionRegister } from '../../framework/convention/convention-messages.js';
import { RegistrationNotices } from '../../framework/convention/registration-notices.js';
import { ConventionNet } from '../support/convention-net.js';

// Timing in these tests: REREGISTRATION_MS 1000, MISS_MAX 3, restart period 500 (see ConventionNet).

function leaderAndMember(): ConventionNet {
  const net = new ConventionNet();
  net.add('L', { role: 'leader' }, ['L']).start();
  net.add('M', { role: 'member' }, ['L']).start();
  net.run(10);
  return net;
}

describe('4.11.1 convention membership: Thespian leader protocol, two or three systems in memory', () => {
  it('4.11.1 a member registers with the leader on start; the leader answers with its own registration; caps include Thespian Version', () => {
    const net = leaderAndMember();
    const L = net.systems.get('L')!;
    const M = net.systems.get('M')!;
    expect(net.seen('L')).toEqual(['joined M']);
    expect(net.seen('M')).toEqual(['joined L']);
    expect(L.members().map((m) => m.capabilities)).toEqual([{ role: 'member', 'Thespian Version': 310 }]);
    expect(M.members().map((m) => m.capabilities)).toEqual([{ role: 'leader', 'Thespian Version': 310 }]);
    expect([L.isLeader(), M.isLeader(), M.leader()]).toEqual([true, false, 'L']);
    const first = net.wire.find((w) => w.from === 'M')!.message as ConventionRegister;
    expect(first).toBeInstanceOf(ConventionRegister);
    expect(first.firstTime).toBe(true);
  });

  it('4.11.1 members re-register every REREGISTRATION_MS, each answered; an unchanged re-registration is news to nobody', () => {
    const net = leaderAndMember();
    net.run(10_000);
    expect(net.sent('M', 'L', 'ConventionRegister')).toBe(11);
    expect(net.sent('L', 'M', 'ConventionRegister')).toBe(11);
    expect(net.wire.filter((w) => w.from === 'M' && (w.message as ConventionRegister).firstTime)).toHaveLength(1);
    expect(net.seen('L')).toEqual(['joined M']);
    expect(net.seen('M')).toEqual(['joined L']);
    // Status: time since the member was last heard is under one period.
    const status = net.systems.get('L')!.status();
    expect(status.leader).toBe('L');
    expect(status.members[0]?.sinceMs).toBeLessThan(1000);
  });

  it('4.11.1 a capability update re-registers at once (through the hysteresis window) and the leader reports it', () => {
    const net = leaderAndMember();
    const at = net.clock.now();
    net.systems.get('M')!.updateCapabilities({ role: 'member', gpu: true });
    net.run(400);
    const reg = net.wire.filter((w) => w.from === 'M' && w.at >= at);
    expect(reg).toHaveLength(1);
    expect(net.seen('L')).toEqual(['joined M', 'updated M']);
    expect(net.systems.get('L')!.members()[0]?.capabilities).toEqual({ role: 'member', gpu: true, 'Thespian Version': 310 });
  });

  it('4.11.1 an orderly shutdown de-registers with every listed leader, also one the member had given up on after missed answers', () => {
    const net = leaderAndMember();
    net.sever('M', 'L');
    net.run(5000); // three missed periods: M drops L from its table
    expect(net.systems.get('M')!.members()).toEqual([]);
    net.heal('M', 'L');
    const at = net.clock.now();
    net.systems.get('M')!.stop();
    net.run(10);
    expect(net.wire.filter((w) => w.from === 'M' && w.to === 'L' && w.at >= at && w.message instanceof ConventionDeRegister)).toHaveLength(1);
  });

  it('4.11.1 an orderly shutdown de-registers at once', () => {
    const net = leaderAndMember();
    net.systems.get('M')!.stop();
    net.run(2);
    expect(net.seen('L')).toEqual(['joined M', 'left M (deregistered)']);
    expect(net.systems.get('L')!.members()).toEqual([]);
    net.run(10_000);
    expect(net.sent('M', 'L', 'ConventionRegister')).toBe(1);
  });

  it('4.11.1 MISS_MAX silent periods: the leader drops the member, the member starts over; both rejoin when the link returns', () => {
    const net = leaderAndMember();
    net.sever('M', 'L');
    net.run(3100);
    expect(net.seen('L')).toEqual(['joined M', 'left M (missed)']);
    expect(net.seen('M')).toEqual(['joined L', 'left L (missed)']);
    expect(net.logs.join('\n')).toMatch(/M missed 3 check-ins/);
    net.heal('M', 'L');
    net.run(1100);
    expect(net.seen('L')).toEqual(['joined M', 'left M (missed)', 'joined M']);
    expect(net.seen('M')).toEqual(['joined L', 'left L (missed)', 'joined L']);
    expect(net.systems.get('M')!.leader()).toBe('L');
  });

  it('4.11.1 a member restarted on the same address registers first-time: registrants see it leave and join; a stale first-time frame of the same run changes nothing', () => {
    const net = leaderAndMember();
    const L = net.systems.get('L')!;
    const oldRun = net.systems.get('M')!;
    // A first-time registration from the run L already holds (e.g. queued before a cut link healed).
    L.receive('M', new ConventionRegister('M', { role: 'member', 'Thespian Version': 310 }, true, false, oldRun.incarnation));
    net.run(5);
    expect(net.seen('L')).toEqual(['joined M']);
    net.restart('M', { role: 'member', fresh: true }, ['L']);
    net.run(5);
    expect(net.seen('L')).toEqual(['joined M', 'left M (restarted)', 'joined M']);
    expect(L.members()[0]?.capabilities).toMatchObject({ fresh: true });
  });

  it('4.11.1 failed transmits count as misses (Thespian counts those; an unanswered period counts too here)', () => {
    const net = leaderAndMember();
    net.crash('L');
    net.run(3000);
    expect(net.seen('M')).toEqual(['joined L', 'left L (missed)']);
    expect(net.logs.join('\n')).toMatch(/M warning: convention registration lost @ L \(3 missed\); starting over|M warning: L missed 3 check-ins/);
  });

  it('5.14 pre-registration: a placeholder without notice, an invite, then the real capabilities; invitations repeat', () => {
    const net = new ConventionNet();
    const P = net.add('P', { role: 'inviter' }, []);
    const R = net.add('R', { role: 'remote' }, []);
    P.start();
    R.start();
    P.preRegister('R', { guessed: true });
    expect(P.members()).toEqual([]);
    expect(net.seen('P')).toEqual([]);
    net.run(10);
    expect(net.seen('P')).toEqual(['joined R']);
    expect(P.members()[0]?.capabilities).toEqual({ role: 'remote', 'Thespian Version': 310 });
    expect(net.seen('R')).toEqual(['joined P']);
    expect(R.leader()).toBe('P');
    // Re-invited every 1.1 x REREGISTRATION_MS while the membership holds; quietly, no notices.
    net.run(3400);
    expect(net.sent('P', 'R', 'ConventionInvite')).toBe(4);
    expect(net.seen('P')).toEqual(['joined R']);
  });

  it('5.14 a pre-registered remote that goes silent stays invited (restart period) and rejoins', () => {
    const net = new ConventionNet();
    const P = net.add('P', {}, []);
    net.add('R', {}, []).start();
    P.start();
    P.preRegister('R', {});
    net.run(10);
    net.sever('P', 'R');
    net.run(3100);
    expect(net.seen('P')).toEqual(['joined R', 'left R (missed)']);
    net.heal('P', 'R');
    // Lapsed: invitations every 1.1 x restart period (550 ms); the next comes within 800 ms.
    net.run(800);
    expect(net.seen('P')).toEqual(['joined R', 'left R (missed)', 'joined R']);
  });

  it('5.15 deRegisterRemoteSystem: the remote is told, registrants hear remoteAdded false, invitations stop', () => {
    const net = new ConventionNet();
    const P = net.add('P', {}, []);
    const R = net.add('R', {}, []);
    P.start();
    R.start();
    P.preRegister('R', {});
    net.run(10);
    P.deRegister('R');
    net.run(5);
    expect(net.seen('P')).toEqual(['joined R', 'left R (deregistered)']);
    expect(net.seen('R')).toEqual(['joined P', 'left P (deregistered)']);
    expect(R.leader()).toBe('R');
    const invites = net.sent('P', 'R', 'ConventionInvite');
    const regs = net.sent('R', 'P', 'ConventionRegister');
    net.run(10_000);
    expect([net.sent('P', 'R', 'ConventionInvite'), net.sent('R', 'P', 'ConventionRegister')]).toEqual([invites, regs]);
    P.deRegister('nobody:1');
    expect(net.logs.join('\n')).toMatch(/deRegisterRemoteSystem\(nobody:1\): no such remote system is known; ignored/);
  });

  it('4.11.1 several leaders: every system registers with each; the live leader is the first listed present; orderly fail-over at once', () => {
    const net = new ConventionNet();
    const L1 = net.add('L1', {}, ['L1', 'L2']);
    const L2 = net.add('L2', {}, ['L1', 'L2']);
    const M = net.add('M', {}, ['L1', 'L2']);
    for (const s of [L1, L2, M]) s.start();
    net.run(10);
    expect([L1.leader(), L2.leader(), M.leader()]).toEqual(['L1', 'L1', 'L1']);
    expect([L1.isLeader(), L2.isLeader()]).toEqual([true, false]);
    // M's registration to L2 waits out the hysteresis window its first send opened.
    expect(net.sent('M', 'L2', 'ConventionRegister')).toBe(0);
    net.run(300);
    expect(net.sent('M', 'L2', 'ConventionRegister')).toBe(1);
    net.run(3000);
    expect(net.seen('M')).toEqual(['joined L1', 'joined L2']); // leaders stay: every leader answers
    L1.stop();
    net.run(5);
    expect([L2.leader(), M.leader(), L2.isLeader()]).toEqual(['L2', 'L2', true]);
    expect(net.seen('L2')).toEqual(['joined L1', 'joined M', 'left L1 (deregistered)']);
  });

  it('4.11.1 several leaders: after a leader crash members move to the next within the miss timeout', () => {
    const net = new ConventionNet();
    const L1 = net.add('L1', {}, ['L1', 'L2']);
    const L2 = net.add('L2', {}, ['L1', 'L2']);
    const M = net.add('M', {}, ['L1', 'L2']);
    for (const s of [L1, L2, M]) s.start();
    net.run(10);
    net.crash('L1');
    net.run(3000);
    expect([L2.leader(), M.leader()]).toEqual(['L2', 'L2']);
  });

  it('4.10 placement: the first compatible live member not yet tried; a member asks its leader; a leader gives up', () => {
    const net = new ConventionNet();
    const L = net.add('L', {}, ['L']);
    L.start();
    for (const [name, caps] of [['A', { gpu: true }], ['B', { gpu: true }], ['C', {}]] as const) net.add(name, caps, ['L']).start();
    net.run(10);
    const gpu = (c: Record<string, unknown>): boolean => c.gpu === true;
    expect(L.place(gpu, [])).toEqual({ kind: 'member', address: 'A' });
    expect(L.place(gpu, ['A'])).toEqual({ kind: 'member', address: 'B' });
    expect(L.place(gpu, [], 'A')).toEqual({ kind: 'member', address: 'B' });
    expect(L.place(gpu, ['A', 'B'])).toEqual({ kind: 'none' });
    const C = net.systems.get('C')!;
    expect(C.place(gpu, [])).toEqual({ kind: 'leader', address: 'L' });
    expect(C.place(gpu, ['L'])).toEqual({ kind: 'none' });
    expect(L.place(() => { throw new Error('bad check'); }, [])).toEqual({ kind: 'none' });
  });

  it('7.7 ActorSystemConventionUpdate: members already joined on subscribe, several registrants, changes and leaves, nothing for an unchanged re-registration', () => {
    const net = new ConventionNet();
    const L = net.add('L', {}, ['L']);
    L.start();
    net.add('M1', { n: 1 }, ['L']).start();
    net.run(10);
    const got: [string, ActorSystemConventionUpdate][] = [];
    const notices = new RegistrationNotices(L, (r, u) => void got.push([r.key, u]), (admin) => new ActorAddress(`admin@${admin}`, 'Admin'));
    const show = (): string[] => got.map(([r, u]) => `${r}: ${u.remoteAdminAddress.key} ${u.remoteAdded ? 'added' : 'removed'} n=${String(u.remoteCapabilities.n)} v=${String(u.remoteCapabilities['Thespian Version'])}`);
    notices.add(new ActorAddress('r1'));
    notices.add(new ActorAddress('r1'));
    expect(show()).toEqual(['r1: admin@M1 added n=1 v=310']);
    notices.add(new ActorAddress('r2'));
    net.add('M2', { n: 2 }, ['L']).start();
    net.run(3000);
    net.systems.get('M1')!.updateCapabilities({ n: 11 });
    net.run(400);
    net.systems.get('M2')!.stop();
    net.run(2);
    net.crash('M1');
    net.run(4000);
    expect(show()).toEqual([
      'r1: admin@M1 added n=1 v=310',
      'r2: admin@M1 added n=1 v=310',
      'r1: admin@M2 added n=2 v=310',
      'r2: admin@M2 added n=2 v=310',
      'r1: admin@M1 added n=11 v=310',
      'r2: admin@M1 added n=11 v=310',
      'r1: admin@M2 removed n=2 v=310',
      'r2: admin@M2 removed n=2 v=310',
      'r1: admin@M1 removed n=11 v=310',
      'r2: admin@M1 removed n=11 v=310',
    ]);
    notices.remove(new ActorAddress('r1'));
    expect(notices.count).toBe(1);
    notices.close();
  });

  it('4.11.1 what a peer cannot do: speak for another admin, send malformed fields, register as this system', () => {
    const net = leaderAndMember();
    const L = net.systems.get('L')!;
    L.receive('X', new ConventionDeRegister('M'));
    L.receive('X', Object.assign(new ConventionRegister('X'), { capabilities: 'all' }));
    L.receive('X', Object.assign(new ConventionRegister('X'), { adminAddress: 42 }));
    L.receive('L', new ConventionRegister('L', {}, true));
    expect(net.seen('L')).toEqual(['joined M']);
    const logs = net.logs.join('\n');
    expect(logs).toMatch(/ignoring ConventionDeRegister from X that names M: an admin speaks only for itself/);
    expect(logs).toMatch(/malformed ConventionRegister from X: capabilities is not an object/);
    expect(logs).toMatch(/malformed ConventionRegister from X: adminAddress is not a non-empty string/);
    expect(logs).toMatch(/claims to come from this system \(L\)/);
  });
});

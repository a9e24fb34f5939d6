import { describe, expect, it } from 'vitest';
import type { ActorAddress } from '../../framework/index.js';
import { freePort } from '../support/processes.js';
import { eventually, REPLY_MS } from '../support/systems.js';
import { makeTestPki, OPENSSL_MISSING } from '../support/test-ca.js';
import { CONVENTION_FIX, conventionSystems, type ConventionUpdate } from '../support/in-process-conventions.js';

/**
 * Issue 13 item 8: a member that reaches its leader only over HTTP(S) lists it as
 * 'ws://host:port/thespian'; the leader serves members there ('Convention WebSocket Port')
 * and sends everything for the member back over the member's own WebSocket link. Beyond
 * Thespian, which has no WebSocket transport.
 */
const FIX = CONVENTION_FIX;
type Update = ConventionUpdate;
const { system } = conventionSystems();

describe.each(['multiprocTCPBase', 'multiprocUDPBase'])("issue 13.8 a %s member that reaches its leader only over WebSocket ('Convention Address.IPv4': 'ws://host:port/path')", (base) => {
  it('issue 13.8 / 4.11.1 the member joins over its WebSocket link; the leader reaches it only over that link; placement and messages work both ways; its leave is heard', async () => {
    process.env.THESPIAN_CONVENTION_REREGISTRATION_MS = '400';
    const [lp, wp, mp] = [await freePort(), await freePort(), await freePort()];
    const leader = await system(lp, `localhost:${lp}`, { Cyan: 1, 'Convention WebSocket Port': wp }, base);
    const registrar = await leader.createActor(`${FIX}:Registrar`);
    expect(await leader.ask(registrar, 'start', REPLY_MS)).toBe('started');
    const member = await system(mp, `ws://127.0.0.1:${wp}/thespian`, { Red: 10 }, base);

    // The member knows its leader by the leader's admin address (learned from its answer), not by the URL.
    await eventually(async () => (await member.status()).convention?.leader, (l) => l === `127.0.0.1:${lp}`, 15_000);
    const joined = await eventually(async () => (await leader.ask(registrar, 'updates?', REPLY_MS)) as Update[], (u) => u.some((x) => x.added), 10_000);
    expect(joined[0]).toMatchObject({ admin: `127.0.0.1:${mp}#admin`, added: true });
    expect(joined[0]!.caps['Red']).toBe(10);
    const st = await leader.status();
    expect(st.convention?.members).toEqual([expect.objectContaining({ address: `127.0.0.1:${mp}`, overItsLink: true })]);

    // 4.11.3 both ways: Red only on the member, Cyan only on the leader.
    const red = await leader.createActor(`${FIX}:RedWorker`);
    expect(String(await leader.ask(red, 'hot', REPLY_MS))).toMatch(/^red hot \d+$/);
    const roger = await member.createActor(`${FIX}:Roger`);
    expect(await member.ask(roger, 'sharks', REPLY_MS)).toBe("Don't count on it, sharks");
    // 9.4 actor to actor across the link, both directions (the member is admin-routed: only its admin's link crosses).
    const pinger = await leader.createActor(`${FIX}:Pinger`);
    const ponger = await member.createActor(`${FIX}:Ponger`);
    expect(await leader.ask(pinger, { to: ponger, n: 30 }, REPLY_MS)).toBe('all pongs');
    // An actor made here and placed there: this system's processes reach it through the admins too.
    const placedPonger = await leader.createActor(`${FIX}:NeedsPonger`, { requirements: { needs: 'Red' } });
    expect(await leader.ask(pinger, { to: placedPonger, n: 30 }, REPLY_MS)).toBe('all pongs');
    const memberPinger = await member.createActor(`${FIX}:Pinger`);
    const leaderPonger = await leader.createActor(`${FIX}:Ponger`);
    expect(await member.ask(memberPinger, { to: leaderPonger as ActorAddress, n: 30 }, REPLY_MS)).toBe('all pongs');
    const cyanPonger = await member.createActor(`${FIX}:NeedsPonger`, { requirements: { needs: 'Cyan' } });
    expect(await member.ask(memberPinger, { to: cyanPonger, n: 30 }, REPLY_MS)).toBe('all pongs');

    // 4.11.1 an orderly leave is heard at once.
    await member.shutdown();
    await eventually(async () => (await leader.ask(registrar, 'updates?', REPLY_MS)) as Update[], (u) => u.some((x) => !x.added), 5000);
  }, 90_000);
});

describe('issue 13.8 / 13.7 a member over wss:// (multiprocTCPBase)', () => {
  it.skipIf(OPENSSL_MISSING)('issue 13.8 / 13.7 wss:// with mutual TLS and a Convention Key: a member with the same certificates joins; one with another key never joins', async () => {
    process.env.THESPIAN_CONVENTION_REREGISTRATION_MS = '400';
    const pki = makeTestPki();
    try {
      const tls = { 'Convention TLS Cert': pki.paths.peerCert, 'Convention TLS Key': pki.paths.peerKey, 'Convention TLS CA': pki.paths.ca, 'Convention Key': 'a shared key for this test only' };
      const [lp, wp, mp, sp] = [await freePort(), await freePort(), await freePort(), await freePort()];
      const leader = await system(lp, `localhost:${lp}`, { ...tls, 'Convention WebSocket Port': wp });
      const member = await system(mp, `wss://127.0.0.1:${wp}/thespian`, { ...tls, Red: 1 });
      await eventually(async () => (await leader.status()).convention?.members.map((m) => m.address) ?? [], (a) => a.includes(`127.0.0.1:${mp}`), 15_000);
      const red = await leader.createActor(`${FIX}:RedWorker`);
      expect(String(await leader.ask(red, 'wss', REPLY_MS))).toMatch(/^red wss/);
      expect((await member.status()).convention?.leader).toBe(`127.0.0.1:${lp}`);
      const stranger = await system(sp, `wss://127.0.0.1:${wp}/thespian`, { ...tls, 'Convention Key': 'another key, not this convention' });
      await eventually(async () => (await stranger.status()).convention?.leader ?? null, (l) => l === null, 5000);
      // Give the stranger a few registration periods: it never becomes a member.
      await eventually(async () => (await leader.status()).convention?.members.length ?? 0, (n) => n === 1, 3000);
      expect((await leader.status()).convention?.members.map((m) => m.address)).not.toContain(`127.0.0.1:${sp}`);
    } finally {
      pki.cleanup();
    }
  }, 90_000);
});

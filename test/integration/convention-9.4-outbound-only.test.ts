import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ActorSystem, type ActorAddress } from '../../framework/index.js';
import { freePort } from '../support/processes.js';
import { eventually, REPLY_MS } from '../support/systems.js';
import { CONVENTION_FIX, conventionSystems, type ConventionUpdate } from '../support/in-process-conventions.js';

/**
 * Spec 9.4 'Outbound Only' (and 4.11, 5.14): a system that other systems cannot connect to. It
 * connects to them (it plays leader and pre-registers its members), announces itself on those
 * links, and they answer on them; it implies 'Admin Routing'. Followed: Thespian's TCPTransport,
 * which keeps such inbound sockets for replies. Here its admin also refuses links from other
 * systems and logs why, so the behaviour is the same with or without a firewall in front of it.
 */
const FIX = CONVENTION_FIX;
type Update = ConventionUpdate;
const conv = conventionSystems();
const running = conv.running;
/** Its convention settings, if any, are in `caps`: an 'Outbound Only' system lists no leader. */
const system = (port: number, caps: Record<string, unknown> = {}): Promise<ActorSystem> => conv.system(port, [], caps);

describe("9.4 'Outbound Only' systems", () => {
  it("9.4 Outbound Only / 5.14 the system pre-registers a member, which answers over the system's own link; placement and messages work both ways", async () => {
    process.env.THESPIAN_CONVENTION_REREGISTRATION_MS = '400';
    const [lp, mp] = [await freePort(), await freePort()];
    const leader = await system(lp, { 'Outbound Only': true, Cyan: 1 });
    const member = await system(mp, { Red: 3 });
    const registrar = await leader.createActor(`${FIX}:Registrar`);
    expect(await leader.ask(registrar, 'start', REPLY_MS)).toBe('started');
    expect(await leader.ask(registrar, `prereg 127.0.0.1:${mp}`, REPLY_MS)).toBe('Registered');
    const joined = await eventually(async () => (await leader.ask(registrar, 'updates?', REPLY_MS)) as Update[], (u) => u.some((x) => x.added && x.caps['Red'] === 3), 10_000);
    expect(joined.find((x) => x.added)?.admin).toBe(`127.0.0.1:${mp}#admin`);
    // The member reaches the leader only over the leader's link.
    await eventually(async () => (await member.status()).convention, (c) => c?.leader === `127.0.0.1:${lp}` && c.members.some((m) => m.address === `127.0.0.1:${lp}` && m.overItsLink === true), 10_000);

    // 4.11.3 both ways: Red only on the member, Cyan only on the Outbound Only leader.
    const red = await leader.createActor(`${FIX}:RedWorker`);
    expect(String(await leader.ask(red, 'hot', REPLY_MS))).toMatch(/^red hot \d+$/);
    const roger = await member.createActor(`${FIX}:Roger`);
    expect(await member.ask(roger, 'sharks', REPLY_MS)).toBe("Don't count on it, sharks");
    // Actor to actor, both directions: the member's actors go through its admin to reach the leader's.
    const pinger = await member.createActor(`${FIX}:Pinger`);
    const ponger = await leader.createActor(`${FIX}:Ponger`);
    expect(await member.ask(pinger, { to: ponger as ActorAddress, n: 30 }, REPLY_MS)).toBe('all pongs');
    const leaderPinger = await leader.createActor(`${FIX}:Pinger`);
    const memberPonger = await member.createActor(`${FIX}:Ponger`);
    expect(await leader.ask(leaderPinger, { to: memberPonger, n: 30 }, REPLY_MS)).toBe('all pongs');
    // Made on each side and placed on the other: reached through the admins too.
    const placedPonger = await leader.createActor(`${FIX}:NeedsPonger`, { requirements: { needs: 'Red' } });
    expect(await leader.ask(leaderPinger, { to: placedPonger, n: 30 }, REPLY_MS)).toBe('all pongs');
    const cyanPonger = await member.createActor(`${FIX}:NeedsPonger`, { requirements: { needs: 'Cyan' } });
    expect(await member.ask(pinger, { to: cyanPonger, n: 30 }, REPLY_MS)).toBe('all pongs');
  }, 90_000);

  it('9.4 Outbound Only as a member (beyond Thespian, where it must lead): it registers with its leader over its own link, and the leader reaches it only over that link', async () => {
    process.env.THESPIAN_CONVENTION_REREGISTRATION_MS = '400';
    const [lp, mp] = [await freePort(), await freePort()];
    const leader = await system(lp, { 'Convention Address.IPv4': `localhost:${lp}`, Cyan: 1 });
    const member = await system(mp, { 'Convention Address.IPv4': `localhost:${lp}`, 'Outbound Only': true, Red: 2 });
    await eventually(async () => (await leader.status()).convention?.members ?? [], (m) => m.some((x) => x.address === `127.0.0.1:${mp}` && x.overItsLink === true), 10_000);
    const red = await leader.createActor(`${FIX}:RedWorker`);
    expect(String(await leader.ask(red, 'cold', REPLY_MS))).toMatch(/^red cold \d+$/);
    const pinger = await leader.createActor(`${FIX}:Pinger`);
    expect(await leader.ask(pinger, { to: await member.createActor(`${FIX}:Ponger`), n: 30 }, REPLY_MS)).toBe('all pongs');
    const roger = await member.createActor(`${FIX}:Roger`);
    expect(await member.ask(roger, 'lasers', REPLY_MS)).toBe("Don't count on it, lasers");
  }, 90_000);

  it('9.4 Outbound Only: a system that lists it as its leader cannot join (its links are refused)', async () => {
    process.env.THESPIAN_CONVENTION_REREGISTRATION_MS = '300';
    const log = join(mkdtempSync(join(tmpdir(), 'thespian-outbound-')), 'admins.log');
    process.env.THESPLOG_FILE = log;
    const [lp, sp] = [await freePort(), await freePort()];
    const leader = await system(lp, { 'Outbound Only': true });
    const other = await system(sp, { 'Convention Address.IPv4': `localhost:${lp}` });
    // Two refusals: the second registration came after the first was refused.
    await eventually(() => readFileSync(log, 'utf8').match(/closing a connection from another system \(127\.0\.0\.1:\d+\): this system is 'Outbound Only'/g)?.length ?? 0, (n) => n >= 2, 10_000);
    expect((await leader.status()).convention?.members ?? []).toEqual([]);
    expect((await other.status()).convention?.leader ?? null).toBeNull();
  }, 60_000);

  it("9.4 Outbound Only needs multiprocTCPBase: on UDP the start fails saying so", async () => {
    const err = await ActorSystem.start({ base: 'multiprocUDPBase', transientUnique: true, logDefs: false, capabilities: { 'Admin Port': await freePort(), 'Outbound Only': true } }).then(
      (s) => (running.push(s), undefined),
      (e: unknown) => e,
    );
    expect(String((err as Error)?.message)).toMatch(/'Outbound Only' needs multiprocTCPBase/);
  }, 30_000);
});

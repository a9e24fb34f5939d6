import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ActorSystem, NoCompatibleSystemForActor, buildSourcePackage, type ActorAddress } from '../../framework/index.js';
import { freePort } from '../support/processes.js';
import { eventually, REPLY_MS } from '../support/systems.js';
import { makeTestPki, OPENSSL_MISSING } from '../support/test-ca.js';
import { CONVENTION_FIX, conventionSystems, type ConventionUpdate } from '../support/in-process-conventions.js';

const FIX = CONVENTION_FIX;
type Update = ConventionUpdate;
const { running, system } = conventionSystems();

describe.each(['multiprocTCPBase', 'multiprocUDPBase'])('4.11 conventions of %s systems (admin wiring)', (base) => {
  it('4.11.1 / 5.7 members join their leader; registrants hear joins (replayed) and orderly leaves', async () => {
    process.env.THESPIAN_CONVENTION_REREGISTRATION_MS = '400';
    const [lp, ap, bp] = [await freePort(), await freePort(), await freePort()];
    const leader = await system(lp, `localhost:${lp}`, { Colour: 'none' }, base);
    const a = await system(ap, `localhost:${lp}`, { Blue: 4 }, base);
    const registrar = await leader.createActor(`${FIX}:Registrar`);
    expect(await leader.ask(registrar, 'start', REPLY_MS)).toBe('started');
    const first = await eventually(async () => (await leader.ask(registrar, 'updates?', REPLY_MS)) as Update[], (u) => u.length >= 1, 10_000);
    expect(first[0]).toMatchObject({ admin: `127.0.0.1:${ap}#admin`, added: true });
    expect(first[0]!.caps['Blue']).toBe(4);
    expect(first[0]!.caps['Thespian Version']).toBeDefined();
    const b = await system(bp, `localhost:${lp}`, { Red: 1 }, base);
    await eventually(async () => (await leader.ask(registrar, 'updates?', REPLY_MS)) as Update[], (u) => u.some((x) => x.admin.startsWith(`127.0.0.1:${bp}`)), 10_000);
    const st = await leader.status();
    expect(st.convention?.isLeader).toBe(true);
    expect(st.convention?.members.map((m) => m.address).sort()).toEqual([`127.0.0.1:${ap}`, `127.0.0.1:${bp}`].sort());
    const mst = await a.status();
    expect(mst.convention?.leader).toBe(`127.0.0.1:${lp}`);
    await b.shutdown();
    const after = await eventually(async () => (await leader.ask(registrar, 'updates?', REPLY_MS)) as Update[], (u) => u.some((x) => !x.added), 5000);
    expect(after.find((x) => !x.added)?.admin).toBe(`127.0.0.1:${bp}#admin`);
  }, 60_000);

  it('4.11.3 an actor whose class declines this system runs on a member that accepts; its address works from every system', async () => {
    process.env.THESPIAN_CONVENTION_REREGISTRATION_MS = '400';
    const [vp, lp, pp, tp] = [await freePort(), await freePort(), await freePort(), await freePort()];
    const leaders = [`localhost:${vp}`];
    const victoria = await system(vp, leaders, { Cyan: 19, Yellow: 11, Green: 11 }, base);
    const leicester = await system(lp, leaders, { Blue: 4, Black: 8 }, base);
    const picadilly = await system(pp, leaders, { Blue: 6, Brown: 12 }, base);
    await system(tp, leaders, { Brown: 7, Red: 10 }, base);
    await eventually(async () => (await victoria.status()).convention?.members.length ?? 0, (n) => n === 3, 10_000);
    await eventually(async () => (await picadilly.status()).convention?.leader, (l) => l === `127.0.0.1:${vp}`, 10_000);
    const sean = await victoria.createActor(`${FIX}:Sean`);
    expect(await victoria.ask(sean, 'diamonds', REPLY_MS)).toBe('diamonds is not enough');
    // M needs Red: only tottenham has it; picadilly's creation goes there through the leader.
    const m = await picadilly.createActor(`${FIX}:M`);
    const bond1 = (await leicester.ask(m, 'Sean', REPLY_MS)) as ActorAddress;
    expect(bond1).toBeTruthy();
    expect(await leicester.ask(bond1, 'forever', REPLY_MS)).toBe('forever is not enough');
    const bond2 = (await leicester.ask(m, 'Roger', REPLY_MS)) as ActorAddress;
    expect(await leicester.ask(bond2, 'jaws', REPLY_MS)).toBe("Don't count on it, jaws");
    expect(await victoria.ask(bond2, 'sharks', REPLY_MS)).toBe("Don't count on it, sharks");
    await expect(leicester.createActor(`${FIX}:Roger`, { requirements: null })).resolves.toBeTruthy();
  }, 90_000);

  it('4.10 NoCompatibleSystemForActor names the class when no system of the convention accepts it', async () => {
    process.env.THESPIAN_CONVENTION_REREGISTRATION_MS = '400';
    const [lp, ap] = [await freePort(), await freePort()];
    const leader = await system(lp, `localhost:${lp}`, { Blue: 1 }, base);
    await system(ap, `localhost:${lp}`, { Green: 1 }, base);
    await eventually(async () => (await leader.status()).convention?.members.length ?? 0, (n) => n === 1, 10_000);
    const err = await leader.createActor(`${FIX}:M`).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NoCompatibleSystemForActor);
    expect(String((err as Error).message)).toMatch(/M/);
  }, 60_000);
});

describe('5.14 / 5.15 / 4.13 pre-registration and logs across a convention', () => {
  it('5.14 an actor pre-registers a system configured with no convention; it joins with its real capabilities; 5.15 de-registration is a leave', async () => {
    process.env.THESPIAN_CONVENTION_REREGISTRATION_MS = '400';
    const [lp, rp] = [await freePort(), await freePort()];
    const leader = await system(lp, []);
    const remote = await system(rp, [], { Purple: 3 });
    const registrar = await leader.createActor(`${FIX}:Registrar`);
    expect(await leader.ask(registrar, 'start', REPLY_MS)).toBe('started');
    expect(await leader.ask(registrar, `prereg localhost:${rp}`, REPLY_MS)).toBe('Registered');
    const joined = await eventually(async () => (await leader.ask(registrar, 'updates?', REPLY_MS)) as Update[], (u) => u.some((x) => x.added && x.caps['Purple'] === 3), 10_000);
    expect(joined.find((x) => x.added)?.admin).toBe(`127.0.0.1:${rp}#admin`);
    // The leader's answer may wait out its hysteresis window (it invited the remote just before).
    await eventually(async () => (await remote.status()).convention?.leader, (l) => l === `127.0.0.1:${lp}`, 10_000);
    // Spec 5.14: an address it cannot read is ignored (and logged), nothing else changes.
    expect(await leader.ask(registrar, 'prereg not an address', REPLY_MS)).toBe('Registered');
    expect(await leader.ask(registrar, `dereg localhost:${rp}`, REPLY_MS)).toBe('DeRegistered');
    await eventually(async () => (await leader.ask(registrar, 'updates?', REPLY_MS)) as Update[], (u) => u.some((x) => !x.added), 5000);
    // From outside too (issue 13 item 2): the ActorSystem pre-registers it again.
    await leader.preRegisterRemoteSystem(`127.0.0.1:${rp}`, {});
    await eventually(async () => (await leader.status()).convention?.members.length ?? 0, (n) => n === 1, 10_000);
  }, 60_000);

  it('4.13 a WARNING logged by an actor on a member reaches the leader\'s log handlers, tagged with the actor', async () => {
    process.env.THESPIAN_CONVENTION_REREGISTRATION_MS = '400';
    const [lp, mp] = [await freePort(), await freePort()];
    const file = join(mkdtempSync(join(tmpdir(), 'thespian-convlog-')), 'leader.log');
    const leader = await ActorSystem.start({
      base: 'multiprocTCPBase',
      transientUnique: true,
      logDefs: {
        version: 1,
        formatters: { actor: { format: '%(levelname)s|%(actorClass)s|%(actorAddress)s|%(message)s' } },
        handlers: { central: { class: 'file', filename: file, formatter: 'actor', level: 'WARNING' } },
        root: { level: 'DEBUG', handlers: ['central'] },
      },
      capabilities: { 'Admin Port': lp, 'Convention Address.IPv4': `localhost:${lp}` },
    });
    running.push(leader);
    const member = await system(mp, `localhost:${lp}`);
    await eventually(async () => (await member.status()).convention?.leader, (l) => l === `127.0.0.1:${lp}`, 10_000);
    const r = await member.createActor(`${FIX}:Registrar`);
    expect(await member.ask(r, 'warn far away', REPLY_MS)).toBe('logged');
    const line = await eventually(() => (existsSync(file) ? readFileSync(file, 'utf8') : ''), (t) => t.includes('far away'), 10_000);
    const record = line.split('\n').find((l) => l.includes('far away')) ?? '';
    expect(record.startsWith('WARNING|Registrar|')).toBe(true);
    expect(record).toContain(r.key);
  }, 60_000);
});

describe('9.4 routing between the systems of a convention', () => {
  const forwarded = async (s: ActorSystem): Promise<number> => (await s.status()).counters['messagesForwarded'] ?? 0;

  it.each([
    ['direct by default: actor-to-actor messages bypass both admins', false, false],
    ["'Admin Routing': every message goes through the admins on the way", true, false],
    ['direct between pooled hosts too (issue 10 pooled mode)', false, true],
  ])('9.4 %s', async (_name, adminRouting, pooled) => {
    process.env.THESPIAN_CONVENTION_REREGISTRATION_MS = '400';
    const [lp, mp] = [await freePort(), await freePort()];
    const caps = { 'Admin Routing': adminRouting, ...(pooled ? { 'Pooled Actors': 2 } : {}) };
    const leader = await system(lp, `localhost:${lp}`, caps);
    const member = await system(mp, `localhost:${lp}`, { ...caps, Red: 1 });
    await eventually(async () => (await member.status()).convention?.leader, (l) => l === `127.0.0.1:${lp}`, 10_000);
    const pinger = await leader.createActor(`${FIX}:Pinger`);
    const ponger = await member.createActor(`${FIX}:Ponger`);
    // Warm up: routes learned, links open.
    expect(await leader.ask(pinger, { to: ponger, n: 1 }, REPLY_MS)).toBe('all pongs');
    const before = (await forwarded(leader)) + (await forwarded(member));
    expect(await leader.ask(pinger, { to: ponger, n: 200 }, REPLY_MS * 2)).toBe('all pongs');
    const passedOn = (await forwarded(leader)) + (await forwarded(member)) - before;
    // The ask and its answer pass the leader's admin only on the starter's side (2 forwards at most there).
    if (adminRouting) expect(passedOn).toBeGreaterThanOrEqual(400);
    else expect(passedOn).toBeLessThan(10);
  }, 60_000);
});

describe('4.14 loaded sources in a convention', () => {
  const redPackage = (): Promise<Uint8Array> =>
    buildSourcePackage({
      'red.js': [
        "import { Actor, ActorBase, Receive } from 'thespian-ts';",
        'export class RedOnly extends ActorBase {',
        '  static actorSystemCapabilityCheck(caps) { return Number(caps.Red ?? 0) > 0; }',
        "  any(m, sender) { this.send(sender, 'red ' + m); }",
        '}',
        'Actor()(RedOnly);',
        "Receive(Object)(RedOnly.prototype, 'any');",
        '',
      ].join('\n'),
    });

  it("4.14 a member pulls the source from the system that loaded it to create an actor only it can host; 9.1 'AllowRemoteActorSources': 'No' refuses", async () => {
    process.env.THESPIAN_CONVENTION_REREGISTRATION_MS = '400';
    const [lp, np, yp] = [await freePort(), await freePort(), await freePort()];
    const leader = await system(lp, `localhost:${lp}`);
    const authority = await leader.createActor('test/fixtures/conformance/sources.ts:SourceAuthorityFixture');
    expect(await leader.ask(authority, 'register', REPLY_MS)).toBe('registered');
    const hash = await leader.loadActorSource(await redPackage());
    await eventually(async () => (await leader.status()).loadedSources, (l) => l.includes(hash), 10_000);

    const refusing = await system(np, `localhost:${lp}`, { Red: 1, AllowRemoteActorSources: 'No' });
    await eventually(async () => (await leader.status()).convention?.members.length ?? 0, (n) => n === 1, 10_000);
    const err = await leader.createActor('red.js:RedOnly', { sourceHash: hash }).catch((e: unknown) => e as Error);
    expect(String((err as Error).message)).toMatch(/AllowRemoteActorSources/);
    expect((await refusing.status()).loadedSources).not.toContain(hash);
    await refusing.shutdown();
    await eventually(async () => (await leader.status()).convention?.members.length ?? 0, (n) => n === 0, 10_000);

    const member = await system(yp, `localhost:${lp}`, { Red: 1 });
    await eventually(async () => (await leader.status()).convention?.members.length ?? 0, (n) => n === 1, 10_000);
    const red = await leader.createActor('red.js:RedOnly', { sourceHash: hash });
    expect(await leader.ask(red, 'hot', REPLY_MS)).toBe('red hot');
    expect((await member.status()).loadedSources).toContain(hash);
  }, 90_000);
});

describe('issue 13 item 7 a system in no convention takes nothing from other systems', () => {
  it('a convention on loopback cannot reach the actors of a system that is in none: refused, counted and logged', async () => {
    const [xp, yp] = [await freePort(), await freePort()];
    const outsider = await system(xp, []);
    const y = await system(yp, `localhost:${yp}`);
    const echo = await outsider.createActor(`${FIX}:Ponger`);
    const pinger = await y.createActor(`${FIX}:Pinger`);
    expect(await y.ask(pinger, { to: echo, n: 1 }, 2000)).toBeUndefined();
    const refused = await eventually(async () => (await outsider.status()).counters['refusedFromOtherSystems'] ?? 0, (n) => n >= 1, 15_000);
    expect(refused).toBeGreaterThanOrEqual(1);
    expect(await outsider.ask(echo, 'still', REPLY_MS)).toBe('pong');
  }, 60_000);
});

describe('4.6 global names in a convention (release 3.8.3)', () => {
  it('4.6 a globally named actor is its own system\'s: its address works from another system, and the same name there is another actor', async () => {
    process.env.THESPIAN_CONVENTION_REREGISTRATION_MS = '400';
    const [lp, mp] = [await freePort(), await freePort()];
    const leader = await system(lp, `localhost:${lp}`);
    const member = await system(mp, `localhost:${lp}`);
    await eventually(async () => (await member.status()).convention?.leader, (l) => l === `127.0.0.1:${lp}`, 10_000);
    const hub = await leader.createActor(`${FIX}:Ponger`, { globalName: 'Hub' });
    const pinger = await member.createActor(`${FIX}:Pinger`);
    expect(await member.ask(pinger, { to: hub, n: 3 }, REPLY_MS)).toBe('all pongs');
    expect(await member.ask(hub, 'hi', REPLY_MS)).toBe('pong');
    const memberHub = await member.createActor(`${FIX}:Where`, { globalName: 'Hub' });
    expect(memberHub.equals(hub)).toBe(false);
    expect(await member.ask(memberHub, 'where', REPLY_MS)).toHaveProperty('pid');
    expect((await leader.createActor(`${FIX}:Ponger`, { globalName: 'Hub' })).equals(hub)).toBe(true);
  }, 60_000);
});

describe('4.11.1 a member that dies', () => {
  it('4.11.1 kill -9 of a member: after the missed check-ins registrants hear it left, the parent of an actor placed there gets ChildActorExited, and messages to it are dead letters', async () => {
    process.env.THESPIAN_CONVENTION_REREGISTRATION_MS = '400';
    const [lp, mp] = [await freePort(), await freePort()];
    const leader = await system(lp, `localhost:${lp}`);
    const member = await system(mp, `localhost:${lp}`, { Red: 1 });
    await eventually(async () => (await leader.status()).convention?.members.length ?? 0, (n) => n === 1, 10_000);
    const registrar = await leader.createActor(`${FIX}:Registrar`);
    expect(await leader.ask(registrar, 'start', REPLY_MS)).toBe('started');
    const parent = await leader.createActor(`${FIX}:RedParent`);
    const worker = (await leader.ask(parent, 'make', REPLY_MS)) as ActorAddress;
    expect(String(await leader.ask(worker, 'hot', REPLY_MS))).toMatch(/^red hot \d+$/);
    const { pid } = await member.status();
    running.splice(running.indexOf(member), 1);
    process.kill(pid!, 'SIGKILL');
    const updates = await eventually(async () => (await leader.ask(registrar, 'updates?', REPLY_MS)) as Update[], (u) => u.some((x) => !x.added), 15_000);
    expect(updates.find((x) => !x.added)?.admin).toBe(`127.0.0.1:${mp}#admin`);
    const exits = await eventually(async () => (await leader.ask(parent, 'exits?', REPLY_MS)) as string[], (e) => e.length === 1, 10_000);
    expect(exits).toEqual([worker.key]);
    const before = (await leader.status()).counters['deadLetters'] ?? 0;
    await leader.tell(worker, 'anyone?');
    await eventually(async () => (await leader.status()).counters['deadLetters'] ?? 0, (n) => n > before, 10_000);
  }, 60_000);
});

describe('4.11.3 a child that no system of the convention accepts', () => {
  it('4.11.3 inside an actor: ChildActorExited, and what it sent the child meanwhile comes back as PoisonMessage (Thespian: "Child Aborted")', async () => {
    process.env.THESPIAN_CONVENTION_REREGISTRATION_MS = '400';
    const [lp, mp] = [await freePort(), await freePort()];
    const leader = await system(lp, `localhost:${lp}`);
    await system(mp, `localhost:${lp}`, { Blue: 1 });
    await eventually(async () => (await leader.status()).convention?.members.length ?? 0, (n) => n === 1, 10_000);
    const parent = await leader.createActor(`${FIX}:EagerParent`);
    expect(await leader.ask(parent, 'make-and-send', REPLY_MS)).toBe('sent');
    const seen = await eventually(
      async () => (await leader.ask(parent, 'seen?', REPLY_MS)) as { poisoned: string[]; exits: string[] },
      (s) => s.exits.length === 1 && s.poisoned.length === 2,
      15_000,
    );
    expect(seen.poisoned).toEqual(['one:Child Aborted', 'two:Child Aborted']);
  }, 60_000);
});

describe('issue 13 item 7 a convention over TLS', () => {
  it.skipIf(OPENSSL_MISSING)('9.1 Convention TLS: with a CA made in the test, systems join and their actors talk over mutual TLS; a system with a certificate of another CA never joins', async () => {
    process.env.THESPIAN_CONVENTION_REREGISTRATION_MS = '400';
    const pki = makeTestPki();
    try {
      const tls = { 'Convention TLS Cert': pki.paths.peerCert, 'Convention TLS Key': pki.paths.peerKey, 'Convention TLS CA': pki.paths.ca, 'Convention Key': 'a shared key for this test only' };
      const [lp, mp, sp] = [await freePort(), await freePort(), await freePort()];
      const leader = await system(lp, `localhost:${lp}`, tls);
      const member = await system(mp, `localhost:${lp}`, { ...tls, Red: 1 });
      await eventually(async () => (await leader.status()).convention?.members.length ?? 0, (n) => n === 1, 10_000);
      const pinger = await leader.createActor(`${FIX}:Pinger`);
      const ponger = await member.createActor(`${FIX}:Ponger`);
      expect(await leader.ask(pinger, { to: ponger, n: 20 }, REPLY_MS)).toBe('all pongs');
      const red = await leader.createActor(`${FIX}:RedWorker`);
      expect(String(await leader.ask(red, 'hot', REPLY_MS))).toMatch(/^red hot/);
      // A system consistent in itself, with certificates of another CA.
      const file = (name: string, pem: string): string => (writeFileSync(join(pki.dir, name), pem), join(pki.dir, name));
      const stranger = await system(sp, `localhost:${lp}`, {
        ...tls,
        'Convention TLS Cert': file('stranger.pem', pki.strangerCert),
        'Convention TLS Key': file('stranger-key.pem', pki.strangerKey),
        'Convention TLS CA': file('other-ca.pem', pki.otherCa),
      });
      await new Promise((r) => setTimeout(r, 1500)); // three check-in periods: it would have joined by now
      expect((await leader.status()).convention?.members.map((m) => m.address)).toEqual([`127.0.0.1:${mp}`]);
      expect((await stranger.status()).convention?.leader).toBeNull();
    } finally {
      pki.cleanup();
    }
  }, 90_000);
});

import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { ActorAddress, ActorStatus, ActorSystem, StatusRequest } from 'thespian-ts';
import { EnvReporter } from '../fixtures/trust-actors.js';
import { runCli } from '../../cli/main.js';
import { newSecret, readSecretFile, SECRET_ENV, secretEnv, secretFile } from '../../framework/bases/multiproc/system-secret.js';
import { ALLOWED_PATHS_ENV } from '../../framework/system/allowed-roots.js';
import { PidReporter } from '../fixtures/process-actors.js';
import { alive, until } from '../support/processes.js';
import { eventually, REPLY_MS } from '../support/systems.js';
import { authenticatedPeer, createRequest, markerModule, rawExchange, rawFrame, startOrder } from '../support/trust.js';
import type { ChildConfig } from '../../framework/bases/multiproc/node-config.js';
import { prepareEnvelope } from '../../framework/transport/envelope.js';
import { fixedRoute, KIND_CONTROL, KIND_USER } from '../../framework/bases/multiproc/protocol.js';
import { spawnEntry } from '../../framework/bases/multiproc/spawn.js';

async function startTcp(env: Record<string, string> = {}): Promise<{ asys: ActorSystem; port: number; pid: number }> {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  try {
    const asys = await ActorSystem.start({ base: 'multiprocTCPBase', transientUnique: true, logDefs: false });
    const st = await asys.status();
    return { asys, port: st.capabilities['Admin Port'] as number, pid: st.pid! };
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

describe('issue 8.3 authenticated links: multiprocTCPBase', () => {
  let asys: ActorSystem | undefined;
  afterEach(async () => {
    await asys?.shutdown();
    asys = undefined;
  });

  it('4.12 a raw socket that skips the handshake is closed unread: its create frame never runs the file; the admin still answers', async () => {
    const evil = markerModule();
    // The module's directory is allowed here, so the handshake is the only thing in the way.
    const log = join(mkdtempSync(join(tmpdir(), 'thespian-trustlog-')), 'thesp.log');
    const s = await startTcp({ [ALLOWED_PATHS_ENV]: `${process.cwd()}:${evil.dir}`, THESPLOG_FILE: log });
    asys = s.asys;
    const adminKey = `127.0.0.1:${s.port}#admin`;
    const plain = await rawExchange(s.port, rawFrame(adminKey, createRequest(evil.file)));
    expect(plain.closed).toBe(true);
    expect(plain.received.byteLength).toBe(0); // not even the acceptor's nonce: the greeting was wrong
    // A peer that knows the greeting but not the secret: its proof fails, its frame is not read.
    const hello = Buffer.concat([Buffer.from('TSA2'), randomBytes(32)]);
    const forged = await rawExchange(s.port, Buffer.concat([hello, Buffer.of(0), randomBytes(32), rawFrame(adminKey, createRequest(evil.file))]));
    expect(forged.closed).toBe(true);
    expect(forged.received.byteLength).toBe(96); // the acceptor's nonce and its two proofs, nothing else
    expect(await asys.ask(await asys.createActor(PidReporter), 'still', REPLY_MS)).toBe('echo still');
    expect(evil.ran()).toBe(false);
    // Logged where the owner looks (thesplog), naming the peer and why.
    const logged = await until(() => /closing unauthenticated connection from 127\.0\.0\.1:\d+: wrong proof/.test(readFileSync(log, 'utf8')), REPLY_MS);
    expect(logged).toBe(true);
    expect(readFileSync(log, 'utf8')).toMatch(/closing unauthenticated connection from 127\.0\.0\.1:\d+: not a thespian-ts link/);
    // The same request over an authenticated link does import the file (its directory is
    // allowed here): the marker would have shown it, had the handshake let a frame through.
    const peer = await authenticatedPeer('tcp', readSecretFile('multiprocTCPBase', s.port)!);
    try {
      peer.send(`127.0.0.1:${s.port}`, adminKey, createRequest(evil.file));
      expect(await until(evil.ran, REPLY_MS)).toBe(true);
    } finally {
      await peer.transport.close();
    }
  });

  it('5.3 a path spec from the wire outside the allowed directories is refused before import, naming the path, the roots and the fix', async () => {
    const evil = markerModule();
    const s = await startTcp();
    asys = s.asys;
    const peer = await authenticatedPeer('tcp', readSecretFile('multiprocTCPBase', s.port)!);
    try {
      peer.send(`127.0.0.1:${s.port}`, `127.0.0.1:${s.port}#admin`, createRequest(evil.file));
      const reply = await eventually(() => peer.inbox.find((e) => (e.message as { op?: string }).op === 'created'), Boolean);
      const created = reply?.message as { route: string | null; error?: string; code?: string };
      expect(created.route).toBeNull();
      expect(created.code).toBe('ACTOR_SPEC_PATH_NOT_ALLOWED');
      expect(created.error).toContain(evil.file);
      expect(created.error).toContain(process.cwd());
      expect(created.error).toContain(ALLOWED_PATHS_ENV);
      expect(evil.ran()).toBe(false);
      expect((await asys.status()).pid).toBe(s.pid);
    } finally {
      await peer.transport.close();
    }
  });

  it("9.3 a start order sent straight to a spare's port: unread without the secret; with it, the spare itself refuses a path outside the allowed directories", async () => {
    const secret = newSecret();
    const admin = await authenticatedPeer('tcp', secret);
    const inside = markerModule();
    const outside = markerModule();
    // A spare as the admin starts it, with this test playing its admin.
    const config: ChildConfig = { transport: 'tcp', host: '127.0.0.1', adminRoute: admin.transport.address, adminKey: `${admin.transport.address}#admin`, allowedRoots: [process.cwd(), inside.dir] };
    const child = spawnEntry('actor-main', [JSON.stringify(config)], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'], env: secretEnv(secret) });
    try {
      const announced = await eventually(() => admin.inbox.find((e) => (e.message as { op?: string }).op === 'spare'), Boolean, 15_000);
      const route = fixedRoute(announced!.sender!.key)!;
      const raw = await rawExchange(Number(route.split(':')[1]), rawFrame(`${route}#proc`, startOrder(inside.file), KIND_CONTROL));
      expect(raw.closed).toBe(true);
      admin.send(route, `${route}#proc`, startOrder(outside.file), KIND_CONTROL);
      const failed = await eventually(() => admin.inbox.find((e) => (e.message as { op?: string }).op === 'start-failed'), Boolean);
      const report = failed?.message as { error: string; code: string };
      expect(report.code).toBe('ACTOR_SPEC_PATH_NOT_ALLOWED');
      expect(report.error).toContain(outside.file);
      expect(inside.ran()).toBe(false);
      expect(outside.ran()).toBe(false);
    } finally {
      child.kill();
      await admin.transport.close();
    }
  });

  it("9.3 a start order sent straight to a live actor's port: unread without the secret, ignored with it (one order per process)", async () => {
    const evil = markerModule();
    const s = await startTcp({ [ALLOWED_PATHS_ENV]: `${process.cwd()}:${evil.dir}` });
    asys = s.asys;
    const peer = await authenticatedPeer('tcp', readSecretFile('multiprocTCPBase', s.port)!);
    try {
      const fixture = fileURLToPath(new URL('../fixtures/process-actors.ts', import.meta.url));
      const request = { ...createRequest(fixture, 'peer.1'), label: 'PidReporter', spec: { kind: 'path' as const, file: fixture, exportName: 'PidReporter' } };
      peer.send(`127.0.0.1:${s.port}`, `127.0.0.1:${s.port}#admin`, request);
      const reply = await eventually(() => peer.inbox.find((e) => (e.message as { op?: string }).op === 'created'), Boolean);
      const route = (reply?.message as { route: string }).route;
      expect(route).toMatch(/^127\.0\.0\.1:\d+$/);
      const raw = await rawExchange(Number(route.split(':')[1]), rawFrame(`${route}#proc`, startOrder(evil.file), KIND_CONTROL));
      expect(raw.closed).toBe(true);
      peer.send(route, `${route}#proc`, startOrder(evil.file), KIND_CONTROL);
      // Sent after the order on the same link, so answered after it was handled (and ignored).
      peer.transport.send(route, prepareEnvelope({ targetKey: 'peer.1', sender: new ActorAddress(`${peer.transport.address}#proc`), message: 'still me', kind: KIND_USER }));
      const echoed = await eventually(() => peer.inbox.some((e) => e.message === 'echo still me'), Boolean);
      expect(echoed).toBe(true);
      expect(evil.ran()).toBe(false);
      expect(await asys.ask(new ActorAddress('peer.1', 'PidReporter'), 'from the starter', REPLY_MS)).toBe('echo from the starter');
    } finally {
      await peer.transport.close();
    }
  });

  it('9.4 the secret file is mode 0600 in a 0700 directory of this user, named by base and port, and goes with the admin', async () => {
    const s = await startTcp();
    asys = s.asys;
    const file = secretFile('multiprocTCPBase', s.port);
    expect(file).toContain(`multiprocTCPBase-${s.port}.secret`);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(dirname(file)).mode & 0o777).toBe(0o700);
    expect(statSync(file).uid).toBe(process.getuid!());
    expect(readSecretFile('multiprocTCPBase', s.port)?.byteLength).toBe(32);
    await asys.shutdown();
    asys = undefined;
    expect(await until(() => !alive(s.pid), 5000)).toBe(true);
    expect(readSecretFile('multiprocTCPBase', s.port)).toBeUndefined();
  });

  it('9.4 the secret is on no command line (`ps` shows those) and not in the environment an actor or its commands inherit', async () => {
    const s = await startTcp();
    asys = s.asys;
    const hex = readSecretFile('multiprocTCPBase', s.port)!.toString('hex');
    const reporter = await asys.createActor(EnvReporter);
    expect(await asys.ask(reporter, SECRET_ENV, REPLY_MS)).toBe('absent');
    const actorPid = ((await asys.ask(reporter, new StatusRequest(), REPLY_MS)) as ActorStatus).pid!;
    for (const pid of [s.pid, actorPid]) {
      expect(readFileSync(`/proc/${pid}/cmdline`, 'utf8')).not.toContain(hex);
    }
  });

  it('9.4 a joining starter and `thespian status` prove the secret from its file; without the file they are told why', async () => {
    const s = await startTcp();
    asys = s.asys;
    const lines: string[] = [];
    const io = { out: (t: string) => lines.push(t), err: (t: string) => lines.push(t) };
    expect(await runCli(['status', '--port', String(s.port)], io)).toBe(0);
    expect(lines.join('\n')).toContain(`pid ${s.pid}`);
    // Another state dir stands for another user's: no secret, no way in, and the error says so.
    const other = mkdtempSync(join(tmpdir(), 'thespian-otheruser-'));
    const saved = process.env.THESPIAN_STATE_DIR;
    process.env.THESPIAN_STATE_DIR = other;
    try {
      const denied: string[] = [];
      expect(await runCli(['status', '--port', String(s.port)], { out: (t) => denied.push(t), err: (t) => denied.push(t) })).toBe(1);
      expect(denied.join('\n')).toMatch(/no secret file .*multiprocTCPBase-\d+\.secret/);
    } finally {
      if (saved === undefined) delete process.env.THESPIAN_STATE_DIR;
      else process.env.THESPIAN_STATE_DIR = saved;
    }
  });
});

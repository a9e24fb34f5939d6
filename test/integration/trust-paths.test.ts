import { createSocket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import type { ActorSystem } from 'thespian-ts';
import { readSecretFile } from '../../framework/bases/multiproc/system-secret.js';
import { ALLOWED_PATHS_ENV } from '../../framework/system/allowed-roots.js';
import { PidReporter } from '../fixtures/process-actors.js';
import { SpecCreator } from '../fixtures/trust-actors.js';
import { until } from '../support/processes.js';
import { MULTIPROCESS_BASES, REPLY_MS, startSystem } from '../support/systems.js';
import { authenticatedPeer, createRequest, markerModule, rawFrame } from '../support/trust.js';

/** Starts with `env` set in this process (the starter computes the admin's allowed roots from it). */
async function startWith(base: string, env: Record<string, string>): Promise<ActorSystem> {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  try {
    return await startSystem(base);
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

describe.each(MULTIPROCESS_BASES)('issue 8.3 path specs from the wire: %s', (base) => {
  let asys: ActorSystem | undefined;
  afterEach(async () => {
    await asys?.shutdown();
    asys = undefined;
  });

  it('5.3 an actor creating a child from a path outside the allowed directories: refused before import, the parent gets ChildActorExited', async () => {
    const evil = markerModule();
    asys = await startSystem(base);
    const creator = await asys.createActor(SpecCreator);
    expect(await asys.ask(creator, evil.spec, REPLY_MS)).toMatch(/^child exited: /);
    expect(evil.ran()).toBe(false);
    expect(await asys.ask(await asys.createActor(PidReporter), 'after', REPLY_MS)).toBe('echo after');
  });

  it(`5.3 ${ALLOWED_PATHS_ENV} at start allows that directory (the module is imported, then fails as no actor class)`, async () => {
    const evil = markerModule();
    asys = await startWith(base, { [ALLOWED_PATHS_ENV]: `${process.cwd()}:${evil.dir}` });
    const creator = await asys.createActor(SpecCreator);
    expect(await asys.ask(creator, evil.spec, REPLY_MS)).toMatch(/^child exited: /);
    expect(evil.ran()).toBe(true);
  });
});

describe('issue 8.3 authenticated datagrams: multiprocUDPBase', () => {
  let asys: ActorSystem | undefined;
  afterEach(async () => {
    await asys?.shutdown();
    asys = undefined;
  });

  it('4.12 a datagram without a valid tag of the secret is dropped unread; a tagged one is read; the admin still answers', async () => {
    const evil = markerModule();
    // The module's directory is allowed, so the tag is the only thing in the way.
    asys = await startWith('multiprocUDPBase', { [ALLOWED_PATHS_ENV]: `${process.cwd()}:${evil.dir}` });
    const port = (await asys.status()).capabilities['Admin Port'] as number;
    const adminKey = `127.0.0.1:${port}#admin`;
    const sock = createSocket('udp4');
    try {
      const frame = rawFrame(adminKey, createRequest(evil.file));
      // Untagged, and tagged with a wrong key (32 bytes of the right length, wrong value).
      for (const d of [frame, Buffer.concat([frame, Buffer.alloc(32, 7)])]) {
        await new Promise<void>((resolve, reject) => sock.send(d, port, '127.0.0.1', (err) => (err ? reject(err) : resolve())));
      }
      // The admin handles datagrams in arrival order: once it answered a later request,
      // the earlier ones were dealt with.
      expect(await asys.ask(await asys.createActor(PidReporter), 'still', REPLY_MS)).toBe('echo still');
      expect(evil.ran()).toBe(false);
      const peer = await authenticatedPeer('udp', readSecretFile('multiprocUDPBase', port)!);
      try {
        peer.send(`127.0.0.1:${port}`, adminKey, createRequest(evil.file));
        expect(await until(evil.ran, REPLY_MS)).toBe(true);
      } finally {
        await peer.transport.close();
      }
    } finally {
      sock.close();
    }
  });
});

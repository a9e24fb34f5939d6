import { execFileSync } from 'node:child_process';
import { closeSync, constants, mkdtempSync, openSync, writeSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ActorSystem } from 'thespian-ts';
import { SocketWatcher } from '../fixtures/process-actors.js';

/** A server whose one accepted connection the test writes to. */
async function server(): Promise<{ port: number; peer: Promise<net.Socket>; close: () => void }> {
  let accept!: (s: net.Socket) => void;
  const peer = new Promise<net.Socket>((r) => (accept = r));
  const srv = net.createServer((s) => accept(s));
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  return { port: (srv.address() as net.AddressInfo).port, peer, close: () => srv.close() };
}

describe.each(['multiprocTCPBase', 'multiprocQueueBase'])('4.8 Watching File Descriptors (%s)', (base) => {
  let asys: ActorSystem | undefined;
  afterEach(async () => {
    await asys?.shutdown();
    asys = undefined;
  });

  it('4.8 the base says it supports the Watch extension; the simple base says it does not', async () => {
    asys = await ActorSystem.start({ base, transientUnique: true, logDefs: false });
    expect((await asys.capabilities())['Thespian Watch Supported']).toBe(true);
    const simple = await ActorSystem.start({ base: 'simpleSystemBase', transientUnique: true, logDefs: false });
    expect((await simple.capabilities())['Thespian Watch Supported']).toBe(false);
    await simple.shutdown();
  });

  it('5.2.1 a returned ThespianWatch of a socket brings a WatchMessage when data arrives, again after each return', async () => {
    asys = await ActorSystem.start({ base, transientUnique: true, logDefs: false });
    const srv = await server();
    const w = await asys.createActor(SocketWatcher);
    expect(await asys.ask(w, srv.port, 5000)).toBe('connected');
    const peer = await srv.peer;
    peer.write('hello ');
    const first = (await asys.listen(5000)) as { ready: number[]; text: string };
    expect(first.text).toBe('hello ');
    expect(first.ready).toHaveLength(1);
    expect(first.ready[0]).toBeGreaterThan(2);
    peer.write('again');
    expect(((await asys.listen(5000)) as { text: string }).text).toBe('hello again');
    // An ordinary message in between ends the watch; its handler returns a new one.
    expect(await asys.ask(w, 'seen?', 5000)).toBe('hello again');
    peer.write('!');
    expect(((await asys.listen(5000)) as { text: string }).text).toBe('hello again!');
    peer.destroy();
    srv.close();
  });

  it('4.8 a raw file descriptor (a FIFO) is watched by number and reported in ready', async () => {
    asys = await ActorSystem.start({ base, transientUnique: true, logDefs: false });
    const dir = mkdtempSync(join(tmpdir(), 'thespian-watch-'));
    const fifo = join(dir, 'pipe');
    execFileSync('mkfifo', [fifo]);
    const w = await asys.createActor(SocketWatcher);
    expect(await asys.ask(w, `fifo:${fifo}`, 5000)).toBe('opened');
    const writer = openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK);
    writeSync(writer, 'through the fifo');
    const got = (await asys.listen(5000)) as { ready: number[]; text: string };
    expect(got.text).toBe('through the fifo');
    expect(got.ready[0]).toBeGreaterThan(2);
    closeSync(writer);
  });
});

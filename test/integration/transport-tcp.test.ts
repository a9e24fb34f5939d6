import 'reflect-metadata';
import net from 'node:net';
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { ActorAddress, ActorExitRequest, Message } from '../../framework/actor/index.js';
import { frameOf, prepareEnvelope, type OutboundEnvelope, type ReceivedEnvelope } from '../../framework/transport/envelope.js';
import { frameHeader } from '../../framework/transport/framing.js';
import { TcpTransport, type TcpTransportOptions } from '../../framework/transport/tcp-transport.js';
import type { TransportHandlers, TransportLogLevel } from '../../framework/transport/transport.js';
import { waitFor } from '../support/wait-for.js';

@Message({ id: 'test.tcp.Seq' })
class Seq {
  constructor(
    public n = 0,
    public body: Uint8Array = new Uint8Array(0),
  ) {}
}

interface Endpoint {
  t: TcpTransport;
  got: ReceivedEnvelope[];
  logs: [TransportLogLevel, string][];
  dead: { env: OutboundEnvelope; error: Error }[];
  undecodable: string[];
}

const open: TcpTransport[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((t) => t.close()));
});

async function endpoint(options: TcpTransportOptions = {}, extra: Partial<TransportHandlers> = {}): Promise<Endpoint> {
  const ep = { got: [], logs: [], dead: [], undecodable: [] } as unknown as Endpoint;
  ep.t = await TcpTransport.start(
    {
      onEnvelope: (e) => ep.got.push(e),
      onUndeliverable: (env, _target, error) => ep.dead.push({ env, error }),
      onUndecodable: (_head, error) => ep.undecodable.push(error.message),
      log: (level, msg) => ep.logs.push([level, msg]),
      ...extra,
    },
    options,
  );
  open.push(ep.t);
  return ep;
}

const me = new ActorAddress('sender-key', 'Sender');

describe('TcpTransport', () => {
  it('listens on an OS-picked port and reports it', async () => {
    const a = await endpoint();
    expect(a.t.port).toBeGreaterThan(0);
    expect(a.t.address).toBe(`127.0.0.1:${a.t.port}`);
  });

  it('delivers per-target in order, targets independently, with sender and kind', async () => {
    const [a, b, c] = await Promise.all([endpoint(), endpoint(), endpoint()]);
    const N = 3000;
    for (let i = 0; i < N; i++) {
      if (a.t.isBlocked()) await a.t.whenUnblocked(); // as a base does between messages
      a.t.send(b.t.address, { targetKey: 'b-actor', sender: me, message: new Seq(i), kind: 3 });
      if (i % 3 === 0) a.t.send(c.t.address, { targetKey: 'c-actor', sender: null, message: { i } });
    }
    await waitFor(() => b.got.length === N && c.got.length === N / 3, 'all messages');
    expect(b.got.map((e) => (e.message as Seq).n)).toEqual([...Array(N).keys()]);
    expect(b.got[0]!.message).toBeInstanceOf(Seq);
    expect(b.got[0]!.sender?.equals(me)).toBe(true);
    expect(b.got[0]!.sender?.label).toBe('Sender');
    expect(b.got[0]!.kind).toBe(3);
    expect(b.got[0]!.targetKey).toBe('b-actor');
    expect(c.got.map((e) => (e.message as { i: number }).i)).toEqual([...Array(N / 3).keys()].map((i) => i * 3));
    expect(c.got[0]!.sender).toBeNull();
    expect(a.dead).toEqual([]);
  });

  it('encodes once: one prepared envelope fans out to several targets', async () => {
    const [a, b, c] = await Promise.all([endpoint(), endpoint(), endpoint()]);
    const out = prepareEnvelope({ targetKey: 'any', sender: me, message: new Seq(7) });
    a.t.send(b.t.address, out);
    a.t.send(c.t.address, out);
    await waitFor(() => b.got.length === 1 && c.got.length === 1, 'fan-out');
    expect((c.got[0]!.message as Seq).n).toBe(7);
  });

  it('slows a fast sender: the queue stays bounded while the receiver is stalled, then everything arrives in order', async () => {
    const limits = { maxPending: 4, maxQueued: 40, unblockThreshold: 20, dropLevel: 1000 };
    const a = await endpoint({ limits });
    const b = await endpoint();
    b.t.pauseReceiving(); // the receiver stops reading: kernel buffers fill, writes stop completing
    const N = 600;
    const body = new Uint8Array(64 * 1024);
    let maxQueued = 0;
    let blockedSeen = 0;
    for (let i = 0; i < N; i++) {
      if (a.t.isBlocked()) {
        blockedSeen++;
        if (blockedSeen === 1) setTimeout(() => b.t.resumeReceiving(), 50);
        await a.t.whenUnblocked();
      }
      expect(a.t.send(b.t.address, { targetKey: 'b', sender: me, message: new Seq(i, body) })).toBe('queued');
      maxQueued = Math.max(maxQueued, a.t.queuedCount);
    }
    await waitFor(() => b.got.length === N, 'all messages after unblocking', 60_000);
    expect(blockedSeen).toBeGreaterThan(0);
    expect(maxQueued).toBeLessThanOrEqual(limits.maxQueued);
    expect(b.got.map((e) => (e.message as Seq).n)).toEqual([...Array(N).keys()]);
    expect((b.got[N - 1]!.message as Seq).body.length).toBe(body.length);
  });

  it('drops non-system sends past the drop level, logs it, and still sends system messages', async () => {
    const limits = { maxPending: 2, maxQueued: 5, unblockThreshold: 3, dropLevel: 10 };
    const a = await endpoint({ limits });
    const b = await endpoint();
    // All in one tick: nothing can be written yet (the connection is not even open).
    const results = [];
    for (let i = 0; i < 50; i++) results.push(a.t.send(b.t.address, { targetKey: 'b', sender: me, message: new Seq(i) }));
    expect(a.t.send(b.t.address, { targetKey: 'b', sender: me, message: new ActorExitRequest() })).toBe('queued');
    expect(results.filter((r) => r === 'queued')).toHaveLength(10);
    expect(results.slice(10).every((r) => r === 'dropped')).toBe(true);
    expect(a.t.isBlocked()).toBe(true);
    expect(a.logs.some(([lvl, m]) => lvl === 'warning' && m.includes('THESPIAN_DROP_TRANSMITS_LEVEL (10)'))).toBe(true);
    await waitFor(() => b.got.length === 11, 'queued messages');
    expect(b.got.slice(0, 10).map((e) => (e.message as Seq).n)).toEqual([...Array(10).keys()]);
    expect(b.got[10]!.message).toBeInstanceOf(ActorExitRequest);
    expect(b.got[10]!.system).toBe(true);
    await waitFor(() => !a.t.isBlocked(), 'unblocked');
    expect(a.logs.some(([, m]) => m.includes('dropped 40 transmit(s)'))).toBe(true);
  });

  it('reports every envelope for a dead target as undeliverable, in order', async () => {
    const probe = net.createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const deadPort = (probe.address() as net.AddressInfo).port;
    await new Promise((r) => probe.close(r));
    const a = await endpoint();
    for (let i = 0; i < 30; i++) a.t.send(`127.0.0.1:${deadPort}`, { targetKey: 'gone', sender: me, message: new Seq(i) });
    await waitFor(() => a.dead.length === 30, 'undeliverable callbacks');
    expect(a.dead.map((d) => (d.env.message as Seq).n)).toEqual([...Array(30).keys()]);
    expect((a.dead[0]!.error as Error & { code: string }).code).toBe('TARGET_REFUSED');
    expect(a.t.queuedCount).toBe(0);
    // A later send tries again (the target may have come back) and fails the same way.
    a.t.send(`127.0.0.1:${deadPort}`, { targetKey: 'gone', sender: me, message: 'again' });
    await waitFor(() => a.dead.length === 31, 'retry');
  });

  it('closes only the connection that sends garbage, truncated or oversize frames, and keeps serving', async () => {
    const b = await endpoint({ maxFrameBytes: 1024 * 1024 });
    const raw = async (bytes: Uint8Array, end: boolean): Promise<void> => {
      const s = net.connect(b.t.port, '127.0.0.1');
      await new Promise((r) => s.once('connect', r));
      const closed = new Promise((r) => s.once('close', r));
      s.on('error', () => {});
      s.write(bytes);
      if (end) s.end();
      await closed; // garbage: the server closes it; truncated: we end it, and nothing is delivered
    };
    await raw(randomBytes(4096), false);
    await raw(Uint8Array.of(0xff, 0xff, 0xff, 0xff, 1), false); // 4 GiB frame header: over the limit
    const good = frameOf(prepareEnvelope({ targetKey: 'x', sender: me, message: 'partial' }));
    await raw(good.subarray(0, good.length - 3), true); // truncated, then the peer hangs up
    const badHead = new Uint8Array(5 + 4 + 3);
    frameHeader(7, badHead);
    badHead.set([0, 0, 0, 3, 0xc1, 0xc1, 0xc1], 5); // framed fine, but the head is not msgpack
    await raw(badHead, false);
    expect(b.got).toHaveLength(0);
    expect(b.logs.filter(([lvl, m]) => lvl === 'warning' && m.startsWith('closing link')).length).toBe(3);
    const a = await endpoint();
    a.t.send(b.t.address, { targetKey: 'x', sender: me, message: 'still alive' });
    await waitFor(() => b.got.length === 1, 'a valid frame on a new connection');
    expect(b.got[0]!.message).toBe('still alive');
  });

  it('reports a message of unknown type and keeps the connection', async () => {
    const [a, b] = await Promise.all([endpoint(), endpoint()]);
    @Message({ id: 'test.tcp.OnlyOnSender' })
    class OnlyOnSender {
      v = 1;
    }
    const out = prepareEnvelope({ targetKey: 'x', sender: me, message: new OnlyOnSender() });
    // Simulate a receiver that never loaded the class: rewrite the id in the payload bytes.
    const payload = Buffer.from(out.payload);
    const at = payload.indexOf('OnlyOnSender');
    payload.write('OnlyOnSendeX', at);
    a.t.send(b.t.address, { ...out, payload });
    a.t.send(b.t.address, { targetKey: 'x', sender: me, message: 'next' });
    await waitFor(() => b.got.length === 1, 'the next message');
    expect(b.undecodable).toHaveLength(1);
    expect(b.undecodable[0]).toContain("'test.tcp.OnlyOnSendeX'");
    expect(b.got[0]!.message).toBe('next');
  });

  it('carries a 50 MB message intact', async () => {
    const [a, b] = await Promise.all([endpoint(), endpoint()]);
    const body = randomBytes(50 * 1024 * 1024);
    a.t.send(b.t.address, { targetKey: 'x', sender: me, message: new Seq(1, body) });
    a.t.send(b.t.address, { targetKey: 'x', sender: me, message: new Seq(2) });
    await waitFor(() => b.got.length === 2, '50 MB message', 60_000);
    const got = b.got[0]!.message as Seq;
    expect(got.body.length).toBe(body.length);
    expect(Buffer.compare(Buffer.from(got.body), body)).toBe(0);
    expect((b.got[1]!.message as Seq).n).toBe(2);
  });

  it('refuses, at send time, a message over the frame limit', async () => {
    const [a, b] = await Promise.all([endpoint({ maxFrameBytes: 1000 }), endpoint()]);
    expect(() => a.t.send(b.t.address, { targetKey: 'x', sender: me, message: new Uint8Array(2000) })).toThrowError(/over the frame limit/);
    expect(() => a.t.send(b.t.address, { targetKey: 'x', sender: me, message: { f: () => 1 } })).toThrowError(/message\.f is a function/);
    expect(() => a.t.send('nonsense', { targetKey: 'x', sender: me, message: 1 })).toThrowError(/not a "host:port"/);
  });

  it('reports what is still queued as undeliverable on close', async () => {
    const a = await endpoint();
    const b = await endpoint();
    for (let i = 0; i < 5; i++) a.t.send(b.t.address, { targetKey: 'x', sender: me, message: i });
    await a.t.close();
    await waitFor(() => a.dead.length === 5, 'undeliverable on close');
    expect(() => a.t.send(b.t.address, { targetKey: 'x', sender: me, message: 1 })).toThrowError(/closed/);
  });
});

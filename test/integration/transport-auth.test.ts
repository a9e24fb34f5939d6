import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { ActorAddress } from '../../framework/actor/address.js';
import type { OutboundEnvelope, ReceivedEnvelope } from '../../framework/transport/envelope.js';
import { TcpTransport } from '../../framework/transport/tcp-transport.js';
import type { TransportError } from '../../framework/transport/transport-errors.js';
import type { TransportLogLevel } from '../../framework/transport/transport.js';
import { eventually } from '../support/systems.js';

const me = new ActorAddress('auth-a', 'A');

describe('issue 8.3 TcpTransport link authentication', () => {
  it('two transports holding the same secret talk; the acceptor decodes only after the proof', async () => {
    const secret = randomBytes(32);
    const got: ReceivedEnvelope[] = [];
    const b = await TcpTransport.start({ onEnvelope: (e) => void got.push(e) }, { secret });
    const a = await TcpTransport.start({ onEnvelope: () => {} }, { secret });
    try {
      for (let i = 0; i < 100; i++) a.send(b.address, { targetKey: 'b', sender: me, message: i });
      const seen = await eventually(() => got.length, (n) => n === 100);
      expect(seen).toBe(100);
      expect(got.map((e) => e.message)).toEqual([...Array(100).keys()]);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('a connector with another secret is refused, and it refuses to write to an acceptor that cannot prove ours: undeliverable, saying why', async () => {
    const got: ReceivedEnvelope[] = [];
    const logs: string[] = [];
    const b = await TcpTransport.start({ onEnvelope: (e) => void got.push(e), log: (_l: TransportLogLevel, m) => void logs.push(m) }, { secret: randomBytes(32) });
    const failed: { env: OutboundEnvelope; error: Error }[] = [];
    const warnings: string[] = [];
    const a = await TcpTransport.start(
      { onEnvelope: () => {}, onUndeliverable: (env, _t, error) => void failed.push({ env, error }), log: (level, m) => void (level === 'warning' && warnings.push(m)) },
      { secret: randomBytes(32) },
    );
    try {
      a.send(b.address, { targetKey: 'b', sender: me, message: 'hello' });
      const errors = await eventually(() => failed, (f) => f.length === 1);
      expect(errors[0]?.error.message).toMatch(/did not prove it holds this system's secret/);
      expect((errors[0]?.error as TransportError).code).toBe('AUTH_FAILED');
      expect(warnings.join('\n')).toMatch(/link to 127\.0\.0\.1:\d+ closed: .*did not prove/);
      expect(got).toHaveLength(0);
      // The acceptor saw the connector give up: closed before proving anything.
      const logged = await eventually(() => logs.join('\n'), (t) => /closing unauthenticated connection/.test(t));
      expect(logged).toMatch(/closing unauthenticated connection from 127\.0\.0\.1:\d+: closed before proving the system secret/);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('a connection that never proves itself is closed when its handshake budget runs out', async () => {
    const logs: string[] = [];
    const b = await TcpTransport.start({ onEnvelope: () => {}, log: (_l, m) => void logs.push(m) }, { secret: randomBytes(32), handshakeTimeoutMs: 200 });
    try {
      const closedAfter = await new Promise<number>((resolve) => {
        const t0 = Date.now();
        const s = net.connect(b.port, '127.0.0.1', () => s.write('TS')); // a trickle, never the whole greeting
        s.on('error', () => undefined);
        s.on('close', () => resolve(Date.now() - t0));
      });
      expect(closedAfter).toBeGreaterThanOrEqual(150);
      expect(closedAfter).toBeLessThan(5000);
      expect(logs.join('\n')).toMatch(/no proof of the system secret or convention key within 200 ms/);
    } finally {
      await b.close();
    }
  });
});

describe('issue 13 item 7 links between the systems of a convention (the convention key)', () => {
  it('a link proved with the system secret is not foreign; one proved only with the shared convention key is', async () => {
    const conventionKey = randomBytes(32);
    const secretB = randomBytes(32);
    const got: ReceivedEnvelope[] = [];
    const b = await TcpTransport.start({ onEnvelope: (e) => void got.push(e) }, { secret: secretB, conventionKey });
    const sameSystem = await TcpTransport.start({ onEnvelope: () => {} }, { secret: secretB, conventionKey });
    const otherSystem = await TcpTransport.start({ onEnvelope: () => {} }, { secret: randomBytes(32), conventionKey });
    try {
      sameSystem.send(b.address, { targetKey: 'b', sender: me, message: 'inside' });
      otherSystem.send(b.address, { targetKey: 'b', sender: me, message: 'between' });
      await eventually(() => got.length, (n) => n === 2);
      const byMessage = new Map(got.map((e) => [e.message, e.foreign === true]));
      expect(byMessage.get('inside')).toBe(false);
      expect(byMessage.get('between')).toBe(true);
    } finally {
      await Promise.all([b.close(), sameSystem.close(), otherSystem.close()]);
    }
  });

  it('a system with another convention key, or in no convention, is refused both ways and logged', async () => {
    const logs: string[] = [];
    const b = await TcpTransport.start({ onEnvelope: () => {}, log: (_l, m) => void logs.push(m) }, { secret: randomBytes(32), conventionKey: randomBytes(32) });
    const failed: Error[] = [];
    const handlers = { onEnvelope: () => {}, onUndeliverable: (_e: OutboundEnvelope, _t: string, error: Error) => void failed.push(error) };
    const wrongKey = await TcpTransport.start(handlers, { secret: randomBytes(32), conventionKey: randomBytes(32) });
    const noConvention = await TcpTransport.start(handlers, { secret: randomBytes(32) });
    try {
      wrongKey.send(b.address, { targetKey: 'b', sender: me, message: 1 });
      noConvention.send(b.address, { targetKey: 'b', sender: me, message: 2 });
      const errors = await eventually(() => failed, (f) => f.length === 2);
      expect(errors.map((e) => e.message).join('\n')).toMatch(/proved neither this system's secret nor the convention key/);
      expect(errors.map((e) => e.message).join('\n')).toMatch(/did not prove it holds this system's secret/);
      await eventually(() => logs.join('\n'), (t) => (t.match(/closing unauthenticated connection/g) ?? []).length >= 2);
    } finally {
      await Promise.all([b.close(), wrongKey.close(), noConvention.close()]);
    }
  });
});

import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ActorAddress } from '../../framework/actor/address.js';
import type { OutboundEnvelope, ReceivedEnvelope } from '../../framework/transport/envelope.js';
import { TcpTransport } from '../../framework/transport/tcp-transport.js';
import type { TransportError } from '../../framework/transport/transport-errors.js';
import type { Transport, TransportHandlers } from '../../framework/transport/transport.js';
import { WsTransport } from '../../framework/transport/ws-transport.js';
import { waitFor } from '../support/wait-for.js';

/**
 * Duplex links (framework/transport/duplex.ts): a system that others cannot dial ('Outbound
 * Only', spec 9.1; a member behind a WebSocket-only path, issue 13 item 8) announces itself
 * on the links it opens to other systems, and they send back over those links.
 */
const me = new ActorAddress('duplex', 'A');
/** An address nobody listens on: a send to it arrives only over the link its owner opened. */
const HIDDEN = '127.0.0.1:1';

interface Side {
  got: ReceivedEnvelope[];
  failed: { env: OutboundEnvelope; target: string; error: Error }[];
  logs: string[];
  handlers: TransportHandlers;
}

function side(): Side {
  const s: Side = { got: [], failed: [], logs: [], handlers: undefined as unknown as TransportHandlers };
  s.handlers = {
    onEnvelope: (e) => void s.got.push(e),
    onUndeliverable: (env, target, error) => void s.failed.push({ env, target, error }),
    log: (level, m) => void s.logs.push(`${level}: ${m}`),
  };
  return s;
}

type Options = { secret: Uint8Array; conventionKey?: Uint8Array; returnPaths?: () => boolean };

/** Each kind: an acceptor, and a connector that announces itself (`announce`) as `identity`. */
const kinds = [
  {
    name: 'TCP',
    acceptor: (h: TransportHandlers, o: Options): Promise<Transport> => TcpTransport.start(h, o),
    // A TCP connector announces its own listening address.
    connector: async (h: TransportHandlers, o: Options, announce = true): Promise<{ t: Transport & { awaitingAck: number }; identity: string }> => {
      const t = await TcpTransport.start(h, { ...o, announce });
      return { t, identity: t.address };
    },
  },
  {
    name: 'WebSocket',
    acceptor: (h: TransportHandlers, o: Options): Promise<Transport> => WsTransport.start(h, o),
    // A WebSocket member listens for nothing; it is known by an address nobody listens on.
    connector: async (h: TransportHandlers, o: Options, announce = true): Promise<{ t: Transport & { awaitingAck: number }; identity: string }> => {
      const t = await WsTransport.start(h, { ...o, listen: false, ...(announce ? { announceAs: HIDDEN } : {}) });
      return { t, identity: HIDDEN };
    },
  },
] as const;

describe.each(kinds)('issue 13.8 / 9.1 Outbound Only: duplex links over $name', (kind) => {
  it('9.1 Outbound Only: the peer announces itself, and sends to it go back over its own link, in order, acknowledged both ways', async () => {
    const key = randomBytes(32);
    const A = side();
    const C = side();
    const a = await kind.acceptor(A.handlers, { secret: randomBytes(32), conventionKey: key, returnPaths: () => true });
    const { t: c, identity } = await kind.connector(C.handlers, { secret: randomBytes(32), conventionKey: key });
    try {
      c.send(a.address, { targetKey: 'a', sender: me, message: 'hello' });
      await waitFor(() => A.got.length === 1, 'the first frame');
      expect(A.got[0]?.foreign).toBe(true);
      for (let i = 0; i < 300; i++) a.send(identity, { targetKey: 'c', sender: me, message: { i } });
      for (let i = 0; i < 300; i++) c.send(a.address, { targetKey: 'a', sender: me, message: { i } });
      await waitFor(() => C.got.length === 300 && A.got.length === 301, 'frames both ways');
      expect(C.got.map((e) => (e.message as { i: number }).i)).toEqual([...Array(300).keys()]);
      expect(A.got.slice(1).map((e) => (e.message as { i: number }).i)).toEqual([...Array(300).keys()]);
      // What came back over the connector's own link says so, and that it is from another system.
      expect(C.got[0]?.returnedOn).toBe(a.address);
      expect(C.got[0]?.foreign).toBe(true);
      expect(C.got.every((e) => e.returnedOn === a.address)).toBe(true);
      await waitFor(() => c.awaitingAck === 0 && a.queuedCount === 0, 'acks both ways');
      expect(A.failed).toEqual([]);
      expect(C.failed).toEqual([]);
    } finally {
      await Promise.all([a.close(), c.close()]);
    }
  });

  it('9.1 Outbound Only: once the connector is gone, a send to it is undeliverable (not lost), naming it', async () => {
    const key = randomBytes(32);
    const A = side();
    const a = await kind.acceptor(A.handlers, { secret: randomBytes(32), conventionKey: key, returnPaths: () => true });
    const { t: c, identity } = await kind.connector(side().handlers, { secret: randomBytes(32), conventionKey: key });
    try {
      c.send(a.address, { targetKey: 'a', sender: me, message: 'hello' });
      await waitFor(() => A.got.length === 1, 'the first frame');
      await c.close();
      // The acceptor learns of the close; then a send has no way back and the address is dialed (nobody there).
      await waitFor(
        () => {
          if (A.failed.length === 0) a.send(identity, { targetKey: 'c', sender: me, message: 'after' });
          return A.failed.length > 0;
        },
        'the send to be reported undeliverable',
      );
      expect(A.failed[0]?.target).toBe(identity);
      expect(['TARGET_REFUSED', 'TARGET_UNREACHABLE', 'BAD_TRANSPORT_ADDRESS']).toContain((A.failed[0]?.error as TransportError).code);
    } finally {
      await a.close();
    }
  });

  it('9.1 Outbound Only: an acceptor that keeps no return paths says so and does not send back on the link', async () => {
    const key = randomBytes(32);
    const A = side();
    const a = await kind.acceptor(A.handlers, { secret: randomBytes(32), conventionKey: key });
    const C = side();
    const { t: c } = await kind.connector(C.handlers, { secret: randomBytes(32), conventionKey: key });
    try {
      c.send(a.address, { targetKey: 'a', sender: me, message: 'hello' });
      await waitFor(() => A.got.length === 1, 'the frame');
      await waitFor(() => A.logs.some((l) => l.includes('not taken as a way back')), 'the acceptor to say it');
      // The connector's frames are still acknowledged (framed acks after its hello).
      await waitFor(() => c.awaitingAck === 0, 'the ack');
      expect(C.failed).toEqual([]);
    } finally {
      await Promise.all([a.close(), c.close()]);
    }
  });

  it('9.1 Outbound Only: links within one system (proved with the system secret) announce nothing', async () => {
    const secret = randomBytes(32);
    const A = side();
    const a = await kind.acceptor(A.handlers, { secret, conventionKey: randomBytes(32), returnPaths: () => true });
    const C = side();
    const { t: c, identity } = await kind.connector(C.handlers, { secret });
    try {
      c.send(a.address, { targetKey: 'a', sender: me, message: 'hello' });
      await waitFor(() => A.got.length === 1, 'the frame');
      expect(A.got[0]?.foreign).toBeUndefined();
      // No way back was taken: the address is dialed (TCP: nobody there) or is not one this transport dials (WebSocket).
      if (kind.name === 'WebSocket') expect(() => a.send(identity, { targetKey: 'c', sender: me, message: 'nowhere' })).toThrow(/not a ws:\/\/host:port\/path/);
      else {
        a.send(identity, { targetKey: 'c', sender: me, message: 'dialed' });
        await waitFor(() => C.got.length === 1, 'the send to arrive on a link the acceptor dialed');
        expect(C.got[0]?.returnedOn).toBeUndefined();
      }
    } finally {
      await Promise.all([a.close(), c.close()]);
    }
  });
});

describe('9.1 Outbound Only: a system that refuses links from other systems', () => {
  it('9.1 Outbound Only: a link proved with the convention key is refused, the refusal logged with the reason; its own system still connects', async () => {
    const key = randomBytes(32);
    const secret = randomBytes(32);
    const A = side();
    const a = await TcpTransport.start(A.handlers, { secret, conventionKey: key, refuseForeign: "this system is 'Outbound Only'" });
    const O = side();
    const other = await TcpTransport.start(O.handlers, { secret: randomBytes(32), conventionKey: key });
    const own = await TcpTransport.start(side().handlers, { secret });
    try {
      other.send(a.address, { targetKey: 'a', sender: me, message: 'from outside' });
      await waitFor(() => O.failed.length === 1, 'the refused send to be reported');
      expect(O.failed[0]?.target).toBe(a.address);
      await waitFor(() => A.logs.some((l) => l.includes("this system is 'Outbound Only'")), 'the acceptor to log why');
      expect(A.logs.join('\n')).toMatch(/warning: closing a connection from another system \(127\.0\.0\.1:\d+\): this system is 'Outbound Only'/);
      own.send(a.address, { targetKey: 'a', sender: me, message: 'from inside' });
      await waitFor(() => A.got.length === 1, 'the own-system frame');
      expect(A.got[0]?.message).toBe('from inside');
    } finally {
      await Promise.all([a.close(), other.close(), own.close()]);
    }
  });
});

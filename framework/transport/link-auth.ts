import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { TransportError } from './transport-errors.js';

/**
 * Link authentication: only a process that holds the system's secret, or the convention key
 * its owner shares with other systems, gets a single byte of its frames decoded (DESIGN
 * "Trust and delivery"). Neither key ever crosses the wire.
 *
 * TCP, on connect (fresh nonces both ways, each side proves itself over both nonces with a
 * label of its own, so a proof can be neither replayed nor reflected back):
 *   connector -> acceptor  MAGIC(4) | nc(32)
 *   acceptor  -> connector ns(32) | HMAC(secret, 'acceptor' | nc | ns) | HMAC(conventionKey, ...)
 *   connector -> acceptor  which(1) | HMAC(key, 'connector' | nc | ns), then frames
 * The acceptor proves both keys it holds (random bytes in place of one it lacks); the
 * connector answers with the system secret when the acceptor proved that one (a link within
 * its system), else with the convention key (a link between two systems of a convention).
 * Each side knows which key the other proved: a link proved only with the convention key is
 * `foreign`, and the bases let it carry user and convention messages, never control requests.
 * The connector checks the acceptor's proof before it writes a frame, so messages never go to
 * an impostor on a reused port; the acceptor checks the connector's before it decodes one.
 * After that the link costs nothing more per message.
 */
const NONCE_BYTES = 32;
export const MAC_BYTES = 32;
const MAGIC = Buffer.from('TSA2');
const HELLO_BYTES = MAGIC.length + NONCE_BYTES;
const REPLY_BYTES = NONCE_BYTES + 2 * MAC_BYTES;
const PROOF_BYTES = 1 + MAC_BYTES;
const BY_SECRET = 0;
const BY_CONVENTION = 1;
/** An unauthenticated connection gets this long to prove itself (a budget, not a courtesy). */
export const DEFAULT_HANDSHAKE_TIMEOUT_MS = 5000;

/** What one process can prove: its system's secret, and the convention key when its system is in a keyed convention. */
export interface LinkKeys {
  secret: Uint8Array;
  convention?: Uint8Array;
}

/** How a peer authenticated: with this system's secret, or only with the convention key. */
export interface LinkTrust {
  foreign: boolean;
}

function mac(secret: Uint8Array, label: string, ...parts: Uint8Array[]): Buffer {
  const h = createHmac('sha256', secret).update(label);
  for (const p of parts) h.update(p);
  return h.digest();
}

function same(a: Uint8Array, b: Uint8Array): boolean {
  return a.byteLength === b.byteLength && timingSafeEqual(a, b);
}

/**
 * What the handshake needs of a link: a TCP socket, or a WebSocket seen as a byte stream
 * (ws-stream.ts). Method syntax, so net.Socket's overloads fit.
 */
export interface HandshakeStream {
  on(event: 'data', listener: (chunk: Buffer) => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  off(event: 'data', listener: (chunk: Buffer) => void): unknown;
  off(event: 'close', listener: () => void): unknown;
  write(chunk: Uint8Array): unknown;
}

/** Collects a fixed number of bytes from a socket's 'data' events, keeping what comes after. */
class Collector {
  private buf: Buffer = Buffer.alloc(0);
  take(chunk: Buffer, need: number): { got: Buffer; rest: Buffer } | undefined {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    if (this.buf.length < need) return undefined;
    const got = this.buf.subarray(0, need);
    const rest = this.buf.subarray(need);
    this.buf = Buffer.alloc(0);
    return { got, rest };
  }
}

/** The acceptor's proof for a key it does not hold: as long as a real one, and proves nothing. */
function proofOf(key: Uint8Array | undefined, label: string, nc: Uint8Array, ns: Uint8Array): Buffer {
  return key ? mac(key, label, nc, ns) : randomBytes(MAC_BYTES);
}

/**
 * The acceptor's side. `done` is called once: with the bytes that followed the proof (the
 * first frames, to decode now) and whether the peer proved only the convention key, or with
 * why the peer failed (the caller closes and logs). Nothing the peer sent is looked at beyond
 * the fixed-size handshake fields.
 */
export function acceptHandshake(
  socket: HandshakeStream,
  keys: LinkKeys,
  done: (result: ({ rest: Buffer } & LinkTrust) | { failed: string }) => void,
  timeoutMs = DEFAULT_HANDSHAKE_TIMEOUT_MS,
): void {
  const ns = randomBytes(NONCE_BYTES);
  const collector = new Collector();
  let nc: Buffer | undefined;
  let finished = false;
  const finish = (result: ({ rest: Buffer } & LinkTrust) | { failed: string }): void => {
    if (finished) return;
    finished = true;
    clearTimeout(timer);
    socket.off('data', onData);
    socket.off('close', onClose);
    done(result);
  };
  const timer = setTimeout(() => finish({ failed: `no proof of the system secret or convention key within ${timeoutMs} ms` }), timeoutMs);
  timer.unref();
  const onClose = (): void => finish({ failed: 'closed before proving the system secret or convention key' });
  const onData = (chunk: Buffer): void => {
    if (!nc) {
      const hello = collector.take(chunk, HELLO_BYTES);
      if (!hello) return;
      if (!same(hello.got.subarray(0, MAGIC.length), MAGIC)) return finish({ failed: 'not a thespian-ts link (bad handshake greeting)' });
      nc = Buffer.from(hello.got.subarray(MAGIC.length));
      socket.write(Buffer.concat([ns, mac(keys.secret, 'acceptor', nc, ns), proofOf(keys.convention, 'acceptor', nc, ns)]));
      if (hello.rest.length === 0) return;
      chunk = hello.rest;
    }
    const proof = collector.take(chunk, PROOF_BYTES);
    if (!proof) return;
    const which = proof.got[0];
    const key = which === BY_SECRET ? keys.secret : which === BY_CONVENTION ? keys.convention : undefined;
    if (!key) {
      return finish({ failed: which === BY_CONVENTION ? 'offered a convention key, and this system is in no convention' : 'bad handshake proof kind' });
    }
    if (!same(proof.got.subarray(1), mac(key, 'connector', nc, ns))) {
      return finish({ failed: which === BY_SECRET ? 'wrong proof of the system secret' : 'wrong proof of the convention key (a different Convention Key?)' });
    }
    finish({ rest: proof.rest, foreign: which === BY_CONVENTION });
  };
  socket.on('data', onData);
  socket.on('close', onClose);
}

/**
 * The connector's side: call on 'connect'. `done(undefined, trust)` once the acceptor proved
 * it holds the secret (or the convention key) and our proof is written (frames may follow at
 * once); `done(error)` otherwise.
 */
export function connectHandshake(socket: HandshakeStream, keys: LinkKeys, target: string, done: (error?: Error, trust?: LinkTrust) => void): void {
  const nc = randomBytes(NONCE_BYTES);
  const collector = new Collector();
  let finished = false;
  const finish = (error?: Error, trust?: LinkTrust): void => {
    if (finished) return;
    finished = true;
    socket.off('data', onData);
    done(error, trust);
  };
  const onData = (chunk: Buffer): void => {
    const reply = collector.take(chunk, REPLY_BYTES);
    if (!reply) return;
    const ns = reply.got.subarray(0, NONCE_BYTES);
    const bySecret = reply.got.subarray(NONCE_BYTES, NONCE_BYTES + MAC_BYTES);
    const byConvention = reply.got.subarray(NONCE_BYTES + MAC_BYTES);
    if (same(bySecret, mac(keys.secret, 'acceptor', nc, ns))) {
      socket.write(Buffer.concat([Buffer.of(BY_SECRET), mac(keys.secret, 'connector', nc, ns)]));
      return finish(undefined, { foreign: false });
    }
    if (keys.convention && same(byConvention, mac(keys.convention, 'acceptor', nc, ns))) {
      socket.write(Buffer.concat([Buffer.of(BY_CONVENTION), mac(keys.convention, 'connector', nc, ns)]));
      return finish(undefined, { foreign: true });
    }
    finish(
      new TransportError(
        keys.convention
          ? `${target} proved neither this system's secret nor the convention key: it is outside this convention (another Convention Key?), or not a thespian-ts process`
          : `${target} did not prove it holds this system's secret: it is another system's process, or not a thespian-ts process (a stale secret file?)`,
        'AUTH_FAILED',
      ),
    );
  };
  socket.on('data', onData);
  socket.write(Buffer.concat([MAGIC, nc]));
}

/**
 * UDP has no connection to prove once, so every datagram carries a tag: HMAC(secret, frame)
 * appended, and in a convention a second one of the convention key (the sender cannot tell
 * whether the target is in its own system). A datagram whose tags do not verify is dropped
 * before its frame is read. This stops forged and altered datagrams; it does not stop an
 * observer who can capture datagrams from replaying one (loopback capture needs root; UDP is
 * best effort, like Thespian's base).
 */
export function sealDatagram(keys: LinkKeys, frame: Uint8Array): Buffer {
  const own = mac(keys.secret, 'datagram', frame);
  return keys.convention ? Buffer.concat([frame, own, mac(keys.convention, 'datagram', frame)]) : Buffer.concat([frame, own]);
}

/** The frame inside a sealed datagram and whether only the convention key vouched for it, or undefined when no tag verifies. */
export function openDatagram(keys: LinkKeys, datagram: Uint8Array): ({ frame: Uint8Array } & LinkTrust) | undefined {
  const n = datagram.byteLength;
  if (n >= MAC_BYTES) {
    const frame = datagram.subarray(0, n - MAC_BYTES);
    if (same(datagram.subarray(n - MAC_BYTES), mac(keys.secret, 'datagram', frame))) return { frame, foreign: false };
  }
  if (n >= 2 * MAC_BYTES) {
    const frame = datagram.subarray(0, n - 2 * MAC_BYTES);
    const tags = datagram.subarray(n - 2 * MAC_BYTES);
    if (same(tags.subarray(0, MAC_BYTES), mac(keys.secret, 'datagram', frame))) return { frame, foreign: false };
    if (keys.convention && same(tags.subarray(MAC_BYTES), mac(keys.convention, 'datagram', frame))) return { frame, foreign: true };
  }
  return undefined;
}

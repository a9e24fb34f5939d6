import type net from 'node:net';
import type { OutboundEnvelope } from './envelope.js';
import { framePieces } from './envelope.js';
import type { TransmitLink } from './transmit-queue.js';
import { acksEnabled, AckReader, AckWindow } from './acks.js';
import { connectHandshake } from './link-auth.js';
import { TransportError } from './transport-errors.js';
import { linkDeathError, settleDeadLink, type LostHandler, type PendingFrame } from './link-death.js';
import type { TlsMaterial } from './tls-material.js';
import { dialStream } from './tls-socket.js';

/** Payloads up to this size are copied into the batch buffer; larger ones are written as they are. */
const COPY_LIMIT = 64 * 1024;

interface Pending extends PendingFrame {
  /** Released once copied into a socket write: a frame kept for its ack keeps only its envelope. */
  pieces: [Uint8Array, Uint8Array] | null;
}

const settledAlready = (): void => {};

export type { LostHandler };

/**
 * A persistent outbound connection to one "host:port". Connects on first use; envelopes
 * written while connecting wait here in order. Writes in one tick leave as one socket write. When the connection fails or the peer goes away, every envelope not yet flushed is
 * failed (the queue reports them undeliverable) and `onDead` lets the transport forget this
 * link, so the next send reconnects. Frames written but not yet acknowledged by the peer go
 * to `onLost` then: they may have died with it.
 */
export class TcpLink implements TransmitLink {
  private readonly socket: net.Socket;
  private open = false;
  private dead = false;
  private batch: Pending[] = [];
  private readonly waitingForConnect: Pending[] = [];
  private readonly unflushed = new Set<Pending>();
  private readonly unacked = new AckWindow<Pending>();
  private readonly acked = acksEnabled();
  private readonly acks = new AckReader((count) => this.unacked.acked(count));
  private lastError: Error | undefined;

  constructor(
    readonly target: string,
    host: string,
    port: number,
    connectTimeoutMs: number,
    secret: Uint8Array | undefined,
    private readonly onDead: (link: TcpLink, error: Error) => void,
    private readonly onLost: LostHandler = () => {},
    tls?: TlsMaterial,
  ) {
    const dialed = dialStream(target, host, port, tls);
    this.socket = dialed.socket;
    this.socket.setNoDelay(true);
    // The timeout covers the handshake too: a peer that accepts and never proves itself is dead.
    this.socket.setTimeout(connectTimeoutMs, () => {
      this.socket.destroy(new TransportError(`connect to ${target} timed out after ${connectTimeoutMs} ms`, 'CONNECT_TIMEOUT'));
    });
    const opened = (): void => {
      this.socket.setTimeout(0);
      // From here the peer writes only acknowledgement counts (never before: the handshake's
      // own bytes are not acks); reading also shows its close at once.
      this.socket.on('data', (chunk: Buffer) => this.acks.push(chunk));
      this.open = true;
      for (const p of this.waitingForConnect.splice(0)) this.writeNow(p);
    };
    this.socket.once('connect', () => {
      if (!secret) return opened();
      connectHandshake(this.socket, secret, target, (error) => {
        if (!error) return opened();
        this.lastError = error;
        this.socket.destroy();
      });
    });
    this.socket.on('error', (err) => {
      this.lastError = dialed.explain(err, this.open);
    });
    this.socket.on('close', () => {
      this.lastError ??= dialed.explain(undefined, this.open);
      this.die();
    });
  }

  get isDead(): boolean {
    return this.dead;
  }

  /** Frames written and not yet acknowledged by the peer. */
  get awaitingAck(): number {
    return this.unacked.size;
  }

  write(envelope: OutboundEnvelope, done: (error?: Error) => void): void {
    const p: Pending = { envelope, pieces: framePieces(envelope), done };
    if (this.dead) return done(this.deathError());
    if (!this.open) this.waitingForConnect.push(p);
    else this.writeNow(p);
  }

  destroy(): void {
    this.socket.destroy();
  }

  /** The connection no longer holds the process open (a connect or write in progress still does). */
  unref(): void {
    this.socket.unref();
  }

  private writeNow(p: Pending): void {
    this.unflushed.add(p);
    if (this.acked) this.unacked.push(p);
    this.batch.push(p);
    if (this.batch.length === 1) process.nextTick(() => this.flush());
  }

  /**
   * Everything written in one tick leaves as one socket write: small frames are copied into
   * one buffer (one syscall, one callback); a big payload is written as its own piece so a
   * 50 MB message is never copied again.
   */
  private flush(): void {
    const batch = this.batch;
    this.batch = [];
    if (this.dead) return;
    let small = 0;
    for (const p of batch) small += p.pieces![0].byteLength + (p.pieces![1].byteLength <= COPY_LIMIT ? p.pieces![1].byteLength : 0);
    const buf = Buffer.allocUnsafe(small);
    const pieces: Uint8Array[] = [];
    let at = 0;
    let segment = 0;
    for (const p of batch) {
      const [prefix, payload] = p.pieces!;
      p.pieces = null;
      buf.set(prefix, at);
      at += prefix.byteLength;
      if (payload.byteLength <= COPY_LIMIT) {
        buf.set(payload, at);
        at += payload.byteLength;
      } else {
        pieces.push(buf.subarray(segment, at), payload);
        segment = at;
      }
    }
    if (at > segment) pieces.push(buf.subarray(segment, at));
    const finish = (err?: Error | null): void => {
      for (const p of batch) {
        if (!this.unflushed.delete(p)) continue;
        const done = p.done;
        p.done = settledAlready; // kept for its ack: let the queue's closure go
        done(err ? this.deathError(err) : undefined);
      }
    };
    if (pieces.length === 1) return void this.socket.write(pieces[0]!, finish);
    this.socket.cork();
    for (let i = 0; i < pieces.length; i++) this.socket.write(pieces[i]!, i === pieces.length - 1 ? finish : undefined);
    this.socket.uncork();
  }

  private deathError(cause?: Error | null): Error {
    return linkDeathError(this.target, this.lastError ?? cause);
  }

  private die(): void {
    if (this.dead) return;
    this.dead = true;
    const error = this.deathError();
    this.onDead(this, error);
    settleDeadLink(this.unacked, this.unflushed, this.waitingForConnect, this.onLost, error);
  }
}

import type net from 'node:net';
import type { OutboundEnvelope } from './envelope.js';
import { framePieces } from './envelope.js';
import type { TransmitLink } from './transmit-queue.js';
import { connectHandshake, type LinkKeys } from './link-auth.js';
import { TransportError } from './transport-errors.js';
import type { LostHandler, PendingFrame } from './link-death.js';
import { StreamLink } from './stream-link.js';
import type { TlsMaterial } from './tls-material.js';
import { dialStream } from './tls-socket.js';
import { connectorReader, encodeHelloFrame, type DuplexOptions } from './duplex.js';

/** Payloads up to this size are copied into the batch buffer; larger ones are written as they are. */
const COPY_LIMIT = 64 * 1024;

interface Pending extends PendingFrame {
  /** Released once copied into a socket write: a frame kept for its ack keeps only its envelope. */
  pieces: [Uint8Array, Uint8Array] | null;
}

export type { LostHandler };

/**
 * A persistent outbound connection to one "host:port". Connects on first use; envelopes
 * written while connecting wait here in order. Writes in one tick leave as one socket write. When the connection fails or the peer goes away, every envelope not yet flushed is
 * failed (the queue reports them undeliverable) and `onDead` lets the transport forget this
 * link, so the next send reconnects. Frames written but not yet acknowledged by the peer go
 * to `onLost` then: they may have died with it.
 */
export class TcpLink extends StreamLink<Pending> implements TransmitLink {
  private readonly socket: net.Socket;

  constructor(
    readonly target: string,
    host: string,
    port: number,
    connectTimeoutMs: number,
    keys: LinkKeys | undefined,
    private readonly onDead: (link: TcpLink, error: Error) => void,
    private readonly onLost: LostHandler = () => {},
    tls?: TlsMaterial,
    /** On a link to another system, announce ourselves and read what it sends back (duplex.ts). */
    duplex?: DuplexOptions,
  ) {
    super();
    const dialed = dialStream(target, host, port, tls);
    this.socket = dialed.socket;
    this.socket.setNoDelay(true);
    // The timeout covers the handshake too: a peer that accepts and never proves itself is dead.
    this.socket.setTimeout(connectTimeoutMs, () => {
      this.socket.destroy(new TransportError(`connect to ${target} timed out after ${connectTimeoutMs} ms`, 'CONNECT_TIMEOUT'));
    });
    const opened = (foreign: boolean): void => {
      this.socket.setTimeout(0);
      if (duplex && foreign) {
        this.socket.write(encodeHelloFrame(duplex.announceAs));
        const reader = connectorReader(duplex, target, this.socket, true, (count) => this.counted(count), () => this.socket.destroy());
        this.socket.on('data', (chunk: Buffer) => reader.push(chunk));
      } else {
        // From here the peer writes only acknowledgement counts (never before: the handshake's
        // own bytes are not acks); reading also shows its close at once.
        this.socket.on('data', (chunk: Buffer) => this.acks.push(chunk));
      }
      this.markOpen();
    };
    this.socket.once('connect', () => {
      if (!keys) return opened(false);
      connectHandshake(this.socket, keys, target, (error, trust) => {
        if (!error) return opened(trust?.foreign ?? false);
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

  write(envelope: OutboundEnvelope, done: (error?: Error) => void): void {
    this.enqueue({ envelope, pieces: framePieces(envelope), done });
  }

  destroy(): void {
    this.socket.destroy();
  }

  /** The connection no longer holds the process open (a connect or write in progress still does). */
  unref(): void {
    this.socket.unref();
  }

  /**
   * Everything written in one tick leaves as one socket write: small frames are copied into
   * one buffer (one syscall, one callback); a big payload is written as its own piece so a
   * 50 MB message is never copied again.
   */
  protected override writeBatch(batch: Pending[], finish: (err?: Error | null) => void): void {
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
    if (pieces.length === 1) return void this.socket.write(pieces[0]!, finish);
    this.socket.cork();
    for (let i = 0; i < pieces.length; i++) this.socket.write(pieces[i]!, i === pieces.length - 1 ? finish : undefined);
    this.socket.uncork();
  }

  protected override reportDeath(error: Error): void {
    this.onDead(this, error);
  }

  protected override reportLost(envelopes: OutboundEnvelope[], error: Error): void {
    this.onLost(envelopes, error);
  }
}

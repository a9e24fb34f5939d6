import WebSocket from 'ws';
import type { OutboundEnvelope } from './envelope.js';
import { framePieces } from './envelope.js';
import { connectHandshake, type LinkKeys } from './link-auth.js';
import type { LostHandler, PendingFrame } from './link-death.js';
import { StreamLink } from './stream-link.js';
import type { TransmitLink } from './transmit-queue.js';
import { TransportError } from './transport-errors.js';
import { WsStream } from './ws-stream.js';
import { connectorReader, encodeHelloFrame, type DuplexOptions } from './duplex.js';

type Pending = PendingFrame;

export interface WsLinkOptions {
  connectTimeoutMs: number;
  keys: LinkKeys | undefined;
  maxPayload: number;
  /** For wss://: trust anchors (PEM) and our own certificate when the server asks for one. */
  tls?: { ca?: string | Buffer; cert?: string | Buffer; key?: string | Buffer };
  /** On a link to another system, announce ourselves and read what it sends back (duplex.ts). */
  duplex?: DuplexOptions;
}

/**
 * A persistent outbound WebSocket to one ws(s):// URL, with TcpLink's contract: connects on
 * first use, proves the secret (link-auth.ts) before a frame leaves, writes one tick's frames
 * as one message, keeps written frames until the peer acknowledges them, and on its death
 * fails what was not written and reports what was written but never acknowledged.
 */
export class WsLink extends StreamLink<Pending> implements TransmitLink {
  private readonly stream: WsStream;

  constructor(
    readonly target: string,
    options: WsLinkOptions,
    private readonly onDead: (link: WsLink, error: Error) => void,
    private readonly onLost: LostHandler,
  ) {
    super();
    // With the convention's CA, a certificate it signed is the identity check, as on TCP
    // (tls-socket.ts); without one, wss:// checks the server's name against public CAs as any client does.
    const clientOptions: WebSocket.ClientOptions = { handshakeTimeout: options.connectTimeoutMs, maxPayload: options.maxPayload, perMessageDeflate: false, ...options.tls };
    // ws hands this to tls.connect, where undefined means "accepted" (its typing says boolean).
    if (options.tls?.ca) clientOptions.checkServerIdentity = (() => undefined) as unknown as WebSocket.ClientOptions['checkServerIdentity'];
    const ws = new WebSocket(target, clientOptions);
    this.stream = new WsStream(ws);
    // The deadline covers our own handshake too: a peer that upgrades and never proves itself is dead.
    const timer = setTimeout(() => {
      this.lastError = new TransportError(`connect to ${target} timed out after ${options.connectTimeoutMs} ms`, 'CONNECT_TIMEOUT');
      this.stream.destroy();
    }, options.connectTimeoutMs);
    const opened = (foreign: boolean): void => {
      clearTimeout(timer);
      const duplex = options.duplex;
      if (duplex && foreign) {
        this.stream.write(encodeHelloFrame(duplex.announceAs));
        const reader = connectorReader(duplex, target, this.stream, true, (count) => this.counted(count), () => this.stream.destroy());
        this.stream.on('data', (chunk: Buffer) => reader.push(chunk));
      } else this.stream.on('data', (chunk: Buffer) => this.acks.push(chunk));
      this.markOpen();
    };
    ws.once('open', () => {
      if (!options.keys) return opened(false);
      connectHandshake(this.stream, options.keys, target, (error, trust) => {
        if (!error) return opened(trust?.foreign ?? false);
        this.lastError = error;
        this.stream.destroy();
      });
    });
    this.stream.on('error', (err: Error) => {
      this.lastError ??= err;
    });
    this.stream.on('close', () => {
      clearTimeout(timer);
      this.die();
    });
  }

  write(envelope: OutboundEnvelope, done: (error?: Error) => void): void {
    this.enqueue({ envelope, done });
  }

  destroy(): void {
    this.stream.destroy();
  }

  /** One WebSocket message per batch. */
  protected override writeBatch(batch: Pending[], finish: (err?: Error | null) => void): void {
    this.stream.write(Buffer.concat(batch.flatMap((p) => framePieces(p.envelope))), finish);
  }

  protected override reportDeath(error: Error): void {
    this.onDead(this, error);
  }

  protected override reportLost(envelopes: OutboundEnvelope[], error: Error): void {
    this.onLost(envelopes, error);
  }
}

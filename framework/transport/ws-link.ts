import WebSocket from 'ws';
import type { OutboundEnvelope } from './envelope.js';
import { framePieces } from './envelope.js';
import { acksEnabled, AckReader, AckWindow } from './acks.js';
import { connectHandshake, type LinkKeys } from './link-auth.js';
import { linkDeathError, settleDeadLink, type LostHandler, type PendingFrame } from './link-death.js';
import type { TransmitLink } from './transmit-queue.js';
import { TransportError } from './transport-errors.js';
import { WsStream } from './ws-stream.js';

type Pending = PendingFrame;

export interface WsLinkOptions {
  connectTimeoutMs: number;
  keys: LinkKeys | undefined;
  maxPayload: number;
  /** For wss://: trust anchors (PEM) and our own certificate when the server asks for one. */
  tls?: { ca?: string | Buffer; cert?: string | Buffer; key?: string | Buffer };
}

/**
 * A persistent outbound WebSocket to one ws(s):// URL, with TcpLink's contract: connects on
 * first use, proves the secret (link-auth.ts) before a frame leaves, writes one tick's frames
 * as one message, keeps written frames until the peer acknowledges them, and on its death
 * fails what was not written and reports what was written but never acknowledged.
 */
export class WsLink implements TransmitLink {
  private readonly stream: WsStream;
  private open = false;
  private dead = false;
  private batch: Pending[] = [];
  private readonly waiting: Pending[] = [];
  private readonly unflushed = new Set<Pending>();
  private readonly unacked = new AckWindow<Pending>();
  private readonly acked = acksEnabled();
  private readonly acks = new AckReader((count) => this.unacked.acked(count));
  private lastError: Error | undefined;

  constructor(
    readonly target: string,
    options: WsLinkOptions,
    private readonly onDead: (link: WsLink, error: Error) => void,
    private readonly onLost: LostHandler,
  ) {
    const ws = new WebSocket(target, { handshakeTimeout: options.connectTimeoutMs, maxPayload: options.maxPayload, perMessageDeflate: false, ...options.tls });
    this.stream = new WsStream(ws);
    // The deadline covers our own handshake too: a peer that upgrades and never proves itself is dead.
    const timer = setTimeout(() => {
      this.lastError = new TransportError(`connect to ${target} timed out after ${options.connectTimeoutMs} ms`, 'CONNECT_TIMEOUT');
      this.stream.destroy();
    }, options.connectTimeoutMs);
    const opened = (): void => {
      clearTimeout(timer);
      this.stream.on('data', (chunk: Buffer) => this.acks.push(chunk));
      this.open = true;
      for (const p of this.waiting.splice(0)) this.writeNow(p);
    };
    ws.once('open', () => {
      if (!options.keys) return opened();
      connectHandshake(this.stream, options.keys, target, (error) => {
        if (!error) return opened();
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

  get isDead(): boolean {
    return this.dead;
  }

  get awaitingAck(): number {
    return this.unacked.size;
  }

  write(envelope: OutboundEnvelope, done: (error?: Error) => void): void {
    const p: Pending = { envelope, done };
    if (this.dead) return done(this.deathError());
    if (!this.open) this.waiting.push(p);
    else this.writeNow(p);
  }

  destroy(): void {
    this.stream.destroy();
  }

  private writeNow(p: Pending): void {
    this.unflushed.add(p);
    if (this.acked) this.unacked.push(p);
    this.batch.push(p);
    if (this.batch.length === 1) process.nextTick(() => this.flush());
  }

  private flush(): void {
    const batch = this.batch;
    this.batch = [];
    if (this.dead) return;
    const message = Buffer.concat(batch.flatMap((p) => framePieces(p.envelope)));
    this.stream.write(message, (err) => {
      for (const p of batch) {
        if (!this.unflushed.delete(p)) continue;
        const done = p.done;
        p.done = () => {};
        done(err ? this.deathError(err) : undefined);
      }
    });
  }

  private deathError(cause?: Error): Error {
    return linkDeathError(this.target, this.lastError ?? cause);
  }

  private die(): void {
    if (this.dead) return;
    this.dead = true;
    const error = this.deathError();
    this.onDead(this, error);
    settleDeadLink(this.unacked, this.unflushed, this.waiting, this.onLost, error);
  }
}

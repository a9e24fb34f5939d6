import net from 'node:net';
import type { OutboundEnvelope } from './envelope.js';
import { framePieces } from './envelope.js';
import type { TransmitLink } from './transmit-queue.js';
import { TransportError } from './transport-errors.js';

interface Pending {
  pieces: [Uint8Array, Uint8Array];
  done: (error?: Error) => void;
}

/**
 * A persistent outbound connection to one "host:port". Connects on first use; envelopes
 * written while connecting wait here in order. Writes in one tick are corked and leave as one
 * writev. When the connection fails or the peer goes away, every envelope not yet flushed is
 * failed (the queue reports them undeliverable) and `onDead` lets the transport forget this
 * link, so the next send reconnects.
 */
export class TcpLink implements TransmitLink {
  private readonly socket: net.Socket;
  private open = false;
  private dead = false;
  private corked = false;
  private readonly waitingForConnect: Pending[] = [];
  private readonly unflushed = new Set<Pending>();
  private lastError: Error | undefined;

  constructor(
    readonly target: string,
    host: string,
    port: number,
    connectTimeoutMs: number,
    private readonly onDead: (link: TcpLink, error: Error) => void,
  ) {
    this.socket = net.connect({ host, port });
    this.socket.setNoDelay(true);
    this.socket.setTimeout(connectTimeoutMs, () => {
      this.socket.destroy(new TransportError(`connect to ${target} timed out after ${connectTimeoutMs} ms`, 'CONNECT_TIMEOUT'));
    });
    this.socket.once('connect', () => {
      this.socket.setTimeout(0);
      this.open = true;
      for (const p of this.waitingForConnect.splice(0)) this.writeNow(p);
    });
    this.socket.on('error', (err) => {
      this.lastError = err;
    });
    // The peer never writes to us; reading only lets us see its close ('end') at once.
    this.socket.on('data', () => {});
    this.socket.on('close', () => this.die());
  }

  get isDead(): boolean {
    return this.dead;
  }

  write(envelope: OutboundEnvelope, done: (error?: Error) => void): void {
    const p: Pending = { pieces: framePieces(envelope), done };
    if (this.dead) return done(this.deathError());
    if (!this.open) this.waitingForConnect.push(p);
    else this.writeNow(p);
  }

  destroy(): void {
    this.socket.destroy();
  }

  private writeNow(p: Pending): void {
    if (!this.corked) {
      this.corked = true;
      this.socket.cork();
      process.nextTick(() => {
        this.corked = false;
        this.socket.uncork();
      });
    }
    this.unflushed.add(p);
    this.socket.write(p.pieces[0]);
    this.socket.write(p.pieces[1], (err) => {
      if (!this.unflushed.delete(p)) return;
      p.done(err ? this.deathError(err) : undefined);
    });
  }

  private deathError(cause?: Error | null): Error {
    const err = this.lastError ?? cause;
    const code = (err as NodeJS.ErrnoException | undefined)?.code;
    return new TransportError(
      `could not deliver to ${this.target}: ${err ? err.message : 'connection closed'}`,
      code === 'ECONNREFUSED' ? 'TARGET_REFUSED' : 'TARGET_UNREACHABLE',
    );
  }

  private die(): void {
    if (this.dead) return;
    this.dead = true;
    const error = this.deathError();
    this.onDead(this, error);
    const failed = [...this.waitingForConnect.splice(0), ...this.unflushed];
    this.unflushed.clear();
    for (const p of failed) p.done(error);
  }
}

import type net from 'node:net';
import type { FrameDecoder } from './framing.js';
import type { TransportLog } from './transport.js';
import { wireBudgets, type WireBudgets } from './wire-budgets.js';

/** A TCP socket or a WebSocket stream: what the sweep needs to close it. */
export interface GuardedLink {
  once(event: 'close', listener: () => void): unknown;
  destroy(): void;
}

interface Watched {
  socket: GuardedLink;
  decoder: FrameDecoder;
  origin: string;
  since: number;
}

/**
 * Time budgets for inbound stream connections: one that has not completed its first frame
 * within `firstFrameTimeoutMs`, or holds a frame started more than `frameTimeoutMs` ago (a
 * 1-byte-per-second peer), is closed and logged. One sweep timer per listener, not one per
 * socket, so thousands of idle links cost nothing extra.
 */
export class InboundGuard {
  private readonly watched = new Map<GuardedLink, Watched>();
  private timer: NodeJS.Timeout | undefined;
  readonly budgets: WireBudgets;

  constructor(
    private readonly log: TransportLog,
    budgets: Partial<WireBudgets> = {},
  ) {
    this.budgets = { ...wireBudgets(), ...budgets };
  }

  /** Caps the listener's connections; Node refuses the excess, which we log. */
  limit(server: net.Server): void {
    server.maxConnections = this.budgets.maxConnections;
    server.on('drop', (data?: { remoteAddress?: string; remotePort?: number }) => {
      this.log('warning', `refused a connection from ${data?.remoteAddress}:${data?.remotePort}: ${this.budgets.maxConnections} connections are open (THESPIAN_MAX_INBOUND_CONNECTIONS)`);
    });
  }

  watch(socket: GuardedLink, decoder: FrameDecoder, origin: string): void {
    this.watched.set(socket, { socket, decoder, origin, since: Date.now() });
    socket.once('close', () => this.watched.delete(socket));
    if (!this.timer) {
      const every = Math.max(10, Math.min(1000, Math.floor(Math.min(this.budgets.firstFrameTimeoutMs, this.budgets.frameTimeoutMs) / 4)));
      this.timer = setInterval(() => this.sweep(), every);
      this.timer.unref();
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.watched.clear();
  }

  private sweep(): void {
    const now = Date.now();
    for (const w of this.watched.values()) {
      let why: string | undefined;
      if (w.decoder.frames === 0 && now - w.since > this.budgets.firstFrameTimeoutMs) {
        why = `no complete frame within ${this.budgets.firstFrameTimeoutMs} ms of connecting (THESPIAN_FIRST_FRAME_TIMEOUT_MS)`;
      } else if (w.decoder.partialSince !== undefined && now - w.decoder.partialSince > this.budgets.frameTimeoutMs) {
        why = `a frame still incomplete after ${this.budgets.frameTimeoutMs} ms (THESPIAN_FRAME_TIMEOUT_MS)`;
      }
      if (why) {
        this.log('warning', `closing link from ${w.origin}: ${why}`);
        this.watched.delete(w.socket);
        w.socket.destroy();
      }
    }
    if (this.watched.size === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }
}

import { TransmitQueue, type TransmitLink } from './transmit-queue.js';
import { transmitLimits, type TransmitLimits } from './transmit-limits.js';
import { TransportError } from './transport-errors.js';
import type { OutboundEnvelope } from './envelope.js';
import type { SendResult, TransportHandlers, TransportLog } from './transport.js';

/**
 * The send side every transport shares (spec 4.1, 9.4.1): one transmit queue, the
 * non-blocking backpressure signal, and the closed state. A transport adds only its links.
 */
export class SendSide {
  readonly queue: TransmitQueue;
  private waiters: (() => void)[] = [];
  private isClosed = false;

  constructor(
    private readonly name: () => string,
    limits: Partial<TransmitLimits> | undefined,
    handlers: TransportHandlers,
    linkFor: (target: string) => TransmitLink,
    log: TransportLog,
  ) {
    this.queue = new TransmitQueue(transmitLimits(limits), {
      linkFor,
      onUndeliverable: (env, target, error) => handlers.onUndeliverable?.(env, target, error),
      onUnblocked: () => this.release(),
      onDropped: (env, target) => handlers.onDropped?.(env, target),
      log,
    });
  }

  get closed(): boolean {
    return this.isClosed;
  }

  get queuedCount(): number {
    return this.queue.queued;
  }

  /** Throws TRANSPORT_CLOSED once the transport is closed. */
  checkOpen(): void {
    if (this.isClosed) throw new TransportError(`transport ${this.name()} is closed`, 'TRANSPORT_CLOSED');
  }

  enqueue(target: string, out: OutboundEnvelope): SendResult {
    return this.queue.enqueue(target, out);
  }

  /** True from reaching maxQueued until the count falls below the unblock threshold. */
  isBlocked(): boolean {
    return this.queue.blocked;
  }

  /** Resolves at once when not blocked, else when it unblocks (or the transport closes). */
  whenUnblocked(): Promise<void> {
    if (!this.queue.blocked || this.isClosed) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Marks the transport closed; false when it already was (close() then has nothing to do). */
  beginClose(): boolean {
    if (this.isClosed) return false;
    this.isClosed = true;
    return true;
  }

  /** Everything still queued is reported undeliverable; whoever waited for room goes on. */
  failQueued(): TransportError {
    const error = new TransportError(`transport ${this.name()} closed before delivery`, 'TRANSPORT_CLOSED');
    this.queue.failAll(error);
    this.release();
    return error;
  }

  private release(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}

import { TransmitQueue, type TransmitLink } from './transmit-queue.js';
import { transmitLimits, type TransmitLimits } from './transmit-limits.js';
import { MessageEncodeError, TransportError } from './transport-errors.js';
import { prepareEnvelope, type Envelope, type OutboundEnvelope } from './envelope.js';
import { isOutbound, type SendResult, type TransportHandlers, type TransportLog } from './transport.js';

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

  /**
   * Encodes now (an unencodable message throws here, in the sender) and refuses what the
   * receiver would refuse, which would close the link for everyone on it: a frame over
   * `maxFrameBytes` once `overhead` (header, head) is added.
   */
  prepare(envelope: Envelope | OutboundEnvelope, maxFrameBytes: number, overhead: number): OutboundEnvelope {
    const out = isOutbound(envelope) ? envelope : prepareEnvelope(envelope);
    if (out.payload.byteLength + overhead > maxFrameBytes) {
      throw new MessageEncodeError(`message of ${out.payload.byteLength} bytes is over the frame limit of ${maxFrameBytes} bytes`, 'message', 'MESSAGE_TOO_LARGE');
    }
    return out;
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

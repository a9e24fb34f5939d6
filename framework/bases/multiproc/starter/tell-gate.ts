import type { Transport } from '../../../transport/index.js';

interface Waiting {
  send: () => void;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Tells from outside the system wait for room in the transmit queue instead of being dropped
 * (spec 9.4.1 blocks a sender past THESPIAN_MAX_QUEUED_TRANSMITS; `tell` returns a promise, so
 * here it is that promise that waits). Tells leave in the order they were made: one made while
 * others wait goes behind them even if the queue has room by then.
 */
export class TellGate {
  private readonly waiting: Waiting[] = [];
  private head = 0;
  private pumping = false;

  constructor(private readonly transport: Transport) {}

  /** Runs `send` now if there is room and nobody waits, else when its turn comes. */
  pass(send: () => void): Promise<void> {
    if (this.head === this.waiting.length && !this.transport.isBlocked()) {
      send();
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      this.waiting.push({ send, resolve, reject });
      void this.pump();
    });
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.head < this.waiting.length) {
        // Closed transports resolve this at once; the send then rejects with TRANSPORT_CLOSED.
        if (this.transport.isBlocked()) await this.transport.whenUnblocked();
        const w = this.waiting[this.head]!;
        this.waiting[this.head++] = undefined as unknown as Waiting;
        try {
          w.send();
          w.resolve();
        } catch (err) {
          w.reject(err);
        }
      }
    } finally {
      this.waiting.length = 0;
      this.head = 0;
      this.pumping = false;
    }
  }
}

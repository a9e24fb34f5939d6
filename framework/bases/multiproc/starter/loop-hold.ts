/**
 * Keeps a starter's process alive only while it waits for something (spec 9.4: a script
 * that never calls shutdown() ends when its own work is done and the admin keeps running,
 * as Python's does). The transport's sockets are unref'd; this holds one ref'd timer while
 * any request, ask or listen is open, and after that until queued envelopes have left.
 */
export class LoopHold {
  private waiting = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly queued: () => number) {}

  /** Runs `work` with the process held open; released when it settles. */
  async during<T>(work: () => Promise<T>): Promise<T> {
    this.waiting++;
    this.hold();
    try {
      return await work();
    } finally {
      this.waiting--;
      this.releaseWhenFlushed();
    }
  }

  /** A tell queued an envelope: stay until the transport has written it. */
  releaseWhenFlushed(): void {
    if (this.waiting > 0) return;
    if (this.queued() === 0) return this.release();
    this.hold();
    // Polling is cheap and needs nothing from the transport but its count.
    setTimeout(() => this.releaseWhenFlushed(), 10).unref();
  }

  stop(): void {
    this.waiting = 0;
    this.release();
  }

  private hold(): void {
    // An hour: it only has to exist; release() clears it.
    this.timer ??= setInterval(() => {}, 3_600_000);
  }

  private release(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}

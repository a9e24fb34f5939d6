/**
 * The non-blocking backpressure signal every transport gives its base: `whenUnblocked()`
 * resolves at once unless the transmit queue is over its max, else when it falls below
 * the unblock threshold (or the transport closes).
 */
export class UnblockSignal {
  private waiters: (() => void)[] = [];

  wait(blocked: boolean): Promise<void> {
    if (!blocked) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  release(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}

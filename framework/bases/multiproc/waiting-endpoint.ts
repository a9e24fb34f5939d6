import { ExternalEndpoint } from '../../system/endpoint.js';

/** An endpoint whose listen() can wait: replies arrive from other processes. */
export class WaitingEndpoint extends ExternalEndpoint {
  private waiters: (() => void)[] = [];
  override accept(message: unknown): void {
    const before = this.inbox.length;
    super.accept(message);
    // A filtered system message (spec 7) must not wake a listener with nothing to return.
    if (this.inbox.length === before) return;
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }
  next(timeoutMs: number | undefined): Promise<unknown> {
    if (this.inbox.length) return Promise.resolve(this.inbox.shift());
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const wake = () => {
        if (timer) clearTimeout(timer);
        resolve(this.inbox.shift());
      };
      if (timeoutMs !== undefined) {
        timer = setTimeout(() => {
          this.waiters = this.waiters.filter((w) => w !== wake);
          resolve(undefined);
        }, timeoutMs);
      }
      this.waiters.push(wake);
    });
  }
  wakeAll(): void {
    for (const f of this.waiters.splice(0)) f();
  }
}


import type { Scheduler } from '../../framework/convention/scheduler.js';

/**
 * A Scheduler whose time moves only when a test says so: `advance(ms)` runs every timer due
 * on the way, in time order, each at its own time. Exact timing tests without sleeping.
 */
export class ManualClock implements Scheduler {
  private time = 0;
  private seq = 0;
  private readonly timers = new Map<number, { at: number; fn: () => void }>();

  now(): number {
    return this.time;
  }

  after(ms: number, fn: () => void): () => void {
    const id = ++this.seq;
    this.timers.set(id, { at: this.time + Math.max(0, ms), fn });
    return () => void this.timers.delete(id);
  }

  /** Pending timers (a leak check for tests). */
  get pending(): number {
    return this.timers.size;
  }

  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      let next: [number, { at: number; fn: () => void }] | undefined;
      for (const entry of this.timers) if (entry[1].at <= end && (!next || entry[1].at < next[1].at)) next = entry;
      if (!next) break;
      this.timers.delete(next[0]);
      this.time = next[1].at;
      next[1].fn();
    }
    this.time = end;
  }
}

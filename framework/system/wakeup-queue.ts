/** Pending wakeups ordered by due time; a sorted array suits the handful an actor keeps. */
export interface PendingWakeup<T> {
  due: number;
  target: T;
  delayMs: number;
  payload: unknown;
}

export class WakeupQueue<T> {
  private items: PendingWakeup<T>[] = [];

  add(item: PendingWakeup<T>): void {
    let lo = 0;
    let hi = this.items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.items[mid]!.due <= item.due) lo = mid + 1;
      else hi = mid;
    }
    this.items.splice(lo, 0, item);
  }

  nextDue(): number | undefined {
    return this.items[0]?.due;
  }

  takeDue(now: number): PendingWakeup<T>[] {
    let n = 0;
    while (n < this.items.length && this.items[n]!.due <= now) n++;
    return n ? this.items.splice(0, n) : [];
  }

  countFor(target: T): number {
    let n = 0;
    for (const w of this.items) if (w.target === target) n++;
    return n;
  }

  dropFor(target: T): void {
    this.items = this.items.filter((w) => w.target !== target);
  }

  get size(): number {
    return this.items.length;
  }
}

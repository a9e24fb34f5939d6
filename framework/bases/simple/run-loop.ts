import type { ActorAddress } from '../../actor/address.js';
import type { EndpointWaiter, ExternalEndpoint } from '../../system/endpoint.js';
import { SendQueue, type QueuedSend } from './send-queue.js';

/**
 * Spec 9.2: the simple base runs its actors from the caller's tell/ask/listen. Sends go on
 * one queue that is drained until the system is quiet; an async handler holds back only its
 * own actor's next message, and keeps ask/listen waiting for it.
 */
export class RunLoop {
  private readonly queue = new SendQueue();
  private readonly popped: QueuedSend = { target: undefined as unknown as ActorAddress, message: undefined, sender: undefined as unknown as ActorAddress };
  private inflight = 0;
  private draining = false;
  private drainScheduled = false;
  private waiters: (() => void)[] = [];

  constructor(
    /** Where each popped send goes: the system's one routing decision (a method, not a closure: it runs per message). */
    private readonly router: { route(send: QueuedSend): void },
    /** Due wakeups, posted before each pass; and when the next one falls due. */
    private readonly wakeups: { deliverDue(): void; nextDue(): number | undefined },
    private readonly stopped: () => boolean,
  ) {}

  get busy(): boolean {
    return this.inflight > 0;
  }

  post(from: ActorAddress, to: ActorAddress, message: unknown): void {
    this.queue.push(to, message, from);
    // A send from an async handler between its awaits: deliver it now, not at the next tell.
    if (!this.draining && !this.drainScheduled) {
      this.drainScheduled = true;
      queueMicrotask(() => {
        this.drainScheduled = false;
        this.drain();
        this.notify();
      });
    }
  }

  /** A send from outside: delivered within this call. */
  push(from: ActorAddress, to: ActorAddress, message: unknown): void {
    this.queue.push(to, message, from);
  }

  drain(): void {
    if (this.draining) return;
    this.draining = true;
    const out = this.popped;
    try {
      for (;;) {
        this.wakeups.deliverDue();
        if (this.queue.isEmpty) break;
        while (!this.queue.isEmpty) {
          this.queue.shift(out);
          this.router.route(out);
        }
      }
    } finally {
      this.draining = false;
      out.message = undefined;
    }
  }

  /** Work an actor runs outside its handlers: listen and ask keep waiting for it as for an async handler. */
  holdOpen(work: Promise<unknown>): void {
    this.inflight++;
    const end = () => {
      this.inflight--;
      this.settled();
    };
    work.then(end, end);
  }

  asyncStarted(): void {
    this.inflight++;
  }

  asyncEnded(): void {
    this.inflight--;
  }

  /** Something that was running settled: run what it released and wake the waiting callers. */
  settled(): void {
    this.drain();
    this.notify();
  }

  notify(): void {
    const waiters = this.waiters;
    if (waiters.length === 0) return;
    this.waiters = [];
    for (const w of waiters) w();
  }

  /** Resolves at the next settled async handler, after `ms`, or when `until` settles. */
  progress(ms: number, until?: Promise<unknown>): Promise<void> {
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const done = () => {
        if (timer) clearTimeout(timer);
        const i = this.waiters.indexOf(done);
        if (i >= 0) this.waiters.splice(i, 1);
        resolve();
      };
      if (Number.isFinite(ms)) timer = setTimeout(done, Math.max(0, ms));
      this.waiters.push(done);
      void until?.then(done);
    });
  }

  /**
   * Spec 6.6/6.7 with release 2.5.0: runs the actors until `waiter` has its message. It waits
   * while an async handler runs or a wakeup is pending (with a timeout, one due inside it);
   * with nothing left that could answer it returns undefined at once, as Thespian's
   * simpleSystemBase does. Unlike Thespian, with no timeout it also sleeps until pending
   * wakeups fall due (Thespian returns None there): an ask with no timeout waits for its
   * reply on every base (issue 14 item 4). An actor that re-arms a wakeup for ever keeps
   * such an ask waiting, as a silent actor does on the multi-process bases.
   */
  async runUntil(ep: ExternalEndpoint, waiter: EndpointWaiter, timeoutMs: number | undefined): Promise<unknown> {
    const deadline = timeoutMs === undefined ? Infinity : performance.now() + timeoutMs;
    for (;;) {
      this.drain();
      if (waiter.settled) return waiter.value;
      const now = performance.now();
      if (this.stopped() || now >= deadline) break;
      const nextWake = this.wakeups.nextDue();
      const wakeInWindow = nextWake !== undefined && nextWake <= deadline;
      if (this.inflight === 0 && !wakeInWindow) break;
      await this.progress(Math.min(deadline, wakeInWindow ? nextWake : Infinity) - now, waiter.done);
    }
    ep.withdraw(waiter);
    return undefined;
  }
}

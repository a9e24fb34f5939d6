import { messagesEqual } from '../actor/messages.js';
import { realScheduler, type Scheduler } from './scheduler.js';

/** Thespian's HYSTERESIS_MIN_PERIOD, HYSTERESIS_MAX_PERIOD and HYSTERESIS_RATE. */
export const HYSTERESIS_MIN_MS = 250;
export const HYSTERESIS_MAX_MS = 45_000;
export const HYSTERESIS_RATE = 1.2;

export interface HysteresisOptions {
  minMs?: number;
  maxMs?: number;
  rate?: number;
  scheduler?: Scheduler;
  /** Whether two queued messages are the same send (default: `equals`, else identity). */
  equal?: (a: unknown, b: unknown) => boolean;
}

interface Queued<T> {
  target: T;
  message: unknown;
}

/**
 * Admin-to-admin sends that a misbehaving member cannot turn into a storm (Thespian's
 * HysteresisDelaySender). The first send goes at once and opens a blackout of `minMs`; each
 * send during a blackout is queued and stretches the blackout by `rate` (up to `maxMs`); a
 * queued send to the same target with an equal message is replaced by the newer one. When the
 * blackout ends the queue goes out in order and the period shrinks by `rate`; with nothing
 * sent, it keeps shrinking window by window until it falls below `minMs` and sends are
 * immediate again.
 *
 * Thespian's own arithmetic sets the next window to (period - remaining) just after opening
 * one, which leaves almost no blackout; this follows its docstring (and the guide's 4.11 intent)
 * instead: the window is the period, measured from when it opened.
 */
export class HysteresisSender<T = string> {
  private readonly minMs: number;
  private readonly maxMs: number;
  private readonly rate: number;
  private readonly scheduler: Scheduler;
  private readonly equal: (a: unknown, b: unknown) => boolean;
  private queue: Queued<T>[] = [];
  /** 0: no hysteresis, the next send goes at once. */
  private period = 0;
  private windowStart = 0;
  private cancelTimer: (() => void) | undefined;
  private closed = false;

  constructor(
    private readonly transmit: (target: T, message: unknown) => void,
    options: HysteresisOptions = {},
  ) {
    this.minMs = options.minMs ?? HYSTERESIS_MIN_MS;
    this.maxMs = options.maxMs ?? HYSTERESIS_MAX_MS;
    this.rate = options.rate ?? HYSTERESIS_RATE;
    this.scheduler = options.scheduler ?? realScheduler;
    this.equal = options.equal ?? messagesEqual;
  }

  /** The current blackout period in ms (0 when sends are immediate). */
  get periodMs(): number {
    return this.period;
  }

  /** Sends waiting for the blackout to end. */
  get queued(): number {
    return this.queue.length;
  }

  send(target: T, message: unknown): void {
    if (this.closed) return;
    if (this.period === 0) {
      this.transmit(target, message);
      this.period = this.minMs;
      this.openWindow();
      return;
    }
    this.queue = this.queue.filter((q) => q.target !== target || !this.equal(q.message, message));
    this.queue.push({ target, message });
    this.period = Math.min(this.period * this.rate, this.maxMs);
    this.openWindow(this.windowStart);
  }

  /** Drops the queued sends to `target` (it left the convention); returns how many. */
  cancel(target: T): number {
    const before = this.queue.length;
    this.queue = this.queue.filter((q) => q.target !== target);
    return before - this.queue.length;
  }

  /** Stops the timer; queued sends are dropped (the owner is shutting down). */
  close(): void {
    this.closed = true;
    this.cancelTimer?.();
    this.cancelTimer = undefined;
    this.queue = [];
  }

  private openWindow(start = this.scheduler.now()): void {
    this.windowStart = start;
    this.cancelTimer?.();
    const wait = start + this.period - this.scheduler.now();
    this.cancelTimer = this.scheduler.after(wait, () => this.windowEnded());
  }

  private windowEnded(): void {
    this.cancelTimer = undefined;
    const due = this.queue;
    this.queue = [];
    const shrunk = this.period / this.rate;
    if (due.length === 0 && shrunk < this.minMs) {
      this.period = 0;
      return;
    }
    this.period = Math.max(shrunk, this.minMs);
    this.openWindow();
    for (const q of due) this.transmit(q.target, q.message);
  }
}

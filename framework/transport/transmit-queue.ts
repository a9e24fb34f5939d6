import type { OutboundEnvelope } from './envelope.js';
import type { TransmitLimits } from './transmit-limits.js';
import type { SendResult, TransportLog } from './transport.js';

/** One target's writer. It keeps order and calls `done` once per envelope, when written or failed. */
export interface TransmitLink {
  write(envelope: OutboundEnvelope, done: (error?: Error) => void): void;
}

export interface TransmitQueueHooks {
  linkFor(target: string): TransmitLink;
  onUndeliverable(envelope: OutboundEnvelope, target: string, error: Error): void;
  onUnblocked(): void;
  /** Each dropped envelope, so the base can count it and tell someone who will see it. */
  onDropped?(envelope: OutboundEnvelope, target: string): void;
  log: TransportLog;
}

/** FIFO with an advancing head: no O(n) shift per message. */
class Fifo<T> {
  private items: T[] = [];
  private head = 0;
  get length(): number {
    return this.items.length - this.head;
  }
  push(item: T): void {
    this.items.push(item);
  }
  shift(): T | undefined {
    if (this.head >= this.items.length) return undefined;
    const item = this.items[this.head]!;
    this.items[this.head++] = undefined as T;
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }
  drain(): T[] {
    const rest = this.items.slice(this.head);
    this.items = [];
    this.head = 0;
    return rest;
  }
}

/**
 * The spec 4.1 / 9.4.1 transmit accounting shared by every transport: per-target ordered
 * queues, at most maxPending envelopes in the links at once, a blocked flag with hysteresis,
 * and dropping of non-system envelopes past the drop level. It never blocks the event loop:
 * the base polls `blocked` and waits for `onUnblocked`.
 */
export class TransmitQueue {
  private readonly waiting = new Map<string, Fifo<OutboundEnvelope>>();
  private inFlight = 0;
  private readonly inFlightByTarget = new Map<string, number>();
  private waitingCount = 0;
  private blockedNow = false;
  private droppedInBurst = 0;
  /** Every envelope dropped over the drop level since start. */
  dropped = 0;

  constructor(
    readonly limits: TransmitLimits,
    private readonly hooks: TransmitQueueHooks,
  ) {}

  get queued(): number {
    return this.inFlight + this.waitingCount;
  }

  get blocked(): boolean {
    return this.blockedNow;
  }

  enqueue(target: string, envelope: OutboundEnvelope): SendResult {
    if (!envelope.system && this.queued >= this.limits.dropLevel) {
      if (this.droppedInBurst++ === 0) {
        this.hooks.log(
          'warning',
          `dropping transmits: ${this.queued} queued reached THESPIAN_DROP_TRANSMITS_LEVEL (${this.limits.dropLevel}); ` +
            `first dropped: to ${target} (${envelope.targetKey}); system messages are still sent`,
        );
      }
      this.dropped++;
      this.hooks.onDropped?.(envelope, target);
      return 'dropped';
    }
    const q = this.waiting.get(target);
    if (q || this.inFlight >= this.limits.maxPending) {
      // Behind earlier envelopes for this target (order), or over the in-flight limit.
      let fifo = q;
      if (!fifo) this.waiting.set(target, (fifo = new Fifo()));
      fifo.push(envelope);
      this.waitingCount++;
    } else {
      this.dispatch(target, envelope);
    }
    if (!this.blockedNow && this.queued >= this.limits.maxQueued) this.blockedNow = true;
    return 'queued';
  }

  /** The link to `target` is gone: everything still waiting for it is undeliverable. */
  failTarget(target: string, error: Error): void {
    const fifo = this.waiting.get(target);
    if (!fifo) return;
    this.waiting.delete(target);
    const rest = fifo.drain();
    this.waitingCount -= rest.length;
    for (const env of rest) this.hooks.onUndeliverable(env, target, error);
    this.settle();
  }

  /** Close: report every waiting envelope; in-flight ones are reported by their links. */
  failAll(error: Error): void {
    for (const target of [...this.waiting.keys()]) this.failTarget(target, error);
  }

  private dispatch(target: string, envelope: OutboundEnvelope): void {
    this.inFlight++;
    this.inFlightByTarget.set(target, (this.inFlightByTarget.get(target) ?? 0) + 1);
    let called = false;
    this.hooks.linkFor(target).write(envelope, (error) => {
      if (called) return; // a link must call once; tolerate a double call instead of corrupting counts
      called = true;
      this.inFlight--;
      const left = this.inFlightByTarget.get(target)! - 1;
      if (left === 0) this.inFlightByTarget.delete(target);
      else this.inFlightByTarget.set(target, left);
      if (error) {
        this.hooks.onUndeliverable(envelope, target, error);
        // Fail the waiting ones only after the link has reported its earlier ones: keeps order.
        if (left === 0) this.failTarget(target, error);
        else return;
      }
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < this.limits.maxPending && this.waiting.size > 0) {
      // Round-robin: one envelope per target per pass, so one slow target cannot starve others.
      for (const [target, fifo] of this.waiting) {
        if (this.inFlight >= this.limits.maxPending) break;
        const env = fifo.shift()!;
        this.waitingCount--;
        this.waiting.delete(target);
        if (fifo.length > 0) this.waiting.set(target, fifo); // to the back of the rotation
        this.dispatch(target, env);
      }
    }
    this.settle();
  }

  private settle(): void {
    if (this.droppedInBurst > 0 && this.queued < this.limits.unblockThreshold) {
      this.hooks.log('warning', `dropped ${this.droppedInBurst} transmit(s) while over THESPIAN_DROP_TRANSMITS_LEVEL (${this.limits.dropLevel})`);
      this.droppedInBurst = 0;
    }
    if (this.blockedNow && this.queued < this.limits.unblockThreshold) {
      this.blockedNow = false;
      this.hooks.onUnblocked();
    }
  }
}

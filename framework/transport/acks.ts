import type { OutboundEnvelope } from './envelope.js';
import type { TransportHandlers, TransportLog } from './transport.js';

/**
 * Delivery acknowledgements between processes (spec 9.4.1 "delivered, dead-lettered or
 * reported"; Thespian's TCP transport acks each message too). The receiving side of a link
 * counts the frames it got and, in batches, sends back how many of them its base has *settled* (taken by the actor, dead-lettered, or answered), as one uint32. The
 * sending side keeps what it wrote until a count covers it; when the link dies, whatever is
 * still uncovered is reported undeliverable and so dead-lettered, even if it had left the
 * socket before a kill -9. A frame settled but not yet acked when its receiver dies may be
 * both handled and dead-lettered: at-least-once accounting, not exactly-once.
 */
const ACK_BYTES = 4;

/**
 * Bench-only knob: THESPIAN_BENCH_NO_ACKS=1 turns acknowledgements off for links made while
 * it is set, in every process started with it (children inherit it), so `npm run bench` can
 * price them against the same run without. Never for production: a receiver's death then
 * loses its mailbox without a trace. Both ends of a link must agree: set it before a system starts.
 */
export function acksEnabled(): boolean {
  return process.env.THESPIAN_BENCH_NO_ACKS !== '1';
}

/**
 * Acks are delayed a little, like TCP's: one count covers every frame settled meanwhile, so a
 * request-reply exchange does not pay an extra write and wake-up per message (measured: an ack
 * per event-loop turn made asks 1.3-1.6x slower). A flood is acknowledged every ACK_EVERY
 * frames, which bounds what its sender holds. The price: a frame settled in the last
 * ACK_DELAY_MS before its receiver is killed is dead-lettered though it was handled.
 */
const ACK_DELAY_MS = 5;
const ACK_EVERY = 128;

/** Receiver side, one per inbound link. */
export class ReceiptCounter {
  private received = 0;
  private settled = 0;
  private readonly early = new Set<number>();
  private timer: NodeJS.Timeout | undefined;
  private sent = 0;

  constructor(private readonly writeAck: (count: number) => void) {}

  /** A frame arrived: the function to call (once) when the base has settled it. */
  next(): () => void {
    const seq = ++this.received;
    let called = false;
    return () => {
      if (called) return;
      called = true;
      this.settle(seq);
    };
  }

  /** Sends the count now (e.g. before the link closes) if it moved. */
  flush(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.settled === this.sent) return;
    this.sent = this.settled;
    this.writeAck(this.settled % 0x1_0000_0000);
  }

  private settle(seq: number): void {
    if (seq !== this.settled + 1) {
      // Settled ahead of an earlier frame (e.g. a control message past queued user ones):
      // the count can only cover an unbroken prefix.
      this.early.add(seq);
      return;
    }
    this.settled = seq;
    while (this.early.delete(this.settled + 1)) this.settled++;
    if (this.settled - this.sent >= ACK_EVERY) this.flush();
    else if (this.timer === undefined) {
      this.timer = setTimeout(() => this.flush(), ACK_DELAY_MS);
      this.timer.unref();
    }
  }
}

export function encodeAck(count: number): Buffer {
  const b = Buffer.allocUnsafe(ACK_BYTES);
  b.writeUInt32BE(count >>> 0, 0);
  return b;
}

/** Sender side: reads the uint32 counts from a byte stream that may split them anywhere. */
export class AckReader {
  private partial = Buffer.alloc(0);

  constructor(private readonly onCount: (countMod32: number) => void) {}

  push(chunk: Buffer): void {
    const buf = this.partial.byteLength ? Buffer.concat([this.partial, chunk]) : chunk;
    let at = 0;
    // Only the newest count matters: counts are cumulative.
    let last = -1;
    while (buf.byteLength - at >= ACK_BYTES) {
      last = buf.readUInt32BE(at);
      at += ACK_BYTES;
    }
    this.partial = at < buf.byteLength ? Buffer.from(buf.subarray(at)) : Buffer.alloc(0);
    if (last >= 0) this.onCount(last);
  }
}

/** Sender side: what was written and not yet covered by an ack, in write order. */
export class AckWindow<T> {
  private items: T[] = [];
  private head = 0;
  private ackedMod = 0;

  get size(): number {
    return this.items.length - this.head;
  }

  push(item: T): void {
    this.items.push(item);
  }

  /** A cumulative count arrived (mod 2^32): drop the items it newly covers. */
  acked(countMod32: number): void {
    let n = (countMod32 - this.ackedMod) >>> 0;
    this.ackedMod = countMod32 >>> 0;
    n = Math.min(n, this.size);
    for (let i = 0; i < n; i++) this.items[this.head++] = undefined as T;
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }

  /** Everything not acked, oldest first; the window is empty after. */
  drain(): T[] {
    const rest = this.items.slice(this.head);
    this.items = [];
    this.head = 0;
    return rest;
  }
}

/**
 * Frames written, never acknowledged, and their link is gone: the base dead-letters them.
 * On our own close they are not reported: the peer still reads what our side sent.
 */
export function reportUnacknowledged(
  closing: boolean,
  handlers: TransportHandlers,
  log: TransportLog,
  envelopes: OutboundEnvelope[],
  target: string,
  error: Error,
): void {
  if (closing) {
    log('debug', `closing with ${envelopes.length} frame(s) to ${target} not yet acknowledged`);
    return;
  }
  for (const env of envelopes) handlers.onUndeliverable?.(env, target, error);
}

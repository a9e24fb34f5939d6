import { acksEnabled, AckReader, AckWindow } from './acks.js';
import type { OutboundEnvelope } from './envelope.js';
import { linkDeathError, settleDeadLink, type PendingFrame } from './link-death.js';

const settledAlready = (): void => {};

/**
 * What a persistent outbound stream link (TCP, WebSocket) does with frames, whatever carries
 * them: frames written before the link is open wait in order; once open, one tick's frames
 * leave as one write (`writeBatch`); a written frame is kept until the peer's count
 * acknowledges it; when the link dies, what was never written or never finished writing
 * fails, and what was written but never acknowledged is reported lost. A subclass connects,
 * proves itself, calls `markOpen` and `die`, and writes batches its own way.
 */
export abstract class StreamLink<P extends PendingFrame> {
  abstract readonly target: string;
  protected open = false;
  private dead = false;
  private batch: P[] = [];
  private readonly waiting: P[] = [];
  private readonly unflushed = new Set<P>();
  private readonly unacked = new AckWindow<P>();
  private readonly acked = acksEnabled();
  /** Feed it what the peer writes once the link is open: acknowledgement counts only. */
  protected readonly acks = new AckReader((count) => this.unacked.acked(count));
  /** A count that arrived framed (a duplex link, duplex.ts) rather than as raw ack bytes. */
  protected counted(count: number): void {
    this.unacked.acked(count);
  }
  protected lastError: Error | undefined;

  get isDead(): boolean {
    return this.dead;
  }

  /** Frames written and not yet acknowledged by the peer. */
  get awaitingAck(): number {
    return this.unacked.size;
  }

  /** Writes `batch` as one write; `finish` once it is written (or failed). */
  protected abstract writeBatch(batch: P[], finish: (err?: Error | null) => void): void;
  /** The link is dead: the transport forgets it (the next send reconnects). */
  protected abstract reportDeath(error: Error): void;
  /** Written, never acknowledged: they may have died with the peer. */
  protected abstract reportLost(envelopes: OutboundEnvelope[], error: Error): void;

  protected enqueue(p: P): void {
    if (this.dead) return p.done(this.deathError());
    if (!this.open) this.waiting.push(p);
    else this.writeNow(p);
  }

  /** Proved and ready: what waited leaves now, in order. */
  protected markOpen(): void {
    this.open = true;
    for (const p of this.waiting.splice(0)) this.writeNow(p);
  }

  protected die(): void {
    if (this.dead) return;
    this.dead = true;
    const error = this.deathError();
    this.reportDeath(error);
    settleDeadLink(this.unacked, this.unflushed, this.waiting, (lost, e) => this.reportLost(lost, e), error);
  }

  private writeNow(p: P): void {
    this.unflushed.add(p);
    if (this.acked) this.unacked.push(p);
    this.batch.push(p);
    if (this.batch.length === 1) process.nextTick(() => this.flush());
  }

  private flush(): void {
    const batch = this.batch;
    this.batch = [];
    if (this.dead) return;
    this.writeBatch(batch, (err) => {
      for (const p of batch) {
        if (!this.unflushed.delete(p)) continue;
        const done = p.done;
        p.done = settledAlready; // kept for its ack: let the queue's closure go
        // A failed write is reported here (undeliverable), so the link's death does not report it again as lost.
        if (err) p.failedWrite = true;
        done(err ? this.deathError(err) : undefined);
      }
    });
  }

  private deathError(cause?: Error | null): Error {
    return linkDeathError(this.target, this.lastError ?? cause);
  }
}

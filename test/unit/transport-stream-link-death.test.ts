import { describe, expect, it } from 'vitest';
import { ActorAddress } from '../../framework/actor/address.js';
import { prepareEnvelope, type OutboundEnvelope } from '../../framework/transport/envelope.js';
import type { PendingFrame } from '../../framework/transport/link-death.js';
import { StreamLink } from '../../framework/transport/stream-link.js';

/** A link whose socket we drive: writes finish as the test says, then it dies. */
class Rig extends StreamLink<PendingFrame> {
  readonly target = 'peer:1';
  lost: OutboundEnvelope[] = [];
  private pending: ((err?: Error | null) => void)[] = [];
  constructor() {
    super();
    this.markOpen();
  }
  write(envelope: OutboundEnvelope, done: (error?: Error) => void): void {
    this.enqueue({ envelope, done });
  }
  finishWrites(err?: Error): void {
    for (const f of this.pending.splice(0)) f(err);
  }
  kill(): void {
    this.lastError = new Error('ECONNRESET');
    this.die();
  }
  protected override writeBatch(_batch: PendingFrame[], finish: (err?: Error | null) => void): void {
    this.pending.push(finish);
  }
  protected override reportDeath(): void {}
  protected override reportLost(envelopes: OutboundEnvelope[]): void {
    this.lost.push(...envelopes);
  }
}

const env = (message: string): OutboundEnvelope => prepareEnvelope({ targetKey: 'k', sender: new ActorAddress('s', 'S'), message });

describe('9.4.1 a frame whose write failed is reported once', () => {
  it('9.4.1 a write that fails (EPIPE before the close) is undeliverable once, and not reported again as lost when the link dies', async () => {
    const link = new Rig();
    const outcomes: string[] = [];
    link.write(env('written'), (e) => outcomes.push(e ? 'failed written' : 'ok written'));
    await new Promise((r) => process.nextTick(r));
    link.finishWrites(); // written: kept for its ack
    link.write(env('broken'), (e) => outcomes.push(e ? 'failed broken' : 'ok broken'));
    await new Promise((r) => process.nextTick(r));
    link.finishWrites(new Error('EPIPE')); // its write failed: reported now
    link.kill();
    expect(outcomes).toEqual(['ok written', 'failed broken']);
    // Only the frame that left and was never acknowledged may have died with the peer.
    expect(link.lost.map((e) => e.message)).toEqual(['written']);
  });
});

import { describe, expect, it } from 'vitest';
import { transmitLimits } from '../../framework/transport/transmit-limits.js';
import { TransmitQueue, type TransmitLink } from '../../framework/transport/transmit-queue.js';
import { prepareEnvelope, type OutboundEnvelope } from '../../framework/transport/envelope.js';

describe('transmit limits (spec 9.4.1)', () => {
  it('9.4.1 defaults to 20 / 950 / 780, and a drop level of 100,000 (not 950+100: a handler cannot block inside its send loop, so 20,000 sends from one handler must fit)', () => {
    expect(transmitLimits({}, {})).toEqual({ maxPending: 20, maxQueued: 950, unblockThreshold: 780, dropLevel: 100_000 });
  });

  it('reads THESPIAN_* variables; the drop level stays 100 above a max set higher than the default drop level', () => {
    const env = { THESPIAN_MAX_PENDING_TRANSMITS: '10', THESPIAN_MAX_QUEUED_TRANSMITS: '500', THESPIAN_QUEUED_TRANSMIT_UNBLOCK_THRESHOLD: '100' };
    expect(transmitLimits({}, env)).toEqual({ maxPending: 10, maxQueued: 500, unblockThreshold: 100, dropLevel: 100_000 });
    expect(transmitLimits({}, { THESPIAN_MAX_QUEUED_TRANSMITS: '200000' }).dropLevel).toBe(200_100);
    expect(transmitLimits({}, { THESPIAN_DROP_TRANSMITS_LEVEL: '600' }).dropLevel).toBe(600);
    expect(transmitLimits({ maxQueued: 50 }, { THESPIAN_MAX_QUEUED_TRANSMITS: '500' }).maxQueued).toBe(50);
  });

  it('keeps the unblock threshold below a small max, and rejects nonsense', () => {
    expect(transmitLimits({}, { THESPIAN_MAX_QUEUED_TRANSMITS: '100' }).unblockThreshold).toBeLessThan(100);
    expect(() => transmitLimits({}, { THESPIAN_MAX_QUEUED_TRANSMITS: 'lots' })).toThrowError(/THESPIAN_MAX_QUEUED_TRANSMITS="lots" is not a positive integer/);
  });
});

describe('TransmitQueue', () => {
  it('keeps at most maxPending in the links, blocks at maxQueued, unblocks below the threshold', () => {
    const writes: { target: string; env: OutboundEnvelope; done: (e?: Error) => void }[] = [];
    const written: string[] = [];
    let unblocked = 0;
    const q = new TransmitQueue(
      { maxPending: 2, maxQueued: 6, unblockThreshold: 3, dropLevel: 100 },
      {
        linkFor: (target): TransmitLink => ({
          write: (env, done) => {
            writes.push({ target, env, done });
            written.push(`${target}${String(env.message)}`);
          },
        }),
        onUndeliverable: () => {},
        onUnblocked: () => unblocked++,
        log: () => {},
      },
    );
    const env = (n: number): OutboundEnvelope => prepareEnvelope({ targetKey: 't', sender: null, message: n });
    for (let i = 0; i < 6; i++) q.enqueue(i % 2 ? 'B' : 'A', env(i));
    expect(writes).toHaveLength(2);
    expect(q.queued).toBe(6);
    expect(q.blocked).toBe(true);
    const complete = (): void => {
      writes.shift()!.done();
      expect(writes.length).toBeLessThanOrEqual(2); // never more than maxPending in the links
    };
    complete();
    complete();
    complete();
    expect(q.queued).toBe(3);
    expect(q.blocked).toBe(true); // hysteresis: 3 is not below 3
    expect(unblocked).toBe(0);
    complete();
    expect(q.blocked).toBe(false);
    expect(unblocked).toBe(1);
    while (writes.length) complete();
    expect(q.queued).toBe(0);
    // Per-target order kept; targets alternate (round-robin), neither starves.
    expect(written).toEqual(['A0', 'B1', 'A2', 'B3', 'A4', 'B5']);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ActorSystem } from 'thespian-ts';
// The bench's own timing actors (bench/exit-bench.ts): the test asserts what the bench reports.
import { BenchExitTimer as ExitTimer } from '../../bench/exit-actors.js';
import { BASES, REPLY_MS, startSystem } from '../support/systems.js';

/**
 * Issue 14 item 9. Thespian's TCP base tells a parent of its child's exit, and passes a
 * recursive exit to the children, within a few ms; the issue asks for under 100 ms on an
 * idle machine. The bound here is tighter, 40 ms, below the 50 ms an exiting process
 * lingers to dead-letter stragglers: that grace must not be on the path (before the admin
 * was told first, the median was 84 ms). The suite's machine is shared, so each figure is
 * the best of a few tries; bench/exit-bench.ts measures medians and p99.
 */
const BOUND_MS = 40;
const TRIES = 5;

describe.each(BASES)('2.2 Exit propagation (%s)', (base) => {
  let asys: ActorSystem;
  beforeEach(async () => {
    asys = await startSystem(base);
  });
  afterEach(async () => {
    await asys.shutdown();
  });

  async function best(what: 'measure' | 'measure-recursive', field: 'exitMs' | 'recursiveMs'): Promise<number[]> {
    const timer = await asys.createActor(ExitTimer);
    const seen: number[] = [];
    for (let i = 0; i < TRIES; i++) {
      const r = (await asys.ask(timer, what, REPLY_MS)) as Record<string, number> | undefined;
      expect(r).toBeDefined();
      seen.push(r![field]!);
      if (r![field]! < BOUND_MS) break;
    }
    return seen;
  }

  it(`2.2.4 a parent learns of its child's ActorExitRequest exit (ChildActorExited) within ${BOUND_MS} ms`, async () => {
    const seen = await best('measure', 'exitMs');
    expect(Math.min(...seen), `tries: ${seen.map((v) => v.toFixed(1)).join(', ')} ms`).toBeLessThan(BOUND_MS);
  });

  it(`2.2.4 a recursive exit reaches the grandchildren within ${BOUND_MS} ms`, async () => {
    const seen = await best('measure-recursive', 'recursiveMs');
    expect(Math.min(...seen), `tries: ${seen.map((v) => v.toFixed(1)).join(', ')} ms`).toBeLessThan(BOUND_MS);
  });
});

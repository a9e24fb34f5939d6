import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect } from 'vitest';
import type { ActorSystem, LogDefs } from 'thespian-ts';
import { Blast, FloodSender, OrderTally } from '../fixtures/conformance/delivery.js';
import { lines, tempDir } from '../unit/logging-support.js';
import { BASES, REPLY_MS, eventually, itOn, startSystem } from '../support/systems.js';

const DROP_LEVEL = 1500;

function warningsTo(file: string): LogDefs {
  return {
    version: 1,
    formatters: { plain: { format: '%(levelname)s|%(actorClass)s|%(message)s' } },
    handlers: { file: { class: 'file', filename: file, formatter: 'plain', level: 'WARNING' } },
    root: { level: 'DEBUG', handlers: ['file'] },
  };
}

/**
 * Past THESPIAN_DROP_TRANSMITS_LEVEL sends are dropped (spec 9.4.1), but never silently: each
 * is counted in status().counters.transmitsDropped and logged where the starter's log handlers
 * see it. The level is lowered here (env, inherited by admin and actors) to make drops happen.
 */
describe.each(BASES)('9.4.1 drops past THESPIAN_DROP_TRANSMITS_LEVEL (%s)', (base) => {
  let asys: ActorSystem;
  let file: string;
  const saved = process.env.THESPIAN_DROP_TRANSMITS_LEVEL;
  beforeEach(async () => {
    process.env.THESPIAN_DROP_TRANSMITS_LEVEL = String(DROP_LEVEL);
    file = join(tempDir(), 'starter.log');
    asys = await startSystem(base, {}, { logDefs: warningsTo(file) });
  });
  afterEach(async () => {
    await asys.shutdown();
    if (saved === undefined) delete process.env.THESPIAN_DROP_TRANSMITS_LEVEL;
    else process.env.THESPIAN_DROP_TRANSMITS_LEVEL = saved;
  });

  itOn(base, { simpleSystemBase: 'no transmit queue: a send is an in-process enqueue, never dropped' })(
    '9.4.1 5,000 sends from one handler with the drop level at 1,500: the excess is counted in status and logged to the starter',
    async () => {
      const tally = await asys.createActor(OrderTally);
      const blaster = await asys.createActor(FloodSender);
      // Quiet: a reply would join the full queue and be dropped too, blurring the count.
      await asys.tell(blaster, new Blast(tally, 5000, true));
      const status = await eventually(() => asys.status(), (s) => (s.counters.transmitsDropped ?? 0) >= 5000 - DROP_LEVEL, REPLY_MS);
      const dropped = status.counters.transmitsDropped ?? 0;
      // All in one synchronous loop: nothing can leave before the queue reaches the level. A
      // system message queued at that moment (an answer to the status polling here, a route
      // query) counts toward the level too, so one or two more of the 5,000 may be dropped.
      expect(dropped).toBeGreaterThanOrEqual(5000 - DROP_LEVEL);
      expect(dropped).toBeLessThanOrEqual(5000 - DROP_LEVEL + 2);
      const logged = await eventually(() => lines(file), (ls) => ls.some((l) => l.includes('THESPIAN_DROP_TRANSMITS_LEVEL')), REPLY_MS);
      expect(logged.find((l) => l.includes('THESPIAN_DROP_TRANSMITS_LEVEL'))).toMatch(
        new RegExp(`^WARNING\\|FloodSender\\|dropped ${dropped} message\\(s\\) \\(first to .*\\): over THESPIAN_DROP_TRANSMITS_LEVEL \\(1500\\)`),
      );
      if (base !== 'multiprocUDPBase') {
        // UDP may lose datagrams besides (best effort); elsewhere every send is either
        // delivered, in order, or counted as dropped: none is lost in silence.
        const seen = await eventually(async () => (await asys.ask(tally, 'count?', REPLY_MS)) as { count: number }, (c) => c?.count === 5000 - dropped, REPLY_MS);
        expect(seen).toEqual({ count: 5000 - dropped, outOfOrder: 0 });
      }
    },
    30_000,
  );
});

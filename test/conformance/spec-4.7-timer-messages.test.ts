import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StatusRequest, type ActorStatus, type ActorSystem } from 'thespian-ts';
import { Sleeper, WakeupObserver } from '../fixtures/conformance/timers.js';
import { BASES, REPLY_MS, startSystem } from '../support/systems.js';

describe.each(BASES)('4.7 Timer Messages (%s)', (base) => {
  let asys: ActorSystem;
  beforeEach(async () => {
    asys = await startSystem(base);
  });
  afterEach(async () => {
    await asys.shutdown();
  });

  it('5.5 wakeupAfter delivers a WakeupMessage from the actor itself, with delay and payload (release 3.8.0)', async () => {
    const s = await asys.createActor(Sleeper);
    const started = Date.now();
    const reply = await asys.ask(s, [30, { job: 7 }], REPLY_MS);
    expect(reply).toEqual({ payload: { job: 7 }, delay: 30, fromSelf: true });
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
  });

  it('4.7 several wakeups may be pending; each arrives with its own payload', async () => {
    const s = await asys.createActor(Sleeper);
    // Delays long enough that neither is due before the StatusRequest is handled in another process.
    await asys.tell(s, [800, 'second']);
    await asys.tell(s, [400, 'first']);
    const status = (await asys.ask(s, new StatusRequest(), REPLY_MS)) as ActorStatus;
    expect(status.pendingWakeups).toBe(2);
    expect(((await asys.ask(s, [0, 'ignored-arm'], REPLY_MS)) as { payload: unknown }).payload).toBe('ignored-arm');
    const first = (await asys.listen(REPLY_MS)) as { payload: unknown };
    const second = (await asys.listen(REPLY_MS)) as { payload: unknown };
    expect([first.payload, second.payload]).toEqual(['first', 'second']);
  });
});

describe('9.2 simpleSystemBase wakeups (release 2.5.0)', () => {
  let asys: ActorSystem;
  beforeEach(async () => {
    asys = await startSystem('simpleSystemBase');
  });
  afterEach(async () => {
    await asys.shutdown();
  });

  it('9.2 a due wakeup is delivered during a later tell, not in the background', async () => {
    // The wakeup's payload is this array itself: messages are not copied on this base (4.1.1).
    const woken: unknown[] = [];
    const s = await asys.createActor(WakeupObserver);
    await asys.tell(s, [5, woken]);
    await new Promise((r) => setTimeout(r, 30));
    expect(woken).toEqual([]);
    await asys.tell(s, 'anything');
    expect(woken).toEqual(['late']);
  });

  it('9.2 an ask without a pending wakeup inside its timeout returns undefined at once', async () => {
    const s = await asys.createActor(Sleeper);
    await asys.tell(s, [5000, 'much later']);
    const started = Date.now();
    expect(await asys.listen(50)).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

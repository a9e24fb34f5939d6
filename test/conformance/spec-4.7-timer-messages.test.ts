import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ActorBase, Receive, StatusRequest, WakeupMessage, type ActorAddress, type ActorStatus, type ActorSystem } from 'thespian-ts';
import { BASES, startSystem } from '../support/systems.js';

class Sleeper extends ActorBase {
  private client: ActorAddress | undefined;
  private woke: unknown[] = [];
  @Receive(Array) arm([ms, payload]: [number, unknown], sender: ActorAddress) {
    this.client = sender;
    this.wakeupAfter(ms, payload);
  }
  @Receive(WakeupMessage) wake(m: WakeupMessage, sender: ActorAddress) {
    this.woke.push({ payload: m.payload, delay: m.delayPeriod, fromSelf: sender.equals(this.myAddress) });
    if (this.client) this.send(this.client, this.woke.at(-1));
  }
  @Receive(String) text(_m: string, sender: ActorAddress) {
    this.send(sender, this.woke);
  }
}

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
    const reply = await asys.ask(s, [30, { job: 7 }], 2000);
    expect(reply).toEqual({ payload: { job: 7 }, delay: 30, fromSelf: true });
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
  });

  it('4.7 several wakeups may be pending; each arrives with its own payload', async () => {
    const s = await asys.createActor(Sleeper);
    await asys.tell(s, [40, 'second']);
    await asys.tell(s, [10, 'first']);
    const status = (await asys.ask(s, new StatusRequest(), 1000)) as ActorStatus;
    expect(status.pendingWakeups).toBe(2);
    expect(((await asys.ask(s, [0, 'ignored-arm'], 2000)) as { payload: unknown }).payload).toBe('ignored-arm');
    const first = (await asys.listen(2000)) as { payload: unknown };
    const second = (await asys.listen(2000)) as { payload: unknown };
    expect([first.payload, second.payload]).toEqual(['first', 'second']);
  });

  it('7.2 WakeupMessage attributes and equality', () => {
    const w = new WakeupMessage(100, 'p');
    expect(w.delayPeriod).toBe(100);
    expect(w.payload).toBe('p');
    expect(w.equals(new WakeupMessage(100, 'p'))).toBe(true);
    expect(w.equals(new WakeupMessage(101, 'p'))).toBe(false);
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
    const woken: unknown[] = [];
    class Observer extends ActorBase {
      @Receive(Number) arm(ms: number) {
        this.wakeupAfter(ms, 'late');
      }
      @Receive(WakeupMessage) wake(m: WakeupMessage) {
        woken.push(m.payload);
      }
    }
    const s = await asys.createActor(Observer);
    await asys.tell(s, 5);
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

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  Actor,
  ActorBase,
  ActorExitRequest,
  Message,
  PoisonMessage,
  Receive,
  Troupe,
  UpdateTroupeSettings,
  type ActorAddress,
  type ActorSystem,
} from 'thespian-ts';
import { PATTERN_BASES, collect, sleep, startSystem, statusOf } from './patterns-support.js';

/** [n, delayMs]: answers after the delay with which worker handled it. */
@Troupe({ maxCount: 3, idleCount: 3, lingerMs: 60_000 })
class Squarer extends ActorBase {
  @Receive(Array) async square([n, delayMs]: [number, number], sender: ActorAddress): Promise<void> {
    await sleep(delayMs);
    this.send(sender, { n, sq: n * n, by: String(this.myAddress) });
  }
  @Receive(String) text(m: string) {
    if (m === 'boom') throw new Error('boom requested');
  }
}

@Troupe({ maxCount: 4, idleCount: 1, lingerMs: 200 })
class Shrinking extends Squarer {}

@Troupe({ maxCount: 1, idleCount: 1 })
class Narrow extends Squarer {}

@Message()
class Job {
  constructor(
    public id = '',
    public helper: ActorAddress | null = null,
    public useFlag = true,
    public helperDelayMs = 0,
  ) {}
}

/** Answers [delayMs, reply] with `reply` after the delay: another actor the work depends on. */
class Helper extends ActorBase {
  @Receive(Array) async later([delayMs, reply]: [number, unknown], sender: ActorAddress): Promise<void> {
    await sleep(delayMs);
    this.send(sender, reply);
  }
}

/** Multi-step work (spec 8.1): a Job needs a Helper's answer before the client is answered. */
class MultiStep extends ActorBase {
  private readonly open = new Map<string, ActorAddress>();
  private maxOpen = 0;
  @Receive(Job) job(j: Job, sender: ActorAddress) {
    this.open.set(j.id, sender);
    this.maxOpen = Math.max(this.maxOpen, this.open.size);
    if (j.useFlag) this.troupeWorkInProgress = true;
    this.send(j.helper!, [j.helperDelayMs, ['helped', j.id]]);
  }
  @Receive(Array) helped([, id]: [string, string]) {
    const client = this.open.get(id)!;
    this.open.delete(id);
    if (this.open.size === 0) this.troupeWorkInProgress = false;
    this.send(client, { id, maxOpen: this.maxOpen });
  }
}

@Troupe({ maxCount: 1, idleCount: 1 })
class KeepOne extends MultiStep {}

@Troupe({ maxCount: 1, idleCount: 0, lingerMs: 20 })
class DismissIdle extends MultiStep {}

/** Sets troupeWorkInProgress and never resets it: the second failure mode of spec 8.1. */
@Troupe({ maxCount: 1, idleCount: 0, lingerMs: 20 })
class NeverResets extends ActorBase {
  @Receive(String) s(m: string, sender: ActorAddress) {
    this.troupeWorkInProgress = true;
    this.send(sender, `started ${m}`);
  }
}

/** Forwards text to whoever subscribed: lets actors in any process report to the test. */
@Actor()
class Watcher extends ActorBase {
  private subscriber: ActorAddress | undefined;
  @Receive(String) s(m: string, sender: ActorAddress) {
    if (m === 'subscribe') this.subscriber = sender;
    if (this.subscriber) this.send(this.subscriber, m);
  }
}

@Troupe({ maxCount: 2, idleCount: 2 })
class ExitReporter extends Squarer {
  @Receive(ActorExitRequest) bye() {
    const watcher = this.createActor(Watcher, { globalName: 'troupe-exit-watcher' });
    this.send(watcher, this.globalName ? 'leader exiting' : 'worker exiting');
  }
}

describe.each(PATTERN_BASES)('8.1 Actor Troupe Support (%s)', (base) => {
  let asys: ActorSystem;
  beforeEach(async () => {
    asys = await startSystem(base);
  });
  afterEach(async () => {
    await asys.shutdown();
  });

  it('hands each message to exactly one worker, up to maxCount workers', async () => {
    const troupe = await asys.createActor(Squarer);
    for (let n = 0; n < 9; n++) await asys.tell(troupe, [n, 30]);
    const replies = (await collect(asys, 9)) as { n: number; sq: number; by: string }[];
    expect(replies.map((r) => r.n).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(replies.every((r) => r.sq === r.n * r.n)).toBe(true);
    expect(new Set(replies.map((r) => r.by)).size).toBe(3);
    expect(await asys.listen(200)).toBeUndefined(); // no message was handled twice (release 3.9.9)
    expect((await statusOf(asys, troupe))?.childActors).toHaveLength(3);
  });

  it('uses idle workers in turn (round-robin, release 3.9.9)', async () => {
    const troupe = await asys.createActor(Squarer);
    for (let n = 0; n < 3; n++) await asys.tell(troupe, [n, 30]);
    await collect(asys, 3);
    const order: string[] = [];
    for (let n = 0; n < 6; n++) order.push(((await asys.ask(troupe, [n, 0], 5000)) as { by: string }).by);
    expect(new Set(order.slice(0, 3)).size).toBe(3);
    expect(order.slice(3)).toEqual(order.slice(0, 3));
  });

  it("answers 'troupe:set_max_count=N' and 'troupe:set_idle_count=N' with the spec's texts", async () => {
    const troupe = await asys.createActor(Squarer);
    expect(await asys.ask(troupe, 'troupe:set_max_count=9', 2000)).toBe('Set troupe max_count to 9');
    expect(await asys.ask(troupe, 'troupe:set_idle_count=4', 2000)).toBe('Set troupe idle_count to 4');
    const r = await asys.ask(troupe, new UpdateTroupeSettings({ maxCount: 10 }), 2000);
    expect(r).toBeInstanceOf(UpdateTroupeSettings);
    expect(r).toMatchObject({ maxCount: 10, idleCount: 4 });
    expect(await asys.ask(troupe, new UpdateTroupeSettings({ idleCount: 1 }), 2000)).toMatchObject({ maxCount: 10, idleCount: 1 });
    expect(await asys.ask(troupe, 'troupe:status?', 2000)).toMatch(/^Idle=1, Max=10, Troupers \[0, 0 busy\]/);
  });

  it('returns bad settings to the sender as a PoisonMessage that says how to fix them', async () => {
    const troupe = await asys.createActor(Squarer);
    const bad = await asys.ask(troupe, 'troupe:set_max_count=lots', 2000);
    expect(bad).toBeInstanceOf(PoisonMessage);
    expect((bad as PoisonMessage).details).toMatch(/Squarer troupe leader got 'troupe:set_max_count=lots'.*whole number/);
    const zero = await asys.ask(troupe, new UpdateTroupeSettings({ maxCount: 0 }), 2000);
    expect((zero as PoisonMessage).details).toMatch(/Squarer: troupe maxCount must be a whole number >= 1, got 0/);
    expect(await asys.ask(troupe, [3, 0], 2000)).toMatchObject({ sq: 9 });
  });

  it('starts queued work at once when max_count is raised', async () => {
    const troupe = await asys.createActor(Narrow);
    for (let n = 0; n < 3; n++) await asys.tell(troupe, [n, 300]);
    expect((await statusOf(asys, troupe))?.childActors).toHaveLength(1);
    expect(await asys.ask(troupe, 'troupe:set_max_count=3', 2000)).toBe('Set troupe max_count to 3');
    expect((await statusOf(asys, troupe))?.childActors).toHaveLength(3);
    expect(await collect(asys, 3)).toHaveLength(3);
  });

  it('shrinks back to idleCount workers after they linger idle', async () => {
    const troupe = await asys.createActor(Shrinking);
    for (let n = 0; n < 4; n++) await asys.tell(troupe, [n, 30]);
    await collect(asys, 4);
    expect((await statusOf(asys, troupe))?.childActors).toHaveLength(4);
    await asys.listen(3000); // lets the leader's dismissal wakeup fall due (nothing is sent to us)
    await sleep(300); // a multi-process base delivers wakeups on its own
    expect((await statusOf(asys, troupe))?.childActors).toHaveLength(1);
    expect(await asys.ask(troupe, [5, 0], 2000)).toMatchObject({ sq: 25 });
  });

  it("returns a worker's failing message to the original sender as a PoisonMessage", async () => {
    const troupe = await asys.createActor(Squarer);
    const r = await asys.ask(troupe, 'boom', 2000);
    expect(r).toBeInstanceOf(PoisonMessage);
    expect((r as PoisonMessage).poisonMessage).toBe('boom');
    expect((r as PoisonMessage).details).toMatch(/Squarer troupe: .*boom requested/s);
    expect(await asys.ask(troupe, [4, 0], 2000)).toMatchObject({ sq: 16 });
  });

  it.each([true, false])('leader receives its own ActorExitRequest (recursive=%s) and takes the workers with it', async (recursive) => {
    const watcher = await asys.createActor(Watcher, { globalName: 'troupe-exit-watcher' });
    expect(await asys.ask(watcher, 'subscribe', 2000)).toBe('subscribe');
    const troupe = await asys.createActor(ExitReporter, { globalName: 'reporting-troupe' });
    for (let n = 0; n < 2; n++) await asys.tell(troupe, [n, 30]);
    await collect(asys, 2);
    await asys.tell(troupe, new ActorExitRequest(recursive)); // non-recursive too: the workers are the troupe's own
    const reports = await collect(asys, 3);
    expect(reports.sort()).toEqual(['leader exiting', 'worker exiting', 'worker exiting']);
    expect(await statusOf(asys, troupe)).toBeUndefined();
    expect(await asys.listen(300)).toBeUndefined(); // each worker exited once
  });

  describe('troupeWorkInProgress for multi-step work', () => {
    let helper: ActorAddress;
    beforeEach(async () => {
      helper = await asys.createActor(Helper);
    });

    it('with the flag set, a worker finishes one job before it gets the next', async () => {
      const troupe = await asys.createActor(KeepOne);
      await asys.tell(troupe, new Job('a', helper, true, 100));
      await asys.tell(troupe, new Job('b', helper, true, 100));
      const replies = await collect(asys, 2);
      expect(replies).toEqual([
        { id: 'a', maxOpen: 1 },
        { id: 'b', maxOpen: 1 },
      ]);
    });

    it('failure mode (a): without the flag the worker gets more work before it has finished', async () => {
      const troupe = await asys.createActor(KeepOne);
      await asys.tell(troupe, new Job('a', helper, false, 100));
      await asys.tell(troupe, new Job('b', helper, false, 100));
      const replies = (await collect(asys, 2)) as { maxOpen: number }[];
      expect(replies.map((r) => r.maxOpen)).toEqual([2, 2]);
    });

    it('failure mode (b): without the flag the idle-looking worker is dismissed and the work is lost', async () => {
      const troupe = await asys.createActor(DismissIdle);
      await asys.tell(troupe, new Job('lost', helper, false, 300));
      expect(await asys.listen(1500)).toBeUndefined();
      const flagged = await asys.createActor(DismissIdle);
      await asys.tell(flagged, new Job('kept', helper, true, 300));
      expect(await asys.listen(5000)).toEqual({ id: 'kept', maxOpen: 1 });
    });

    it('never resetting the flag: the worker gets no more work and is never dismissed', async () => {
      const troupe = await asys.createActor(NeverResets);
      expect(await asys.ask(troupe, 'one', 2000)).toBe('started one');
      await asys.tell(troupe, 'two');
      expect(await asys.listen(300)).toBeUndefined(); // 'two' waits: the only worker looks busy
      await sleep(100);
      expect((await statusOf(asys, troupe))?.childActors).toHaveLength(1); // not dismissed though idleCount is 0
      await asys.tell(troupe, 'troupe:set_max_count=2');
      expect(await collect(asys, 2)).toEqual(['Set troupe max_count to 2', 'started two']);
    });
  });
});

import { describe, expect, it } from 'vitest';
import { HysteresisSender } from '../../framework/convention/hysteresis-sender.js';
import { ManualClock } from '../support/manual-clock.js';

class Reg {
  constructor(
    readonly who: string,
    readonly n = 0,
  ) {}
  equals(o: unknown): boolean {
    return o instanceof Reg && o.who === this.who;
  }
}

function setup(): { clock: ManualClock; sent: { at: number; target: string; message: unknown }[]; h: HysteresisSender } {
  const clock = new ManualClock();
  const sent: { at: number; target: string; message: unknown }[] = [];
  const h = new HysteresisSender((target, message) => void sent.push({ at: clock.now(), target, message }), { scheduler: clock });
  return { clock, sent, h };
}

describe('4.11 hysteresis sender (Thespian system/transport/hysteresis.py)', () => {
  it('4.11 the first send goes at once and opens a 250 ms blackout; a send inside it waits for its end', () => {
    const { clock, sent, h } = setup();
    h.send('a', 'one');
    expect(sent).toEqual([{ at: 0, target: 'a', message: 'one' }]);
    expect(h.periodMs).toBe(250);
    clock.advance(10);
    h.send('b', 'two');
    expect(sent).toHaveLength(1);
    // The queued send stretched the window x1.2 (250 -> 300 ms), measured from its opening.
    expect(h.periodMs).toBe(300);
    clock.advance(289);
    expect(sent).toHaveLength(1);
    clock.advance(1);
    expect(sent[1]).toEqual({ at: 300, target: 'b', message: 'two' });
  });

  it('4.11 each send in a blackout stretches it x1.2, up to 45 s', () => {
    const { clock, h } = setup();
    h.send('a', 0);
    const periods: number[] = [];
    for (let i = 1; i <= 40; i++) {
      h.send('a', i);
      periods.push(h.periodMs);
    }
    expect(periods[0]).toBeCloseTo(300);
    expect(periods[1]).toBeCloseTo(360);
    expect(periods[2]).toBeCloseTo(432);
    expect(Math.max(...periods)).toBe(45_000);
    expect(periods.at(-1)).toBe(45_000);
    clock.advance(0);
  });

  it('4.11 a queued send is replaced by a newer equal one to the same target (the newer goes, in its place at the end)', () => {
    const { clock, sent, h } = setup();
    h.send('leader', new Reg('m1', 0));
    h.send('leader', new Reg('m1', 1));
    h.send('other', new Reg('m1', 2)); // another target: not a duplicate
    h.send('leader', 'ping');
    h.send('leader', new Reg('m1', 3)); // replaces n=1
    expect(h.queued).toBe(3);
    clock.advance(45_000);
    expect(sent.map((s) => [s.target, s.message instanceof Reg ? s.message.n : s.message])).toEqual([
      ['leader', 0],
      ['other', 2],
      ['leader', 'ping'],
      ['leader', 3],
    ]);
  });

  it('4.11 idle windows shrink the period /1.2 each until sends are immediate again', () => {
    const { clock, sent, h } = setup();
    h.send('a', 0);
    for (let i = 1; i <= 10; i++) h.send('a', i); // distinct numbers: none replaces another
    const stretched = h.periodMs;
    expect(stretched).toBeCloseTo(250 * 1.2 ** 10);
    clock.advance(stretched); // the queue goes out, the period shrinks once
    expect(sent).toHaveLength(11);
    expect(h.periodMs).toBeCloseTo(250 * 1.2 ** 9);
    // Idle: window after window the period shrinks, until it is under 250 ms and drops to 0.
    let t = 0;
    while (h.periodMs > 0 && t < 100) {
      clock.advance(h.periodMs);
      t++;
    }
    expect(h.periodMs).toBe(0);
    expect(t).toBe(10);
    expect(clock.pending).toBe(0);
    h.send('a', 'now');
    expect(sent.at(-1)).toEqual({ at: clock.now(), target: 'a', message: 'now' });
  });

  it('4.11 cancel drops the queued sends to a lost target only; close drops everything and stops the timer', () => {
    const { clock, sent, h } = setup();
    h.send('a', 1);
    h.send('a', 2);
    h.send('b', 3);
    expect(h.cancel('a')).toBe(1);
    clock.advance(1000);
    expect(sent.map((s) => s.message)).toEqual([1, 3]);
    h.send('a', 4); // the blackout has decayed by now: at once
    h.send('a', 5); // queued
    h.close();
    expect(clock.pending).toBe(0);
    h.send('a', 6);
    clock.advance(60_000);
    expect(sent.map((s) => s.message)).toEqual([1, 3, 4]);
  });
});

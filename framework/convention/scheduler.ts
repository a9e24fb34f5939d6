/**
 * Time for the convention's timers, injectable so protocol tests are exact: a test passes a
 * manual clock (or uses vitest fake timers with the default) instead of sleeping.
 */
export interface Scheduler {
  now(): number;
  /** Runs `fn` after `ms`; the returned function cancels it. Never keeps the process alive. */
  after(ms: number, fn: () => void): () => void;
}

export const realScheduler: Scheduler = {
  now: () => Date.now(),
  after(ms, fn) {
    const t = setTimeout(fn, Math.max(0, ms));
    // Convention timers are housekeeping: the admin's own handles decide when it exits.
    t.unref?.();
    return () => clearTimeout(t);
  },
};

import { availableParallelism } from 'node:os';
import type { ChildProcess } from 'node:child_process';

export interface Spare {
  proc: ChildProcess;
  route?: string;
}

/**
 * THESPIAN_SPARE_PROCESSES: warm actor processes kept booted for the next createActor. The
 * default, two per core (at least 2, at most 8), lets a burst of creations start at once;
 * each idle spare costs one actor process's memory (about 10-15 MiB PSS with the bundled
 * runtime). 0 boots a process per creation.
 */
export function defaultSpareCount(): number {
  const env = process.env.THESPIAN_SPARE_PROCESSES;
  if (env !== undefined && env !== '') {
    const n = Number(env);
    if (Number.isInteger(n) && n >= 0) return n;
  }
  return Math.min(8, Math.max(2, 2 * availableParallelism()));
}

/** Boots at once: one core stays free for the actors already running. */
export function maxConcurrentBoots(): number {
  return Math.max(1, availableParallelism() - 1);
}

/**
 * The admin's pool of spare actor processes. Spares are refilled in the background, at most
 * `maxConcurrentBoots()` booting at a time, so a burst of creations takes the warm ones and
 * then queues for boots rather than starting them all at once on a machine with few cores.
 * Until the first creation only one spare is kept: a system that never creates an actor
 * does not pay for a full pool.
 */
export class SparePool {
  private readonly ready: Spare[] = [];
  private readonly booting = new Set<ChildProcess>();
  private readonly waiters: { resolve: (s: Spare) => void; reject: (e: Error) => void }[] = [];
  private primed = false;
  private closed = false;
  private bootFailures = 0;

  constructor(
    private readonly target: number,
    /** Spawns a spare; undefined when the spawn threw (it reported that through spawnFailed). */
    private readonly boot: () => ChildProcess | undefined,
    private readonly maxBoots = maxConcurrentBoots(),
  ) {}

  get readyCount(): number {
    return this.ready.length;
  }

  get bootingCount(): number {
    return this.booting.size;
  }

  isSpare(proc: ChildProcess): boolean {
    return this.booting.has(proc) || this.ready.some((s) => s.proc === proc);
  }

  /** Starts the background refill. */
  start(): void {
    this.refill();
  }

  take(): Promise<Spare> {
    this.primed = true;
    const spare = this.ready.shift();
    const waiting = spare ? Promise.resolve(spare) : new Promise<Spare>((resolve, reject) => this.waiters.push({ resolve, reject }));
    this.refill();
    return waiting;
  }

  /** A spare announced itself: hand it to the oldest waiter, or keep it. */
  announced(proc: ChildProcess, route: string): void {
    if (!this.booting.delete(proc)) return;
    this.bootFailures = 0;
    const spare: Spare = { proc, route };
    const waiter = this.waiters.shift();
    if (waiter) waiter.resolve(spare);
    else this.ready.push(spare);
    this.refill();
  }

  /** A process exited: if it was a spare, replace it (unless spares keep dying while booting). */
  exited(proc: ChildProcess, why: string): void {
    const at = this.ready.findIndex((s) => s.proc === proc);
    if (at >= 0) this.ready.splice(at, 1);
    if (!this.booting.delete(proc) && at < 0) return;
    if (at < 0 && ++this.bootFailures >= 3) {
      const err = new Error(`actor processes exit while booting (last: ${why}); the admin's stderr or THESPLOG_FILE says why`);
      for (const w of this.waiters.splice(0)) w.reject(err);
      this.bootFailures = 0;
      return;
    }
    this.refill();
  }

  /**
   * A process that will never announce itself (the spawn threw, or failed before it had a
   * pid) fails the oldest waiting creation at once: left waiting, every later creation would
   * take the spare meant for the one before it.
   */
  spawnFailed(proc: ChildProcess | undefined, error: Error): void {
    if (proc) this.booting.delete(proc);
    process.nextTick(() => this.waiters.shift()?.reject(error));
  }

  /** Shutdown: no more boots; returns the spares (ready or booting) to stop. */
  close(): ChildProcess[] {
    this.closed = true;
    const err = new Error('the actor system is shutting down');
    for (const w of this.waiters.splice(0)) w.reject(err);
    return [...this.ready.splice(0).map((s) => s.proc), ...this.booting];
  }

  private refill(): void {
    if (this.closed) return;
    const want = (this.primed ? this.target : Math.min(1, this.target)) + this.waiters.length;
    while (this.ready.length + this.booting.size < want && this.booting.size < this.maxBoots) {
      const proc = this.boot();
      // A spawn that throws fails now; trying again in this loop would only fail again.
      if (!proc) return;
      this.booting.add(proc);
    }
  }
}

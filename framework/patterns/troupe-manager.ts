import type { ActorAddress } from '../actor/index.js';
import { checkTroupeSettings, type TroupeSettings } from './troupe-settings.js';

/** One message the leader accepted, until a worker reports it done. */
export interface WorkItem {
  id: number;
  message: unknown;
  sender: ActorAddress;
  /** How many workers it was handed to (a worker that exits mid-work gets one replacement). */
  tries: number;
}

/** What the manager asks of the leader actor; a fake in tests. */
export interface TroupePort {
  createWorker(): ActorAddress;
  assign(worker: ActorAddress, item: WorkItem): void;
  dismiss(worker: ActorAddress): void;
  wakeupAfter(ms: number): void;
  /** Tell the item's sender its message could not be handled (a PoisonMessage). */
  fail(item: WorkItem, reason: string): void;
  now(): number;
}

interface Worker {
  address: ActorAddress;
  work: WorkItem | undefined;
  idleSince: number;
}

/**
 * The leader's bookkeeping (spec 8.1, releases 3.9.8 and 3.9.9): each message goes to
 * exactly one worker, idle workers are used in turn, workers are created on demand up to
 * maxCount, and workers beyond idleCount are dismissed after lingering idle for lingerMs.
 * Pure: every effect goes through the port, so the rules are testable without a system.
 */
export class TroupeManager {
  private readonly workers: Worker[] = [];
  private readonly pending: WorkItem[] = [];
  private nextIndex = 0;
  private lastId = 0;
  private dismissScheduled = false;

  constructor(
    private readonly owner: string,
    readonly settings: TroupeSettings,
    private readonly port: TroupePort,
  ) {}

  get workerCount(): number {
    return this.workers.length;
  }

  get idleWorkerCount(): number {
    return this.workers.filter((w) => !w.work).length;
  }

  get pendingCount(): number {
    return this.pending.length;
  }

  submit(message: unknown, sender: ActorAddress): void {
    this.lastId = (this.lastId % 0x7fffffff) + 1;
    this.dispatch({ id: this.lastId, message, sender, tries: 0 });
  }

  /** A worker finished work `id`; stale or repeated reports are ignored. */
  ready(worker: ActorAddress, id: number): void {
    const w = this.find(worker);
    if (!w || !w.work || w.work.id !== id) return;
    w.work = undefined;
    w.idleSince = this.port.now();
    if (this.workers.length > this.settings.maxCount) {
      // Spec 8.1: a lowered max_count takes effect as workers finish their work.
      this.remove(w);
      this.port.dismiss(w.address);
      return;
    }
    const next = this.pending.shift();
    if (next) this.assign(w, next);
    else this.scheduleDismissal();
  }

  /** The worker's handler failed twice on work `id`: its sender hears, the worker carries on. */
  poisoned(worker: ActorAddress, id: number, details: string | null): void {
    const w = this.find(worker);
    if (!w || !w.work || w.work.id !== id) return;
    this.port.fail(w.work, details ?? 'the worker failed handling it twice');
    this.ready(worker, id);
  }

  /** Returns false when `address` is not one of this troupe's workers. */
  workerExited(address: ActorAddress): boolean {
    const w = this.find(address);
    if (!w) return false;
    this.remove(w);
    const item = w.work;
    if (item) {
      if (item.tries < 2) this.dispatch(item, true);
      else this.port.fail(item, `${this.owner}: two troupe workers exited while handling it; the work is abandoned`);
    }
    return true;
  }

  /** The dismissal wakeup: workers idle beyond idleCount for lingerMs are told to exit. */
  dismissCheck(): void {
    this.dismissScheduled = false;
    const now = this.port.now();
    const idle = this.workers.filter((w) => !w.work).sort((a, b) => a.idleSince - b.idleSince);
    let excess = idle.length - this.settings.idleCount;
    for (const w of idle) {
      if (excess <= 0) return;
      if (now - w.idleSince < this.settings.lingerMs) {
        this.dismissScheduled = true;
        this.port.wakeupAfter(Math.max(1, this.settings.lingerMs - (now - w.idleSince)));
        return;
      }
      this.remove(w);
      this.port.dismiss(w.address);
      excess--;
    }
  }

  /** New counts apply now where they can: more room starts queued work at once. */
  update(changes: Partial<Pick<TroupeSettings, 'maxCount' | 'idleCount'>>): void {
    checkTroupeSettings(this.owner, changes);
    if (changes.maxCount !== undefined) this.settings.maxCount = changes.maxCount;
    if (changes.idleCount !== undefined) this.settings.idleCount = changes.idleCount;
    while (this.pending.length && this.workers.length < this.settings.maxCount) this.dispatch(this.pending.shift()!, true);
    for (const w of this.workers.filter((x) => !x.work)) {
      if (this.workers.length <= this.settings.maxCount) break;
      this.remove(w);
      this.port.dismiss(w.address);
    }
    this.scheduleDismissal();
  }

  /** The leader is exiting: forget the workers (telling them to exit when `tell`) and the queue. */
  dismissAll(tell: boolean): void {
    for (const w of this.workers.splice(0)) if (tell) this.port.dismiss(w.address);
    this.pending.length = 0;
  }

  describe(): string {
    const busy = this.workers.length - this.idleWorkerCount;
    return (
      `Idle=${this.settings.idleCount}, Max=${this.settings.maxCount}, Troupers [${this.workers.length}, ${busy} busy]: ` +
      `${this.workers.map((w) => `${w.work ? 'B:' : 'I:'}${String(w.address)}`).join(', ')}, Pending=${this.pending.length}`
    );
  }

  private dispatch(item: WorkItem, front = false): void {
    const idle = this.nextIdle();
    if (idle) return this.assign(idle, item);
    if (this.workers.length < this.settings.maxCount) {
      const w: Worker = { address: this.port.createWorker(), work: undefined, idleSince: this.port.now() };
      this.workers.push(w);
      return this.assign(w, item);
    }
    if (front) this.pending.unshift(item);
    else this.pending.push(item);
  }

  /** Round-robin (release 3.9.9): the search starts after the worker used last. */
  private nextIdle(): Worker | undefined {
    const n = this.workers.length;
    for (let i = 0; i < n; i++) {
      const idx = (this.nextIndex + i) % n;
      const w = this.workers[idx]!;
      if (!w.work) {
        this.nextIndex = (idx + 1) % n;
        return w;
      }
    }
    return undefined;
  }

  private assign(w: Worker, item: WorkItem): void {
    item.tries++;
    w.work = item;
    this.port.assign(w.address, item);
  }

  private scheduleDismissal(): void {
    if (this.dismissScheduled || this.idleWorkerCount <= this.settings.idleCount) return;
    this.dismissScheduled = true;
    this.port.wakeupAfter(this.settings.lingerMs);
  }

  private find(address: ActorAddress): Worker | undefined {
    return this.workers.find((w) => w.address.equals(address));
  }

  private remove(w: Worker): void {
    const idx = this.workers.indexOf(w);
    if (idx < 0) return;
    this.workers.splice(idx, 1);
    if (idx < this.nextIndex) this.nextIndex--;
    if (this.nextIndex >= this.workers.length) this.nextIndex = 0;
  }
}

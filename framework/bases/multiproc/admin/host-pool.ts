import type { ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import type { Capabilities } from '../../../actor/context.js';
import type { WireSpec } from '../protocol.js';
import { describeWire } from '../spec-transfer.js';
import type { Entry } from './admin-entry.js';
import type { Spare } from './spare-pool.js';

/** The capability that turns pooled mode on: true (a host per core) or a number of hosts. */
export const POOLED_ACTORS = 'Pooled Actors';

/** How many host processes the capabilities ask for; 0: pooled mode is off. */
export function pooledHostCount(capabilities: Capabilities): number {
  const v = capabilities[POOLED_ACTORS];
  if (v === true) return availableParallelism();
  return typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : 0;
}

interface Host extends Spare {
  readonly actors: Set<Entry>;
  /** Taken for a creation not yet assigned: creations handled together spread as if they were. */
  reserved: number;
  stopping?: boolean;
}

/**
 * Pooled mode (issue 10 item 4): a few host processes, each running many actors. A creation
 * takes the ready host with the fewest actors; an actor class marked `static isolated` is
 * sent back by its host and keeps a process of its own (its spec is remembered, so the
 * next one goes there at once). A host that dies takes its actors with it: `exited` returns
 * them, and each is an actor whose process died.
 */
export class HostPool {
  private readonly hosts: Host[] = [];
  private readonly waiters: { resolve: (h: Host) => void; reject: (e: Error) => void }[] = [];
  private readonly isolatedSpecs = new Set<string>();
  private bootFailures = 0;
  private closed = false;

  constructor(
    readonly size: number,
    /** Spawns a host; undefined when the spawn threw (reported by the caller). */
    private readonly boot: () => ChildProcess | undefined,
  ) {}

  get enabled(): boolean {
    return this.size > 0;
  }

  get count(): number {
    return this.hosts.length;
  }

  /** Whether an actor of `spec` goes to a host. */
  pools(spec: WireSpec): boolean {
    return this.enabled && !this.isolatedSpecs.has(describeWire(spec));
  }

  markIsolated(spec: WireSpec): void {
    this.isolatedSpecs.add(describeWire(spec));
  }

  /** A host taken for a creation that will not happen. */
  unreserve(host: Host): void {
    host.reserved = Math.max(0, host.reserved - 1);
  }

  hostOf(proc: ChildProcess): Host | undefined {
    return this.hosts.find((h) => h.proc === proc);
  }

  /** One host now, so the first creation finds it warm; the rest at the first creation. */
  start(): void {
    this.fill(1);
  }

  take(): Promise<Spare> {
    this.fill(this.size);
    let best: Host | undefined;
    const load = (h: Host) => h.actors.size + h.reserved;
    for (const h of this.hosts) if (h.route !== undefined && !h.stopping && (!best || load(h) < load(best))) best = h;
    if (best) {
      best.reserved++;
      return Promise.resolve(best);
    }
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  /** A host said hello on `route`: waiting creations take it. False when `proc` is not a host. */
  announced(proc: ChildProcess, route: string): boolean {
    const host = this.hostOf(proc);
    if (!host) return false;
    host.route = route;
    this.bootFailures = 0;
    for (const w of this.waiters.splice(0)) {
      host.reserved++;
      w.resolve(host);
    }
    return true;
  }

  assign(entry: Entry, host: Host): void {
    host.reserved = Math.max(0, host.reserved - 1);
    host.actors.add(entry);
    entry.pooled = true;
  }

  release(entry: Entry): void {
    if (!entry.pooled || entry.proc === undefined) return;
    this.hostOf(entry.proc)?.actors.delete(entry);
  }

  /** A host process exited: the actors it ran (the caller reports each as dead). */
  exited(proc: ChildProcess, why: string): Entry[] | undefined {
    const at = this.hosts.findIndex((h) => h.proc === proc);
    if (at < 0) return undefined;
    const [host] = this.hosts.splice(at, 1);
    if (host!.route === undefined && ++this.bootFailures >= 3) {
      const err = new Error(`pooled host processes exit while booting (last: ${why}); the admin's stderr or THESPLOG_FILE says why`);
      for (const w of this.waiters.splice(0)) w.reject(err);
      this.bootFailures = 0;
    } else if (this.waiters.length !== 0) this.fill(this.size);
    return [...host!.actors];
  }

  /** A spawn that threw: the oldest waiting creation fails now rather than wait for a host that will not come. */
  spawnFailed(proc: ChildProcess | undefined, error: Error): void {
    if (proc) {
      const at = this.hosts.findIndex((h) => h.proc === proc);
      if (at >= 0) this.hosts.splice(at, 1);
    }
    process.nextTick(() => this.waiters.shift()?.reject(error));
  }

  /** Shutdown: no more hosts; waiting creations fail. */
  close(): void {
    this.closed = true;
    const err = new Error('the actor system is shutting down');
    for (const w of this.waiters.splice(0)) w.reject(err);
  }

  /** Shutdown: hosts whose actors have all exited (after their ActorExitRequest) are stopped. */
  stopIdle(): void {
    for (const h of this.hosts) {
      if (h.stopping || [...h.actors].some((e) => e.state !== 'dead')) continue;
      h.stopping = true;
      h.proc.kill('SIGTERM');
    }
  }

  private fill(want: number): void {
    while (!this.closed && this.hosts.length < Math.min(want, this.size)) {
      const proc = this.boot();
      if (!proc) return;
      this.hosts.push({ proc, actors: new Set(), reserved: 0 });
    }
  }
}

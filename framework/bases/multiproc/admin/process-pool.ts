import type { ChildProcess } from 'node:child_process';
import type { IpcTransport, Transport } from '../../../transport/index.js';
import type { ChildConfig } from '../node-config.js';
import { spawnEntry } from '../spawn.js';
import { secretEnv } from '../system-secret.js';
import { typeScriptHint } from '../typescript-hint.js';
import { defaultSpareCount, SparePool, type Spare } from './spare-pool.js';
import { HostPool, pooledHostCount } from './host-pool.js';
import type { WireSpec } from '../protocol.js';
import type { AdminOptions, Entry } from './admin-entry.js';

/**
 * The admin's actor processes: warm spares, which process hosts which actor, and what
 * happens when one exits (also by kill -9): `onDeath` hears of every actor whose process died.
 */
export class ProcessPool {
  private readonly byPid = new Map<number, Entry>();
  private readonly all = new Set<ChildProcess>();
  /** Where each process of this system listens, once it said so. */
  private readonly routes = new Map<ChildProcess, string>();
  private readonly spares: SparePool;
  /** Pooled mode's host processes (empty unless the capability 'Pooled Actors' asks for them). */
  private readonly hosts: HostPool;
  /** Set once this system is seen to run TypeScript actors: new spares preload tsx. */
  private typescript: { tsconfig: string } | undefined;
  private stopping = false;

  constructor(
    private readonly transport: Transport,
    private readonly adminKey: string,
    private readonly options: AdminOptions,
    private readonly allowedRoots: string[],
    private readonly onDeath: (entry: Entry) => void,
  ) {
    this.typescript = typeScriptHint(options.registry);
    this.spares = new SparePool(options.spares ?? defaultSpareCount(), () => this.spawnSpare());
    this.hosts = new HostPool(pooledHostCount(options.capabilities), () => this.spawnSpare(true));
  }

  start(): void {
    // Pooled: a host is warm for the first creation; a spare boots when an isolated actor wants one.
    if (this.hosts.enabled) this.hosts.start();
    else this.spares.start();
  }

  /** Whether an actor of `spec` runs in a pooled host rather than a process of its own. */
  pools(spec: WireSpec): boolean {
    return this.hosts.pools(spec);
  }

  /** Actor processes in use (THESPIAN_MAX_ACTOR_PROCESSES counts processes): a host counts once. */
  processesInUse(liveActors: () => number): number {
    return this.hosts.enabled ? this.byPid.size + this.hosts.count : liveActors();
  }

  /** Pooled mode: `spec` is an isolated class; it and the next of its kind get a process of their own. */
  isolate(entry: Entry, spec: WireSpec): void {
    this.hosts.markIsolated(spec);
    this.release(entry);
    entry.pooled = false;
  }

  /** A process taken for a creation that will not happen (shutdown): a spare is killed, a host kept. */
  giveBack(spare: Spare): void {
    const host = this.hosts.hostOf(spare.proc);
    if (host) this.hosts.unreserve(host);
    else spare.proc.kill('SIGKILL');
  }

  get readyCount(): number {
    return this.spares.readyCount;
  }

  get bootingCount(): number {
    return this.spares.bootingCount;
  }

  /** A module about to be started: if it is TypeScript, spares from now on preload the loader. */
  noteModule(file: string | undefined): void {
    this.typescript ??= typeScriptHint(file);
  }

  take(pooled = false): Promise<Spare> {
    return pooled ? this.hosts.take() : this.spares.take();
  }

  /** `entry` now runs in `spare`'s process. */
  assign(entry: Entry, spare: Spare): void {
    entry.proc = spare.proc;
    entry.pid = spare.proc.pid;
    entry.route = spare.route;
    const host = this.hosts.hostOf(spare.proc);
    if (host) this.hosts.assign(entry, host);
    else if (spare.proc.pid !== undefined) this.byPid.set(spare.proc.pid, entry);
  }

  release(entry: Entry): void {
    if (entry.pooled) return this.hosts.release(entry);
    if (entry.pid !== undefined && this.byPid.get(entry.pid) === entry) this.byPid.delete(entry.pid);
  }

  /** A spare said hello on `route`. */
  spareReady(route: string, pid: number): void {
    for (const proc of this.all) {
      if (proc.pid !== pid) continue;
      this.routes.set(proc, route);
      return void (this.hosts.announced(proc, route) || this.spares.announced(proc, route));
    }
  }

  /** True when `route` is where a live process of this system listens (another system may never claim it). */
  ownsRoute(route: string): boolean {
    for (const r of this.routes.values()) if (r === route) return true;
    return false;
  }

  private spawnSpare(pooled = false): ChildProcess | undefined {
    const kind = this.options.transportKind;
    const config: ChildConfig = {
      transport: kind,
      host: this.options.host,
      adminRoute: kind === 'ipc' ? 'admin' : this.transport.address,
      adminKey: this.adminKey,
      ...(this.options.registry ? { registry: this.options.registry } : {}),
      allowedRoots: this.allowedRoots,
      ...(this.typescript ? { typescript: this.typescript } : {}),
      ...(this.options.tls ? { tls: this.options.tls } : {}),
      ...(pooled ? { pooled } : {}),
    };
    let proc: ChildProcess;
    try {
      proc = spawnEntry('actor-main', [JSON.stringify(config)], {
        stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
        ...(this.options.secret ? { env: secretEnv(this.options.secret, this.options.conventionLinkKey) } : {}),
        advancedIpc: kind === 'ipc',
      });
    } catch (err) {
      // Some spawn failures (E2BIG, ...) throw instead of emitting 'error'.
      this.spawnFailed(undefined, err as Error, pooled);
      return undefined;
    }
    this.all.add(proc);
    if (kind === 'ipc' && proc.pid !== undefined) (this.transport as IpcTransport).attach(`c${proc.pid}`, proc);
    proc.on('exit', (code, signal) => this.exited(proc, code, signal));
    proc.on('error', (err) => {
      if (proc.pid !== undefined) return void this.options.log('error', `actor process ${proc.pid}: ${err.message}`);
      // Never started (EMFILE, EAGAIN, ...): no 'exit' will follow.
      this.all.delete(proc);
      this.spawnFailed(proc, err, pooled);
    });
    return proc;
  }

  private spawnFailed(proc: ChildProcess | undefined, error: Error, pooled: boolean): void {
    const message = `could not start an actor ${pooled ? 'host ' : ''}process: ${error.message}`;
    this.options.log('error', message);
    if (pooled) this.hosts.spawnFailed(proc, new Error(message));
    else this.spares.spawnFailed(proc, new Error(message));
  }

  private exited(proc: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    this.all.delete(proc);
    this.routes.delete(proc);
    if (this.spares.isSpare(proc)) {
      if (!this.stopping) this.options.log('warning', `spare actor process ${proc.pid} exited: ${signal ?? `exit code ${code}`}`);
      this.spares.exited(proc, signal ?? `exit code ${code}`);
    }
    const hosted = this.hosts.exited(proc, signal ?? `exit code ${code}`);
    if (hosted) {
      const lost = hosted.filter((e) => e.state !== 'dead');
      if (lost.length !== 0) this.options.log('warning', `pooled host process ${proc.pid} died (${signal ?? `exit code ${code}`}) with ${lost.length} actor(s): ${lost.slice(0, 5).map((e) => `${e.label} (${e.key})`).join(', ')}${lost.length > 5 ? ', ...' : ''}`);
      for (const e of lost) this.onDeath(e);
      return;
    }
    const entry = proc.pid !== undefined ? this.byPid.get(proc.pid) : undefined;
    if (!entry) return;
    this.byPid.delete(proc.pid!);
    if (entry.state !== 'dead') {
      if (code !== 0) this.options.log('warning', `actor ${entry.label} (${entry.key}, pid ${proc.pid}) died: ${signal ?? `exit code ${code}`}`);
      this.onDeath(entry);
    }
  }

  /** Spec 6.3: spares stop at once; actor processes get `graceMs` to exit after their ActorExitRequest, then are killed. */
  async stopAll(graceMs = 5000): Promise<void> {
    this.stopping = true;
    this.spares.close();
    this.hosts.close();
    for (const p of this.all) if ((p.pid === undefined || !this.byPid.has(p.pid)) && !this.hosts.hostOf(p)) p.kill('SIGTERM');
    const until = Date.now() + graceMs;
    while (this.all.size > 0 && Date.now() < until) {
      // A host stops once every actor it ran has exited.
      this.hosts.stopIdle();
      await new Promise((r) => setTimeout(r, 20));
    }
    for (const p of this.all) p.kill('SIGKILL');
    const hard = Date.now() + 2000;
    while (this.all.size > 0 && Date.now() < hard) await new Promise((r) => setTimeout(r, 20));
  }
}

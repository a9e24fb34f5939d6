import type { ChildProcess } from 'node:child_process';
import type { IpcTransport, Transport } from '../../../transport/index.js';
import type { ChildConfig } from '../node-config.js';
import { spawnEntry } from '../spawn.js';
import { secretEnv } from '../system-secret.js';
import { typeScriptHint } from '../typescript-hint.js';
import { defaultSpareCount, SparePool, type Spare } from './spare-pool.js';
import type { AdminOptions, Entry } from './admin-entry.js';

/**
 * The admin's actor processes: warm spares, which process hosts which actor, and what
 * happens when one exits (also by kill -9): `onDeath` hears of every actor whose process died.
 */
export class ProcessPool {
  private readonly byPid = new Map<number, Entry>();
  private readonly all = new Set<ChildProcess>();
  private readonly spares: SparePool;
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
  }

  start(): void {
    this.spares.start();
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

  take(): Promise<Spare> {
    return this.spares.take();
  }

  /** `entry` now runs in `spare`'s process. */
  assign(entry: Entry, spare: Spare): void {
    entry.proc = spare.proc;
    entry.pid = spare.proc.pid;
    entry.route = spare.route;
    if (spare.proc.pid !== undefined) this.byPid.set(spare.proc.pid, entry);
  }

  release(entry: Entry): void {
    if (entry.pid !== undefined) this.byPid.delete(entry.pid);
  }

  /** A spare said hello on `route`. */
  spareReady(route: string, pid: number): void {
    for (const proc of this.all) {
      if (proc.pid === pid) return this.spares.announced(proc, route);
    }
  }

  private spawnSpare(): ChildProcess | undefined {
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
      this.spawnFailed(undefined, err as Error);
      return undefined;
    }
    this.all.add(proc);
    if (kind === 'ipc' && proc.pid !== undefined) (this.transport as IpcTransport).attach(`c${proc.pid}`, proc);
    proc.on('exit', (code, signal) => this.exited(proc, code, signal));
    proc.on('error', (err) => {
      if (proc.pid !== undefined) return void this.options.log('error', `actor process ${proc.pid}: ${err.message}`);
      // Never started (EMFILE, EAGAIN, ...): no 'exit' will follow.
      this.all.delete(proc);
      this.spawnFailed(proc, err);
    });
    return proc;
  }

  private spawnFailed(proc: ChildProcess | undefined, error: Error): void {
    const message = `could not start an actor process: ${error.message}`;
    this.options.log('error', message);
    this.spares.spawnFailed(proc, new Error(message));
  }

  private exited(proc: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    this.all.delete(proc);
    if (this.spares.isSpare(proc)) {
      if (!this.stopping) this.options.log('warning', `spare actor process ${proc.pid} exited: ${signal ?? `exit code ${code}`}`);
      this.spares.exited(proc, signal ?? `exit code ${code}`);
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
    for (const p of this.all) if (p.pid === undefined || !this.byPid.has(p.pid)) p.kill('SIGTERM');
    const until = Date.now() + graceMs;
    while (this.all.size > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    for (const p of this.all) p.kill('SIGKILL');
    const hard = Date.now() + 2000;
    while (this.all.size > 0 && Date.now() < hard) await new Promise((r) => setTimeout(r, 20));
  }
}

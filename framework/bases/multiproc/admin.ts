import type { ChildProcess } from 'node:child_process';
import { ActorAddress } from '../../actor/address.js';
import { describeValue } from '../../actor/errors.js';
import { ActorExitRequest, ChildActorExited, DeadEnvelope } from '../../actor/messages.js';
import { StatusRequest, SystemStatus } from '../../actor/status-messages.js';
import type { Capabilities } from '../../actor/context.js';
import { applyCapabilityUpdate } from '../../system/capabilities.js';
import { prepareEnvelope, type IpcTransport, type OutboundEnvelope, type ReceivedEnvelope, type Transport } from '../../transport/index.js';
import { KIND_ADMIN, KIND_CONTROL, KIND_USER, ADMIN_SUFFIX, fixedRoute, type AdminRequest, type ControlMessage, type StartOrder } from './protocol.js';
import type { ChildConfig, TransportKind } from './node-config.js';
import { spawnEntry } from './spawn.js';
import { levelNumber } from '../../logging/levels.js';
import { DropReport, dropMessage, dropLevelText } from './drop-report.js';

interface Entry {
  key: string;
  label: string;
  parentKey: string | null;
  globalName: string;
  state: 'starting' | 'live' | 'dead';
  route?: string;
  pid?: number;
  proc?: ChildProcess;
  requester?: { route: string; reqId: number };
  held: OutboundEnvelope[];
}

interface Spare {
  proc: ChildProcess;
  route?: string;
}

export interface AdminOptions {
  baseName: string;
  transportKind: TransportKind;
  host: string;
  capabilities: Capabilities;
  registry?: string;
  /** Warm processes kept ready for the next createActor (default 1). */
  spares?: number;
  log: (level: string, message: string) => void;
  /** For an admin that lives in the starter (queue base): its endpoints are local. */
  deliverLocal?: (env: ReceivedEnvelope) => boolean;
  onStopped?: () => void;
  /** Actors' log records, for an admin whose own process keeps them (queue base). */
  /** The lowest level this admin's own sink keeps (default 0: every record is wanted). */
  logLevel?: number;
  logRecord?: (record: { level: string; message: string; time: number; actorAddress?: string; actorClass?: string }) => void;
  /** Answers to requests made in this process (route 'local'), for an in-process admin. */
  localReply?: (message: ControlMessage) => void;
}

/**
 * The admin of a multi-process system (spec 9.3-9.5): it starts every actor's process,
 * knows where each actor lives, keeps names, capabilities and dead-letter handlers, tells
 * parents when children exit (also after kill -9), and shuts everything down in order.
 */
export class Admin {
  readonly key: string;
  private readonly actors = new Map<string, Entry>();
  private readonly byPid = new Map<number, Entry>();
  private readonly names = new Map<string, string>();
  private readonly dlHandlers = new Set<string>();
  private readonly routeWaiters = new Map<string, Set<string>>();
  private readonly spares: Spare[] = [];
  private readonly spareWaiters: ((s: Spare) => void)[] = [];
  private readonly allProcs = new Set<ChildProcess>();
  private readonly capabilities: Capabilities;
  private stopping: Promise<void> | undefined;
  readonly counters = { actorsCreated: 0, actorsExited: 0, deadLetters: 0, poisonMessages: 0, messagesForwarded: 0, transmitsDropped: 0 };
  /** Starters that asked to receive actors' log records, with the lowest level their logDefs keep. */
  private readonly logSubscribers = new Map<string, number>();
  private readonly attached = new Set<string>();
  /** The admin's own transport's drops (its transport calls `onDropped` -> here). */
  readonly drops = new DropReport((count, key) => this.dropped(count, key));

  constructor(
    readonly transport: Transport,
    private readonly options: AdminOptions,
  ) {
    this.key = `${transport.address}${ADMIN_SUFFIX}`;
    this.capabilities = { ...options.capabilities };
  }

  start(): void {
    for (let i = 0; i < this.spareCount; i++) this.spawnSpare();
  }

  /** THESPIAN_SPARE_PROCESSES (default 1): warm processes kept for the next createActor. */
  private get spareCount(): number {
    const env = Number(process.env.THESPIAN_SPARE_PROCESSES);
    return this.options.spares ?? (Number.isInteger(env) && env >= 0 ? env : 1);
  }

  // ---- processes ----------------------------------------------------------------------

  private spawnSpare(): Spare {
    const config: ChildConfig = {
      transport: this.options.transportKind,
      host: this.options.host,
      adminRoute: this.options.transportKind === 'ipc' ? 'admin' : this.transport.address,
      adminKey: this.key,
      ...(this.options.registry ? { registry: this.options.registry } : {}),
    };
    const proc = spawnEntry('actor-main', [JSON.stringify(config)], {
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      advancedIpc: this.options.transportKind === 'ipc',
    });
    const spare: Spare = { proc };
    this.allProcs.add(proc);
    if (this.options.transportKind === 'ipc') (this.transport as IpcTransport).attach(`c${proc.pid}`, proc);
    proc.on('exit', (code, signal) => this.processExited(proc, code, signal));
    proc.on('error', (err) => this.options.log('error', `actor process failed to start: ${err.message}`));
    return spare;
  }

  private spareReady(route: string, pid: number): void {
    for (const proc of this.allProcs) {
      if (proc.pid !== pid) continue;
      const spare: Spare = { proc, route };
      const waiter = this.spareWaiters.shift();
      if (waiter) waiter(spare);
      else this.spares.push(spare);
      return;
    }
  }

  private takeSpare(): Promise<Spare> {
    const ready = this.spares.shift();
    // Keep the pool warm for the next creation: a cold Node start is the slow part.
    if (this.spareCount > 0 || !ready) this.spawnSpare();
    if (ready) return Promise.resolve(ready);
    return new Promise((resolve) => this.spareWaiters.push(resolve));
  }

  private processExited(proc: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    this.allProcs.delete(proc);
    const spareAt = this.spares.findIndex((s) => s.proc === proc);
    if (spareAt >= 0) this.spares.splice(spareAt, 1);
    const entry = proc.pid !== undefined ? this.byPid.get(proc.pid) : undefined;
    if (!entry) return;
    this.byPid.delete(proc.pid!);
    if (entry.state !== 'dead') {
      if (code !== 0) this.options.log('warning', `actor ${entry.label} (${entry.key}, pid ${proc.pid}) died: ${signal ?? `exit code ${code}`}`);
      this.died(entry);
    }
  }

  /** The actor is gone (exited, killed, or never started): tell its parent, dead-letter what waits. */
  private died(entry: Entry): void {
    entry.state = 'dead';
    this.counters.actorsExited++;
    if (entry.globalName && this.names.get(entry.globalName) === entry.key) this.names.delete(entry.globalName);
    this.dlHandlers.delete(entry.key);
    this.answerRoute(entry.key, null);
    for (const env of entry.held.splice(0)) this.deadLetter(entry.key, entry.label, env.message, env.sender);
    const address = new ActorAddress(entry.key, entry.label);
    if (entry.parentKey && !entry.globalName) this.sendUser(entry.parentKey, new ChildActorExited(address), address);
    // A named key is reused by the next actor of that name: forget the dead one.
    if (entry.globalName) this.actors.delete(entry.key);
  }

  // ---- inbound ------------------------------------------------------------------------

  onEnvelope(env: ReceivedEnvelope): void {
    const from = env.sender ? fixedRoute(env.sender.key) : undefined;
    if (env.kind === KIND_ADMIN) {
      void this.request(env.message as AdminRequest, from, env.sender);
      return;
    }
    if (env.targetKey === this.key) {
      if (env.message instanceof StatusRequest && env.sender) this.sendUser(env.sender.key, this.status(), new ActorAddress(this.key, 'Admin'));
      return;
    }
    // Not for the admin: forward (the queue base routes everything through here).
    this.counters.messagesForwarded++;
    if (this.options.deliverLocal?.(env)) return;
    // The sender was already paced by its own transmit queue; dropping here would lose a
    // message it was told was sent, so forwarded messages are never dropped.
    this.sendUser(env.targetKey, env.message, env.sender, true);
  }

  private async request(req: AdminRequest, from: string | undefined, sender: ActorAddress | null): Promise<void> {
    switch (req.op) {
      case 'attach':
        if (from) this.attached.add(from);
        if (from && req.logs) this.logSubscribers.set(from, req.logLevel ?? 0);
        if (from) this.control(from, { op: 'attached', reqId: req.reqId, adminKey: this.key, pid: process.pid, capabilities: { ...this.capabilities } });
        return;
      case 'spare':
        if (from) this.spareReady(from, req.pid);
        return;
      case 'create':
        await this.create(req, from);
        return;
      case 'ready':
        this.ready(req.key, req.pid);
        return;
      case 'start-failed':
        this.startFailed(req.key, req.error, req.code);
        return;
      case 'route?':
        this.routeQuery(req.key, from);
        return;
      case 'dead-letter':
        this.deadLetter(req.targetKey, req.targetLabel, req.message, sender);
        return;
      case 'dl-handler':
        if (req.on) this.dlHandlers.add(req.key);
        else this.dlHandlers.delete(req.key);
        return;
      case 'capability':
        this.updateCapability(req.name, req.value);
        if (from && req.reqId) this.control(from, { op: 'reply', reqId: req.reqId, value: null });
        return;
      case 'status':
        if (from) this.control(from, { op: 'reply', reqId: req.reqId, value: this.status() });
        return;
      case 'shutdown':
        await this.shutdown();
        if (from && req.reqId) this.control(from, { op: 'reply', reqId: req.reqId, value: 'stopped' });
        this.tellStopped(from);
        this.options.onStopped?.();
        return;
      case 'log':
        this.forwardLog(req.level, req.message, req.actorAddress, req.actorClass);
        return;
      case 'poisoned':
        this.counters.poisonMessages++;
        return;
      case 'dropped':
        this.dropped(req.count, req.targetKey, req.actorAddress, req.actorClass);
        return;
    }
  }

  /** An actor's record (or the admin's own report) to this process's sink and every subscribed starter. */
  private forwardLog(level: string, message: string, actorAddress?: string, actorClass?: string): void {
    const record = { op: 'log-record' as const, level, message, time: Date.now(), actorAddress, actorClass };
    if (this.options.logRecord) this.options.logRecord(record);
    else this.options.log(level, `${actorClass ?? ''} ${actorAddress ?? ''}: ${message}`);
    const n = levelNumber(level, 0);
    for (const [sub, min] of this.logSubscribers) if (n >= min) this.control(sub, record);
  }

  /** Drops are counted in status and logged where the starter sees them (its log handlers). */
  dropped(count: number, targetKey: string, actorAddress?: string, actorClass?: string): void {
    if (!Number.isInteger(count) || count < 1) return;
    this.counters.transmitsDropped += count;
    this.forwardLog('warning', dropMessage(count, targetKey, dropLevelText()), actorAddress ?? this.key, actorClass ?? 'Admin');
  }

  private async create(req: Extract<AdminRequest, { op: 'create' }>, from: string | undefined): Promise<void> {
    if (this.stopping) {
      if (from) this.control(from, { op: 'created', reqId: req.reqId, key: req.key, route: null, error: 'the actor system is shutting down', code: 'SYSTEM_SHUT_DOWN' });
      return;
    }
    const existingKey = req.globalName ? this.names.get(req.globalName) : undefined;
    const existing = existingKey ? this.actors.get(existingKey) : undefined;
    if (existing && existing.state !== 'dead') {
      if (existing.state === 'live') {
        if (from) this.control(from, { op: 'created', reqId: req.reqId, key: existing.key, route: existing.route ?? null });
      } else if (from) this.waitRoute(existing.key, from);
      return;
    }
    const entry: Entry = {
      key: req.key,
      label: req.label,
      parentKey: req.parentKey,
      globalName: req.globalName,
      state: 'starting',
      held: [],
      ...(from ? { requester: { route: from, reqId: req.reqId } } : {}),
    };
    this.actors.set(entry.key, entry);
    if (entry.globalName) this.names.set(entry.globalName, entry.key);
    this.counters.actorsCreated++;
    const spare = await this.takeSpare();
    if (this.stopping) {
      spare.proc.kill('SIGKILL');
      this.startFailed(entry.key, 'the actor system is shutting down', 'SYSTEM_SHUT_DOWN');
      return;
    }
    entry.proc = spare.proc;
    entry.pid = spare.proc.pid;
    entry.route = spare.route;
    if (spare.proc.pid !== undefined) this.byPid.set(spare.proc.pid, entry);
    const order: StartOrder = {
      key: entry.key,
      label: entry.label,
      spec: req.spec,
      requirements: req.requirements,
      globalName: entry.globalName,
      parentKey: entry.parentKey,
      capabilities: { ...this.capabilities },
      logLevel: this.minLogLevel(),
    };
    this.control(spare.route!, { op: 'start', order });
  }

  /** What an actor must still send: the lowest level anyone here keeps (fixed at its start). */
  private minLogLevel(): number {
    const min = Math.min(this.options.logLevel ?? 0, ...this.logSubscribers.values());
    return Number.isFinite(min) ? min : 1e9;
  }

  private ready(key: string, pid: number): void {
    const entry = this.actors.get(key);
    if (!entry || entry.state !== 'starting') return;
    entry.state = 'live';
    entry.pid = pid;
    if (entry.requester) this.control(entry.requester.route, { op: 'created', reqId: entry.requester.reqId, key, route: entry.route ?? null });
    entry.requester = undefined;
    this.answerRoute(key, entry.route ?? null);
    for (const env of entry.held.splice(0)) this.transport.send(entry.route!, env);
  }

  private startFailed(key: string, error: string, code: string): void {
    const entry = this.actors.get(key);
    if (!entry || entry.state === 'dead') return;
    this.options.log('error', `actor ${entry.label} could not start: ${error}`);
    if (entry.requester) this.control(entry.requester.route, { op: 'created', reqId: entry.requester.reqId, key, route: null, error, code });
    entry.requester = undefined;
    if (entry.pid !== undefined) this.byPid.delete(entry.pid);
    this.died(entry);
  }

  private routeQuery(key: string, from: string | undefined): void {
    if (!from) return;
    const entry = this.actors.get(key);
    if (entry?.state === 'live') this.control(from, { op: 'route', key, route: entry.route ?? null });
    else if (entry?.state === 'starting') this.waitRoute(key, from);
    // Dead (its entry is kept) or an unheld name: the sender dead-letters what it holds now.
    else if (entry?.state === 'dead' || key.startsWith('name:')) this.control(from, { op: 'route', key, route: null });
    else {
      // Its creator's request may still be on its way here: give it a moment.
      this.waitRoute(key, from);
      setTimeout(() => {
        if (this.actors.get(key)?.state !== 'starting' && this.actors.get(key)?.state !== 'live') this.answerRoute(key, null);
      }, 2000).unref();
    }
  }

  private waitRoute(key: string, from: string): void {
    let set = this.routeWaiters.get(key);
    if (!set) this.routeWaiters.set(key, (set = new Set()));
    set.add(from);
  }

  private answerRoute(key: string, route: string | null): void {
    const waiters = this.routeWaiters.get(key);
    if (!waiters) return;
    this.routeWaiters.delete(key);
    for (const w of waiters) this.control(w, { op: 'route', key, route });
  }

  // ---- outbound -----------------------------------------------------------------------

  private control(route: string, message: ControlMessage): void {
    if (route === 'local' && this.options.localReply) {
      this.options.localReply(message);
      return;
    }
    try {
      this.transport.send(route, prepareEnvelope({ targetKey: `${route}#proc`, sender: new ActorAddress(this.key, 'Admin'), message, kind: KIND_CONTROL, system: true }));
    } catch (err) {
      this.options.log('error', `admin could not send ${message.op} to ${route}: ${(err as Error).message}`);
    }
  }

  /** A user message from the admin (ChildActorExited, DeadEnvelope, exit requests) or forwarded. */
  sendUser(targetKey: string, message: unknown, sender: ActorAddress | null, neverDrop = false): void {
    let env: OutboundEnvelope;
    try {
      env = prepareEnvelope({ targetKey, sender, message, kind: KIND_USER, ...(neverDrop ? { system: true } : {}) });
    } catch (err) {
      this.options.log('error', `admin could not encode ${describeValue(message)} for ${targetKey}: ${(err as Error).message}`);
      return;
    }
    const fixed = fixedRoute(targetKey);
    if (fixed !== undefined) {
      if (this.options.deliverLocal?.({ targetKey, sender, message, kind: KIND_USER, system: env.system })) return;
      this.transport.send(fixed, env);
      return;
    }
    const entry = this.actors.get(targetKey);
    if (!entry || entry.state === 'dead') this.deadLetter(targetKey, entry?.label ?? '', message, sender);
    else if (entry.state === 'starting') entry.held.push(env);
    else this.transport.send(entry.route!, env);
  }

  deadLetter(targetKey: string, label: string, message: unknown, sender: ActorAddress | null): void {
    if (message instanceof DeadEnvelope || message instanceof ActorExitRequest) return;
    this.counters.deadLetters++;
    if (this.dlHandlers.size === 0) {
      this.options.log('debug', `dead letter: ${describeValue(message)} to ${targetKey} discarded (no dead letter handler)`);
      return;
    }
    const dead = new ActorAddress(targetKey, label || this.actors.get(targetKey)?.label || '');
    for (const h of this.dlHandlers) this.sendUser(h, new DeadEnvelope(dead, message), sender);
  }

  undeliverable(env: OutboundEnvelope): void {
    if (env.kind === KIND_USER) this.deadLetter(env.targetKey, '', env.message, env.sender);
  }

  // ---- capabilities, status, shutdown ---------------------------------------------------

  /** Spec 5.13: changed capabilities go to every actor, which re-checks itself. */
  updateCapability(name: string, value: unknown): void {
    if (!applyCapabilityUpdate(this.capabilities, name, value, (m) => this.options.log('warning', m))) return;
    for (const e of this.actors.values()) {
      if (e.state === 'live' && e.route) this.control(e.route, { op: 'caps', capabilities: { ...this.capabilities } });
    }
  }

  status(): SystemStatus {
    const live = [...this.actors.values()].filter((e) => e.state !== 'dead');
    return new SystemStatus({
      base: this.options.baseName,
      capabilities: { ...this.capabilities },
      actorCount: live.length,
      actors: live.map((e) => new ActorAddress(e.key, e.label)),
      globalNames: Object.fromEntries([...this.names].map(([n, k]) => [n, new ActorAddress(k, this.actors.get(k)?.label ?? '')])),
      loadedSources: [],
      deadLetterHandlers: [...this.dlHandlers].map((k) => new ActorAddress(k)),
      counters: { ...this.counters, spareProcesses: this.spares.length },
      pid: process.pid,
    });
  }

  /** Every attached starter learns the system is gone (e.g. an actor called actorSystemShutdown). */
  tellStopped(except?: string): void {
    for (const ext of this.attached) if (ext !== except) this.control(ext, { op: 'stopped' });
  }

  /** Spec 6.3: every actor gets ActorExitRequest; stragglers are killed; no process is left. */
  shutdown(): Promise<void> {
    if (!this.stopping) this.stopping = this.runShutdown();
    return this.stopping;
  }

  private async runShutdown(): Promise<void> {
    const admin = new ActorAddress(this.key, 'Admin');
    for (const e of this.actors.values()) {
      if (e.state === 'live') this.sendUser(e.key, new ActorExitRequest(false), admin);
    }
    // Spares (ready or still booting) have no actor to ask: stop them directly.
    this.spares.splice(0);
    for (const p of this.allProcs) if (p.pid === undefined || !this.byPid.has(p.pid)) p.kill('SIGTERM');
    const until = Date.now() + 5000;
    while (this.allProcs.size > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    for (const p of this.allProcs) p.kill('SIGKILL');
    const hard = Date.now() + 2000;
    while (this.allProcs.size > 0 && Date.now() < hard) await new Promise((r) => setTimeout(r, 20));
  }
}

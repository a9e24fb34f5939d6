import type { ChildProcess } from 'node:child_process';
import { ActorAddress } from '../../actor/address.js';
import { describeValue } from '../../actor/errors.js';
import { ActorExitRequest, ChildActorExited, DeadEnvelope, ValidatedSource } from '../../actor/messages.js';
import { SourceRegistry } from '../../sources/source-registry.js';
import { ActorStatus, StatusRequest, SystemStatus } from '../../actor/status-messages.js';
import type { Capabilities } from '../../actor/context.js';
import { applyCapabilityUpdate } from '../../system/capabilities.js';
import { prepareEnvelope, type IpcTransport, type OutboundEnvelope, type ReceivedEnvelope, type Transport } from '../../transport/index.js';
import { KIND_ADMIN, KIND_CONTROL, KIND_USER, ADMIN_SUFFIX, fixedRoute, type AdminRequest, type ControlMessage, type NameHolder, type StartOrder } from './protocol.js';
import type { ChildConfig, TransportKind } from './node-config.js';
import { spawnEntry } from './spawn.js';
import { secretEnv } from './system-secret.js';
import { allowedRoots } from '../../system/allowed-roots.js';
import { assertWireAllowed } from './wire-spec.js';
import { defaultSpareCount, SparePool } from './spare-pool.js';
import { typeScriptHint } from './typescript-hint.js';
import { adminRequestProblem } from './protocol-shapes.js';
import { levelNumber } from '../../logging/levels.js';
import { StatusQuestions } from './status-questions.js';
import { DropReport, dropMessage, dropLevelText } from './drop-report.js';

interface Entry {
  key: string;
  label: string;
  parentKey: string | null;
  globalName: string;
  state: 'starting' | 'live' | 'dead';
  route?: string;
  pid?: number;
  startedAt?: number;
  proc?: ChildProcess;
  requester?: { route: string; reqId: number };
  /** Later creators of the same global name, answered when the holder is ready (spec 4.6). */
  nameWaiters?: { route: string; reqId: number; lookup?: boolean }[];
  /** For a global name: the processes told its route, to be told to forget it when it exits. */
  knownBy?: Set<string>;
  held: OutboundEnvelope[];
}

/** THESPIAN_MAX_ACTOR_PROCESSES: each actor process costs tens of MB; past this createActor fails. */
export const DEFAULT_MAX_ACTOR_PROCESSES = 256;

function maxActorProcesses(): number {
  const n = Number(process.env.THESPIAN_MAX_ACTOR_PROCESSES);
  return Number.isInteger(n) && n > 0 ? n : DEFAULT_MAX_ACTOR_PROCESSES;
}

export interface AdminOptions {
  baseName: string;
  transportKind: TransportKind;
  host: string;
  capabilities: Capabilities;
  registry?: string;
  /** Where 'path:Export' specs from the wire may point (default: allowedRoots() here). */
  allowedRoots?: string[];
  /** The system secret, handed to each actor process through its environment (TCP, UDP). */
  secret?: Uint8Array;
  /** Warm processes kept ready for the next createActor (default: THESPIAN_SPARE_PROCESSES, see spare-pool.ts). */
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
  /** Spec 4.3: one dead-letter handler, the latest to register (as Thespian's admin keeps it). */
  private dlHandler: string | undefined;
  private readonly routeWaiters = new Map<string, Set<string>>();
  private readonly spares: SparePool;
  private readonly allProcs = new Set<ChildProcess>();
  private readonly capabilities: Capabilities;
  /** Set once this system is seen to run TypeScript actors: new spares preload tsx. */
  private typescript: { tsconfig: string } | undefined;
  private stopping: Promise<void> | undefined;
  readonly counters = { actorsCreated: 0, actorsExited: 0, deadLetters: 0, poisonMessages: 0, messagesForwarded: 0, transmitsDropped: 0 };
  /** Starters that asked to receive actors' log records, with the lowest level their logDefs keep. */
  private readonly logSubscribers = new Map<string, number>();
  private readonly attached = new Set<string>();
  private readonly allowedRoots: string[];
  private readonly statusQuestions = new StatusQuestions();
  private readonly startedAt = Date.now();
  /** The admin's own transport's drops (its transport calls `onDropped` -> here). */
  readonly drops = new DropReport((count, key) => this.dropped(count, key));
  /** Spec 6.10: the system's loaded sources; the packages go to actor processes with their start orders. */
  private readonly sources = new SourceRegistry({
    post: (to, m) => void this.sendUser(to.key, m, new ActorAddress(this.key, 'Admin')),
    log: (level, m) => this.forwardLog(level, m, this.key, 'Admin'),
  });

  constructor(
    readonly transport: Transport,
    private readonly options: AdminOptions,
  ) {
    this.key = `${transport.address}${ADMIN_SUFFIX}`;
    this.capabilities = { ...options.capabilities };
    this.allowedRoots = options.allowedRoots ?? allowedRoots();
    this.typescript = typeScriptHint(options.registry);
    this.spares = new SparePool(options.spares ?? defaultSpareCount(), () => this.spawnSpare());
  }

  start(): void {
    this.spares.start();
  }

  // ---- processes ----------------------------------------------------------------------

  private spawnSpare(): ChildProcess | undefined {
    const config: ChildConfig = {
      transport: this.options.transportKind,
      host: this.options.host,
      adminRoute: this.options.transportKind === 'ipc' ? 'admin' : this.transport.address,
      adminKey: this.key,
      ...(this.options.registry ? { registry: this.options.registry } : {}),
      allowedRoots: this.allowedRoots,
      ...(this.typescript ? { typescript: this.typescript } : {}),
    };
    let proc: ChildProcess;
    try {
      proc = spawnEntry('actor-main', [JSON.stringify(config)], {
        stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
        ...(this.options.secret ? { env: secretEnv(this.options.secret) } : {}),
        advancedIpc: this.options.transportKind === 'ipc',
      });
    } catch (err) {
      // Some spawn failures (E2BIG, ...) throw instead of emitting 'error'.
      this.spawnFailed(undefined, err as Error);
      return undefined;
    }
    this.allProcs.add(proc);
    if (this.options.transportKind === 'ipc' && proc.pid !== undefined) (this.transport as IpcTransport).attach(`c${proc.pid}`, proc);
    proc.on('exit', (code, signal) => this.processExited(proc, code, signal));
    proc.on('error', (err) => {
      if (proc.pid !== undefined) return void this.options.log('error', `actor process ${proc.pid}: ${err.message}`);
      // Never started (EMFILE, EAGAIN, ...): no 'exit' will follow.
      this.allProcs.delete(proc);
      this.spawnFailed(proc, err);
    });
    return proc;
  }

  private spawnFailed(proc: ChildProcess | undefined, error: Error): void {
    const message = `could not start an actor process: ${error.message}`;
    this.options.log('error', message);
    this.spares.spawnFailed(proc, new Error(message));
  }

  private spareReady(route: string, pid: number): void {
    for (const proc of this.allProcs) {
      if (proc.pid === pid) return this.spares.announced(proc, route);
    }
  }

  private processExited(proc: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    this.allProcs.delete(proc);
    if (this.spares.isSpare(proc)) {
      if (!this.stopping) this.options.log('warning', `spare actor process ${proc.pid} exited: ${signal ?? `exit code ${code}`}`);
      this.spares.exited(proc, signal ?? `exit code ${code}`);
    }
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
    // An exited handler is not replaced by an earlier one: letters are discarded until someone registers.
    if (this.dlHandler === entry.key) this.dlHandler = undefined;
    this.answerRoute(entry.key, null);
    for (const w of entry.nameWaiters?.splice(0) ?? []) {
      if (w.lookup) this.control(w.route, { op: 'reply', reqId: w.reqId, value: null });
      else this.control(w.route, { op: 'created', reqId: w.reqId, key: entry.key, route: null, error: `${entry.label}, the holder of '${entry.globalName}', exited before it started`, code: 'ACTOR_START_FAILED' });
    }
    for (const env of entry.held.splice(0)) this.deadLetter(entry.key, entry.label, env.message, env.sender);
    const address = new ActorAddress(entry.key, entry.label);
    this.sources.forget(address);
    if (entry.parentKey && !entry.globalName) this.sendUser(entry.parentKey, new ChildActorExited(address), address);
    // A named key is reused by the next actor of that name: forget the dead one, and so
    // must every process that learned its route (spec 4.6: the name is free for anyone).
    if (entry.globalName) {
      this.actors.delete(entry.key);
      for (const route of entry.knownBy ?? []) if (route !== entry.route) this.control(route, { op: 'forget', key: entry.key });
    }
  }

  // ---- inbound ------------------------------------------------------------------------

  /** Whatever a frame holds, the admin keeps running: a bad one is logged and dropped. */
  onEnvelope(env: ReceivedEnvelope): void {
    try {
      this.dispatch(env);
    } catch (err) {
      this.options.log('error', `admin failed handling a frame from ${env.sender?.key ?? 'an unnamed sender'} for ${env.targetKey}: ${(err as Error)?.stack ?? String(err)}`);
    }
  }

  private dispatch(env: ReceivedEnvelope): void {
    const from = env.sender ? fixedRoute(env.sender.key) : undefined;
    if (env.kind === KIND_ADMIN) {
      const problem = adminRequestProblem(env.message);
      if (problem !== undefined) {
        this.options.log('warning', `admin dropped a malformed request from ${env.sender?.key ?? 'an unnamed sender'}: ${problem}`);
        return;
      }
      const req = env.message as AdminRequest;
      this.request(req, from, env.sender).catch((err: unknown) => {
        this.options.log('error', `admin failed handling '${req.op}' from ${env.sender?.key ?? 'an unnamed sender'}: ${(err as Error)?.stack ?? String(err)}`);
      });
      return;
    }
    if (env.targetKey === this.key) {
      if (env.message instanceof StatusRequest && env.sender) this.sendUser(env.sender.key, this.status(), new ActorAddress(this.key, 'Admin'));
      else if (env.message instanceof ActorStatus) this.statusQuestions.answered(env.message);
      else if (env.message instanceof ValidatedSource) this.sources.validated(env.message, env.sender);
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
      case 'exited':
        this.actorExited(req.key, from);
        return;
      case 'start-failed':
        this.startFailed(req.key, req.error, req.code);
        return;
      case 'route?':
        this.routeQuery(req.key, from);
        return;
      case 'name?':
        if (from) this.nameQuery(req.globalName, from, req.reqId);
        return;
      case 'dead-letter':
        this.reportedDead(req.targetKey, req.targetLabel, req.message, req.origin ?? sender, from);
        return;
      case 'dl-handler':
        // The latest registration wins; handleDeadLetters(false) only counts from the current handler.
        if (req.on) this.dlHandler = req.key;
        else if (this.dlHandler === req.key) this.dlHandler = undefined;
        return;
      case 'capability':
        this.updateCapability(req.name, req.value);
        if (from && req.reqId) this.control(from, { op: 'reply', reqId: req.reqId, value: null });
        return;
      case 'status':
        if (from) this.control(from, { op: 'reply', reqId: req.reqId, value: await this.detailedStatus() });
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
      case 'source-load': {
        const hash = this.sources.load(req.data, { info: req.info, authorityAlive: (a) => this.actors.get(a.key)?.state !== 'dead' });
        if (from && req.reqId) this.control(from, { op: 'reply', reqId: req.reqId, value: hash });
        return;
      }
      case 'source-unload':
        this.sources.unload(req.hash);
        if (from && req.reqId) this.control(from, { op: 'reply', reqId: req.reqId, value: null });
        return;
      case 'source-authority':
        this.sources.setAuthority(new ActorAddress(req.key, req.label));
        return;
      case 'source-notify':
        this.sources.setListener(new ActorAddress(req.key, req.label), req.on);
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
      // Spec 4.6: the name decides, not the class; whoever asks (starter or actor) gets the holder.
      if (!from) return;
      if (existing.state === 'live') this.control(from, { op: 'created', reqId: req.reqId, key: existing.key, route: existing.route ?? null, label: existing.label });
      else (existing.nameWaiters ??= []).push({ route: from, reqId: req.reqId });
      return;
    }
    const limit = maxActorProcesses();
    let running = 0;
    for (const e of this.actors.values()) if (e.state !== 'dead') running++;
    if (running >= limit) {
      const error = `cannot create ${req.label}: this system already runs ${running} actor processes, the limit (THESPIAN_MAX_ACTOR_PROCESSES=${limit}); let some exit, or raise the limit`;
      this.options.log('error', error);
      if (from) this.control(from, { op: 'created', reqId: req.reqId, key: req.key, route: null, error, code: 'TOO_MANY_ACTOR_PROCESSES' });
      // A parent actor learns it as for any child that never started.
      if (req.parentKey) this.sendUser(req.parentKey, new ChildActorExited(new ActorAddress(req.key, req.label)), new ActorAddress(req.key, req.label));
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
    let source: StartOrder['source'];
    try {
      // Refused before a process is taken: importing the module would run it. As any failed
      // start: the requester gets the error, a parent its ChildActorExited.
      assertWireAllowed(req.spec, this.allowedRoots);
      if (req.spec.kind === 'source') source = { hash: req.spec.hash, zip: this.sources.zipOf(req.spec.hash) };
    } catch (err) {
      const e = err as Error & { code?: string };
      this.startFailed(entry.key, `${e.message} (requested by ${from ?? 'an unknown sender'})`, e.code ?? 'ACTOR_SPEC_PATH_NOT_ALLOWED');
      return;
    }
    this.typescript ??= typeScriptHint(req.spec.kind === 'path' ? req.spec.file : undefined);
    let spare;
    try {
      spare = await this.spares.take();
    } catch (err) {
      this.startFailed(entry.key, (err as Error).message, this.stopping ? 'SYSTEM_SHUT_DOWN' : 'ACTOR_PROCESS_FAILED');
      return;
    }
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
      ...(source ? { source } : {}),
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
    entry.startedAt = Date.now();
    if (entry.requester) this.control(entry.requester.route, { op: 'created', reqId: entry.requester.reqId, key, route: entry.route ?? null });
    entry.requester = undefined;
    for (const w of entry.nameWaiters?.splice(0) ?? []) {
      if (w.lookup) {
        this.control(w.route, { op: 'reply', reqId: w.reqId, value: this.nameHolder(entry.globalName) });
        (entry.knownBy ??= new Set()).add(w.route);
      }
      else this.control(w.route, { op: 'created', reqId: w.reqId, key, route: entry.route ?? null, label: entry.label });
    }
    this.answerRoute(key, entry.route ?? null);
    for (const env of entry.held.splice(0)) {
      try {
        this.transport.send(entry.route!, env);
      } catch (err) {
        this.options.log('error', `admin could not pass a held message to ${entry.label} (${key}): ${(err as Error).message}`);
      }
    }
  }

  /**
   * Spec 2.2.4: the parent hears of the exit now, not when the process is gone. Only the
   * actor's own process may say so; what reaches the admin for it from here on is dead-lettered.
   */
  private actorExited(key: string, from: string | undefined): void {
    const entry = this.actors.get(key);
    if (!entry || entry.state !== 'live' || from === undefined || entry.route !== from) return;
    this.died(entry);
  }

  private startFailed(key: string, error: string, code: string): void {
    const entry = this.actors.get(key);
    if (!entry || entry.state === 'dead') return;
    this.options.log('error', `actor ${entry.label} could not start: ${error}`);
    if (entry.requester) this.control(entry.requester.route, { op: 'created', reqId: entry.requester.reqId, key, route: null, error, code });
    entry.requester = undefined;
    for (const w of entry.nameWaiters?.splice(0) ?? []) {
      if (w.lookup) this.control(w.route, { op: 'reply', reqId: w.reqId, value: null });
      else this.control(w.route, { op: 'created', reqId: w.reqId, key, route: null, error, code });
    }
    if (entry.pid !== undefined) this.byPid.delete(entry.pid);
    this.died(entry);
  }

  /** Spec 4.6: the holder of a name, once it runs (a starting holder is waited for), or null. */
  private nameQuery(globalName: string, from: string, reqId: number): void {
    const key = this.names.get(globalName);
    const entry = key ? this.actors.get(key) : undefined;
    if (entry?.state === 'starting') (entry.nameWaiters ??= []).push({ route: from, reqId, lookup: true });
    else this.control(from, { op: 'reply', reqId, value: this.nameHolder(globalName) });
    if (entry?.state === 'live') (entry.knownBy ??= new Set()).add(from);
  }

  private nameHolder(globalName: string): NameHolder | null {
    const key = this.names.get(globalName);
    const entry = key ? this.actors.get(key) : undefined;
    return entry && entry.state !== 'dead' ? { key: entry.key, label: entry.label, route: entry.route ?? null } : null;
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
    if ((message.op === 'created' || message.op === 'route') && message.route !== null && message.key.startsWith('name:')) {
      const entry = this.actors.get(message.key);
      if (entry) (entry.knownBy ??= new Set()).add(route);
    }
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

  /**
   * A user message from the admin (ChildActorExited, DeadEnvelope, exit requests) or
   * forwarded. False when it could not even be queued (a target key naming no valid route).
   */
  sendUser(targetKey: string, message: unknown, sender: ActorAddress | null, neverDrop = false): boolean {
    let env: OutboundEnvelope;
    try {
      env = prepareEnvelope({ targetKey, sender, message, kind: KIND_USER, ...(neverDrop ? { system: true } : {}) });
    } catch (err) {
      this.options.log('error', `admin could not encode ${describeValue(message)} for ${targetKey}: ${(err as Error).message}`);
      return false;
    }
    const fixed = fixedRoute(targetKey);
    const entry = fixed === undefined ? this.actors.get(targetKey) : undefined;
    try {
      if (fixed !== undefined) {
        if (this.options.deliverLocal?.({ targetKey, sender, message, kind: KIND_USER, system: env.system })) return true;
        this.transport.send(fixed, env);
      } else if (!entry || entry.state === 'dead') this.deadLetter(targetKey, entry?.label ?? '', message, sender);
      else if (entry.state === 'starting') entry.held.push(env);
      else this.transport.send(entry.route!, env);
      return true;
    } catch (err) {
      this.options.log('error', `admin could not send ${describeValue(message)} to ${targetKey}: ${(err as Error).message}`);
      return false;
    }
  }

  /**
   * A process could not deliver to `targetKey`. A global name's key outlives its holder, so a
   * process may still hold the route of an exited holder: while a live actor has that key
   * somewhere else, the message goes there (spec 4.6: the name is free for every holder).
   */
  private reportedDead(targetKey: string, label: string, message: unknown, sender: ActorAddress | null, from: string | undefined): void {
    const entry = targetKey.startsWith('name:') ? this.actors.get(targetKey) : undefined;
    if (entry && entry.state !== 'dead' && from !== undefined && entry.route !== from) this.sendUser(targetKey, message, sender, true);
    else this.deadLetter(targetKey, label, message, sender);
  }

  deadLetter(targetKey: string, label: string, message: unknown, sender: ActorAddress | null): void {
    if (message instanceof DeadEnvelope || message instanceof ActorExitRequest) return;
    if (message instanceof StatusRequest && this.statusQuestions.undeliverable(targetKey)) return;
    this.counters.deadLetters++;
    const handler = this.dlHandler;
    if (handler === undefined) {
      this.options.log('debug', `dead letter: ${describeValue(message)} to ${targetKey} discarded (no dead letter handler)`);
      return;
    }
    const dead = new ActorAddress(targetKey, label || this.actors.get(targetKey)?.label || '');
    // A handler registered under a key that names no reachable route would fail every later
    // dead letter: drop it once, with a log line.
    if (!this.sendUser(handler, new DeadEnvelope(dead, message), sender)) {
      if (this.dlHandler === handler) this.dlHandler = undefined;
      this.options.log('warning', `dead letter handler ${handler} removed: it cannot be reached`);
    }
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
      loadedSources: this.sources.hashes(),
      deadLetterHandlers: this.dlHandler ? [new ActorAddress(this.dlHandler)] : [],
      counters: { ...this.counters, spareProcesses: this.spares.readyCount, bootingSpares: this.spares.bootingCount },
      pid: process.pid,
      startedAt: this.startedAt,
    });
  }

  /** status() plus each live actor's own ActorStatus (mailbox depth, messages handled, children), asked now. */
  async detailedStatus(): Promise<SystemStatus> {
    const st = this.status();
    const entries = [...this.actors.values()].filter((e) => e.state !== 'dead');
    st.actorDetails = await Promise.all(entries.map((e) => this.askActor(e)));
    return st;
  }

  /** What the actor says of itself, with what only the admin knows (start time, parent's class); unresponsive if it does not answer. */
  private async askActor(e: Entry): Promise<ActorStatus> {
    const parent = e.parentKey ? new ActorAddress(e.parentKey, this.actors.get(e.parentKey)?.label ?? '') : null;
    const known = new ActorStatus({
      actorAddress: new ActorAddress(e.key, e.label),
      actorClass: e.label,
      globalName: e.globalName,
      parent,
      ...(e.pid !== undefined ? { pid: e.pid } : {}),
      ...(e.startedAt !== undefined ? { startedAt: e.startedAt } : {}),
      responsive: false,
    });
    if (e.state !== 'live') return known;
    const admin = new ActorAddress(this.key, 'Admin');
    const said = await this.statusQuestions.wait(e.key, () => this.sendUser(e.key, new StatusRequest(), admin, true));
    if (!said) return known;
    // Declared-but-unset fields of the answer are own properties holding undefined: they must not hide what the admin knows.
    const defined = Object.fromEntries(Object.entries(said).filter(([, v]) => v !== undefined));
    return new ActorStatus({ ...known, ...defined, actorClass: said.actorClass || e.label, parent, responsive: true });
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
    this.spares.close();
    for (const p of this.allProcs) if (p.pid === undefined || !this.byPid.has(p.pid)) p.kill('SIGTERM');
    const until = Date.now() + 5000;
    while (this.allProcs.size > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    for (const p of this.allProcs) p.kill('SIGKILL');
    const hard = Date.now() + 2000;
    while (this.allProcs.size > 0 && Date.now() < hard) await new Promise((r) => setTimeout(r, 20));
  }
}

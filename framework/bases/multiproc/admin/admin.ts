import { ActorAddress } from '../../../actor/address.js';
import { describeValue } from '../../../actor/errors.js';
import { ActorExitRequest, ChildActorExited, ValidatedSource } from '../../../actor/messages.js';
import { ActorStatus, StatusRequest, type SystemStatus } from '../../../actor/status-messages.js';
import { AdminCore } from '../../../system/admin/admin-core.js';
import { allowedRoots } from '../../../system/allowed-roots.js';
import { prepareEnvelope, type OutboundEnvelope, type ReceivedEnvelope, type Transport } from '../../../transport/index.js';
import { KIND_ADMIN, KIND_CONTROL, KIND_USER, ADMIN_SUFFIX, fixedRoute, homeOf, isNameKey, type AdminRequest, type ControlMessage } from '../protocol.js';
import { adminRequestProblem } from '../protocol-shapes.js';
import { levelNumber } from '../../../logging/levels.js';
import { DropReport, dropMessage, dropLevelText } from '../drop-report.js';
import { CallDestination } from '../envelope-destinations.js';
import { AdminDestinations } from './admin-destinations.js';
import type { AdminOptions, Entry, MultiprocCounters } from './admin-entry.js';
import { StatusQuestions } from './status-questions.js';
import { ProcessPool } from './process-pool.js';
import { RouteDesk } from './route-desk.js';
import { adminStatus, askActorStatus } from './admin-status.js';
import { handleRequest } from './admin-requests.js';
import { ActorStarter } from './actor-starter.js';
import type { AdminPort } from './admin-port.js';
import { ConventionDesk } from './convention-desk.js';

export { DEFAULT_MAX_ACTOR_PROCESSES, type AdminOptions } from './admin-entry.js';

/**
 * The admin of a multi-process system (spec 9.3-9.5): the shared admin core (names, dead
 * letters, capabilities, status) plus where each actor runs. It starts actor processes
 * (actor-starter.ts), answers route and name queries (route-desk.ts), tells parents when
 * children exit (also after kill -9), and shuts everything down in order.
 */
export class Admin implements AdminPort {
  readonly key: string;
  readonly address: ActorAddress;
  readonly core: AdminCore<Entry, MultiprocCounters>;
  readonly processes: ProcessPool;
  readonly routes: RouteDesk;
  readonly starter: ActorStarter;
  readonly counters: MultiprocCounters = { actorsCreated: 0, actorsExited: 0, deadLetters: 0, poisonMessages: 0, messagesForwarded: 0, transmitsDropped: 0, refusedFromOtherSystems: 0 };
  /** Starters that asked to receive actors' log records, with the lowest level their logDefs keep. */
  readonly logSubscribers = new Map<string, number>();
  readonly attached = new Set<string>();
  private readonly statusQuestions = new StatusQuestions();
  private readonly destinations: AdminDestinations;
  private stopping: Promise<void> | undefined;
  /** Spec 4.11 (TCP, UDP): membership, placement on other systems, and routing of their keys. */
  readonly convention: ConventionDesk | undefined;
  /** The admin's own transport's drops (its transport calls `onDropped` -> here). */
  readonly drops = new DropReport((count, key) => this.dropped(count, key));

  constructor(
    readonly transport: Transport,
    readonly options: AdminOptions,
  ) {
    this.key = `${transport.address}${ADMIN_SUFFIX}`;
    this.address = new ActorAddress(this.key, 'Admin');
    this.core = new AdminCore(options.baseName, options.capabilities, this.counters, {
      address: this.address,
      post: (to, message, sender) => this.sendUser(to.key, message, sender),
      log: (level, message) => options.log(level, message),
      logToStarters: (level, message) => this.forwardLog(level, message, this.key, 'Admin'),
    });
    const roots = options.allowedRoots ?? allowedRoots();
    this.processes = new ProcessPool(transport, this.key, options, roots, (entry) => this.died(entry));
    this.routes = new RouteDesk(
      this.core.entries,
      this.core.names,
      (route, message) => this.control(route, message),
      (entry, asker) => this.publicRoute(entry, asker),
      (key, from) => this.foreignRoute(key, from),
    );
    this.starter = new ActorStarter(this, roots);
    const dead = new CallDestination((env) => this.deadLetter(env.targetKey, '', env.message, env.sender));
    const local = options.deliverLocal;
    // Made once, as every message to an endpoint passes it.
    const endpoints = local && new CallDestination((env) => void (local(env) || this.transport.send(fixedRoute(env.targetKey)!, env)));
    this.convention = options.convention && new ConventionDesk(this, options.convention, transport.address);
    this.destinations = new AdminDestinations(this.core, transport, this.convention, endpoints, dead);
  }

  start(): void {
    this.processes.start();
    this.convention?.start();
  }

  /**
   * The route `asker` (a process of this system) uses for `entry`: its process; for one running
   * on another system, that system's process when routing is direct (spec 9.4) and the asker's
   * links take other systems (actor processes do, starters do not), else this admin.
   */
  publicRoute(entry: Entry, asker?: string): string | null {
    if (entry.remoteAdmin === undefined) return entry.route ?? null;
    const direct = this.convention?.direct && asker !== undefined && !this.attached.has(asker) && entry.remoteRoute;
    return direct ? entry.remoteRoute! : this.transport.address;
  }

  private foreignRoute(key: string, from: string): boolean {
    const home = this.convention && homeOf(key);
    if (!home || home === this.convention!.self) return false;
    this.convention!.routeFor(key, home, from, (route) => this.control(from, { op: 'route', key, route }));
    return true;
  }

  get isStopping(): boolean {
    return this.stopping !== undefined;
  }

  /** The actor is gone (exited, killed, or never started): tell its parent, dead-letter what waits. */
  died(entry: Entry): void {
    // A named key is reused by the next actor of that name: its entry is forgotten (spec 4.6).
    this.core.exited(entry, !entry.globalName);
    this.convention?.notices.remove(this.core.addressOf(entry));
    this.convention?.placement.exitedHere(entry);
    // Its process (a pooled host's share of one) is free: it counts no more.
    this.processes.release(entry);
    this.routes.answer(entry.key, null);
    for (const w of entry.nameWaiters?.splice(0) ?? []) {
      if (w.lookup) this.control(w.route, { op: 'reply', reqId: w.reqId, value: null });
      else this.control(w.route, { op: 'created', reqId: w.reqId, key: entry.key, route: null, error: `${entry.label}, the holder of '${entry.globalName}', exited before it started`, code: 'ACTOR_START_FAILED' });
    }
    for (const env of entry.held.splice(0)) this.deadLetter(entry.key, entry.label, env.message, env.sender);
    const address = this.core.addressOf(entry);
    // A visitor's parent hears from the visitor's home, which this system just told.
    if (entry.parentKey && !entry.globalName && !entry.origin) this.sendUser(entry.parentKey, new ChildActorExited(address), address);
    // Every process that learned a named actor's route must forget it: the name is free for anyone.
    if (entry.globalName) {
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
    // From another system (its link proved the convention key only): checked before anything acts on it.
    if (env.foreign && !this.convention?.admits(env)) return;
    if (this.convention?.onEnvelope(env)) return;
    const from = env.sender ? fixedRoute(env.sender.key) : undefined;
    if (env.kind === KIND_ADMIN) {
      const problem = adminRequestProblem(env.message);
      if (problem !== undefined) {
        this.options.log('warning', `admin dropped a malformed request from ${env.sender?.key ?? 'an unnamed sender'}: ${problem}`);
        return;
      }
      const req = env.message as AdminRequest;
      handleRequest(this, this.starter, req, from, env.sender).catch((err: unknown) => {
        this.options.log('error', `admin failed handling '${req.op}' from ${env.sender?.key ?? 'an unnamed sender'}: ${(err as Error)?.stack ?? String(err)}`);
      });
      return;
    }
    if (env.targetKey === this.key) {
      if (env.message instanceof StatusRequest && env.sender) this.sendUser(env.sender.key, this.status(), this.address);
      else if (env.message instanceof ActorStatus) this.statusQuestions.answered(env.message);
      else if (env.message instanceof ValidatedSource) this.core.sources.validated(env.message, env.sender);
      return;
    }
    // Not for the admin: forward (the queue base routes everything through here).
    this.counters.messagesForwarded++;
    if (this.options.deliverLocal?.(env)) return;
    // The sender was already paced by its own transmit queue; dropping here would lose a
    // message it was told was sent, so forwarded messages are never dropped.
    this.sendUser(env.targetKey, env.message, env.sender, true);
  }

  /** An actor's record (or the admin's own report) to this process's sink and every subscribed starter. */
  forwardLog(level: string, message: string, actorAddress?: string, actorClass?: string, fromRemote = false): void {
    const record = { op: 'log-record' as const, level, message, time: Date.now(), actorAddress, actorClass };
    if (!fromRemote) this.convention?.logRecord(level, message, record.time, actorAddress, actorClass);
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

  // ---- outbound -----------------------------------------------------------------------

  control(route: string, message: ControlMessage): void {
    if ((message.op === 'created' || message.op === 'route') && message.route !== null && isNameKey(message.key)) {
      const entry = this.core.entries.get(message.key);
      if (entry) (entry.knownBy ??= new Set()).add(route);
    }
    if (route === 'local' && this.options.localReply) {
      this.options.localReply(message);
      return;
    }
    try {
      this.transport.send(route, prepareEnvelope({ targetKey: `${route}#proc`, sender: this.address, message, kind: KIND_CONTROL, system: true }));
    } catch (err) {
      this.options.log('error', `admin could not send ${message.op} to ${route}: ${(err as Error).message}`);
    }
  }

  /** An envelope held for its key goes where that key leads now; one that cannot go is dead-lettered. */
  redirect(env: OutboundEnvelope): void {
    try {
      this.destinations.of(env.targetKey).accept(env);
    } catch (err) {
      this.options.log('error', `admin could not pass on a held ${describeValue(env.message)} for ${env.targetKey}: ${(err as Error).message}`);
      this.deadLetter(env.targetKey, '', env.message, env.sender);
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
      this.destinations.of(targetKey).accept(env);
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
  reportedDead(targetKey: string, label: string, message: unknown, sender: ActorAddress | null, from: string | undefined): void {
    const entry = isNameKey(targetKey) ? this.core.entries.get(targetKey) : undefined;
    if (entry && entry.state !== 'dead' && from !== undefined && entry.route !== from) this.sendUser(targetKey, message, sender, true);
    else this.deadLetter(targetKey, label, message, sender);
  }

  deadLetter(targetKey: string, label: string, message: unknown, sender: ActorAddress | null): void {
    if (message instanceof StatusRequest && this.statusQuestions.undeliverable(targetKey)) return;
    this.core.deadLetters.deliver(new ActorAddress(targetKey, label || this.core.entries.get(targetKey)?.label || ''), message, sender);
  }

  undeliverable(env: OutboundEnvelope, target: string): void {
    if (this.convention?.onUndeliverable(env, target) || this.convention?.detours.detour(env, target)) return;
    if (env.kind === KIND_USER) this.deadLetter(env.targetKey, '', env.message, env.sender);
  }

  // ---- capabilities, status, shutdown ---------------------------------------------------

  /** Spec 5.13: changed capabilities go to every actor, which re-checks itself. */
  updateCapability(name: string, value: unknown): void {
    if (!this.core.updateCapability(name, value)) return;
    this.convention?.membership.updateCapabilities({ ...this.core.capabilities });
    // Once per process: a pooled host passes it to each of its actors. An actor placed on another
    // system hears from that system's admin, which the convention told of the change.
    const routes = new Set<string>();
    for (const e of this.core.live()) if (e.state === 'live' && e.route && e.remoteAdmin === undefined) routes.add(e.route);
    for (const route of routes) this.control(route, { op: 'caps', capabilities: { ...this.core.capabilities } });
  }

  status(): SystemStatus {
    const st = adminStatus(this.core, this.processes);
    if (this.convention?.active) st.convention = this.convention.status();
    return st;
  }

  /** status() plus each live actor's own ActorStatus (mailbox depth, messages handled, children), asked now. */
  async detailedStatus(): Promise<SystemStatus> {
    const st = this.status();
    st.actorDetails = await Promise.all(
      this.core.live().map((e) => askActorStatus(this.core, e, this.statusQuestions, () => this.sendUser(e.key, new StatusRequest(), this.address, true))),
    );
    return st;
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
    for (const e of this.core.live()) {
      if (e.state === 'live') this.sendUser(e.key, new ActorExitRequest(false), this.address);
    }
    // Spec 4.11.1: an orderly shutdown leaves the convention at once; after the exit requests
    // for actors running on other systems, which travel the same links ahead of the leave.
    this.convention?.stop();
    await this.processes.stopAll();
  }
}

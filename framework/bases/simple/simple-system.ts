import { ActorAddress } from '../../actor/address.js';
import { attachContext, ActorBase } from '../../actor/actor-base.js';
import { ActorSystemFailure, NoCompatibleSystemForActor, describeValue } from '../../actor/errors.js';
import {
  ActorExitRequest,
  ActorSystemMessage,
  ChildActorExited,
  DeadEnvelope,
  ValidatedSource,
  WakeupMessage,
} from '../../actor/messages.js';
import { ActorStatus, StatusRequest, SystemStatus } from '../../actor/status-messages.js';
import type { ActorSpec, Capabilities, CreateActorOptions, LogLevel } from '../../actor/context.js';
import { createLogger, type Logger } from '../../logging/logger.js';
import { ExternalEndpoint, type EndpointWaiter } from '../../system/endpoint.js';
import { WakeupQueue } from '../../system/wakeup-queue.js';
import { describeSpec, resolveActorClass, resolveActorClassSync, type ActorClass } from '../../system/actor-spec.js';
import { applyCapabilityUpdate, initialCapabilities } from '../../system/capabilities.js';
import type { CellHost } from '../../system/actor-cell.js';
import type { EndpointHandle, SystemBase, SystemOptions } from '../../system/system-base.js';
import { SourceRegistry, effectiveSourceHash } from '../../sources/source-registry.js';
import { SendQueue } from './fifo.js';
import { SimpleCell } from './simple-cell.js';
import { CellContext } from './cell-context.js';

let systemCounter = 0;

/**
 * Spec 9.2: every actor in this process, run from the caller's tell/ask/listen. Sends
 * go on one queue that is drained until the system is quiet; an async handler holds
 * back only its own actor's next message.
 */
export class SimpleSystem implements SystemBase, CellHost {
  readonly baseName = 'simpleSystemBase';
  readonly mainEndpoint: ExternalEndpoint;
  private readonly id = `s${(++systemCounter).toString(36)}`;
  private seq = 0;
  private readonly adminAddress: ActorAddress;
  private readonly cells = new Map<string, SimpleCell>();
  private readonly endpoints = new Map<string, ExternalEndpoint>();
  private readonly queue = new SendQueue();
  private readonly popped = { target: undefined as unknown as ActorAddress, message: undefined as unknown, sender: undefined as unknown as ActorAddress };
  private readonly wakeups = new WakeupQueue<SimpleCell>();
  private readonly names = new Map<string, SimpleCell>();
  /** Spec 4.3: one handler, the latest to register (Thespian's DeadLetterBox registry entry). */
  private deadLetterHandler: SimpleCell | undefined;
  private readonly conventionListeners = new Set<SimpleCell>();
  private readonly sources = new SourceRegistry({ post: (to, m) => this.post(this.adminAddress, to, m), log: (level, m) => this.log(level, m) });
  private readonly capabilities: Capabilities;
  private readonly logger: Logger;
  private inflight = 0;
  private draining = false;
  private waiters: (() => void)[] = [];
  private shutdownPromise: Promise<void> | undefined;
  isShutdown = false;
  readonly counters = { messagesDelivered: 0, deadLetters: 0, poisonMessages: 0, actorsCreated: 0, actorsExited: 0 };

  constructor(options: SystemOptions) {
    this.capabilities = initialCapabilities(this.baseName, options.capabilities);
    this.logger = createLogger(options.logDefs);
    this.mainEndpoint = this.newEndpoint('external');
    this.adminAddress = new ActorAddress(`${this.id}/admin`, 'Admin');
  }

  private newEndpoint(label: string): ExternalEndpoint {
    const ep = new ExternalEndpoint(new ActorAddress(`${this.id}/${label}-${++this.seq}`, label));
    this.endpoints.set(ep.address.key, ep);
    return ep;
  }

  // ---- the run loop -------------------------------------------------------------------

  private drainScheduled = false;

  post(from: ActorAddress, to: ActorAddress, message: unknown): void {
    this.queue.push(to, message, from);
    // A send from an async handler between its awaits: deliver it now, not at the next tell.
    if (!this.draining && !this.drainScheduled) {
      this.drainScheduled = true;
      queueMicrotask(() => {
        this.drainScheduled = false;
        this.drain();
        this.notify();
      });
    }
  }

  private drain(): void {
    if (this.draining) return;
    this.draining = true;
    const out = this.popped;
    try {
      for (;;) {
        if (this.wakeups.size) this.deliverDueWakeups();
        if (this.queue.isEmpty) break;
        while (!this.queue.isEmpty) {
          this.queue.shift(out);
          this.deliver(out.target, out.message, out.sender);
        }
      }
    } finally {
      this.draining = false;
      out.message = undefined;
    }
  }

  private lookup(target: ActorAddress): SimpleCell | undefined {
    const local = target._local as SimpleCell | undefined;
    if (local !== undefined && local.host === this) return local;
    return this.cells.get(target.key);
  }

  private deliver(target: ActorAddress, message: unknown, sender: ActorAddress): void {
    const cell = this.lookup(target);
    if (cell !== undefined && cell.state !== 'dead') {
      if (typeof message === 'object' && message instanceof StatusRequest) {
        this.post(target, sender, this.actorStatus(cell));
        return;
      }
      this.counters.messagesDelivered++;
      if (cell.busy || cell.mailbox.length !== 0) cell.mailbox.push({ message, sender });
      else cell.handle(message, sender);
      return;
    }
    if (cell === undefined) {
      const ep = this.endpoints.get(target.key);
      if (ep !== undefined) {
        this.counters.messagesDelivered++;
        ep.accept(message, sender);
        return;
      }
      if (target.key === this.adminAddress.key) {
        this.adminReceive(message, sender);
        return;
      }
    }
    this.deadLetter(target, message, sender);
  }

  private deadLetter(target: ActorAddress, message: unknown, sender: ActorAddress): void {
    // Exit requests to the dead and dead envelopes themselves would only loop.
    if (message instanceof DeadEnvelope || message instanceof ActorExitRequest) return;
    this.counters.deadLetters++;
    const handler = this.deadLetterHandler;
    if (handler === undefined) {
      this.log('debug', `dead letter: ${describeValue(message)} to ${String(target)} discarded (no dead letter handler)`);
      return;
    }
    this.post(sender, handler.address, new DeadEnvelope(target, message));
  }

  private deliverDueWakeups(): void {
    for (const w of this.wakeups.takeDue(performance.now())) {
      if (w.target.state !== 'dead') this.post(w.target.address, w.target.address, new WakeupMessage(w.delayMs, w.payload));
    }
  }

  resume(cell: SimpleCell): void {
    while (!cell.busy && cell.state !== 'dead' && cell.mailbox.length !== 0) {
      const env = cell.mailbox.shift()!;
      cell.handle(env.message, env.sender);
    }
    this.drain();
    this.notify();
  }

  /** Work an actor runs outside its handlers: listen and ask keep waiting for it as for an async handler. */
  holdOpen(work: Promise<unknown>): void {
    this.inflight++;
    const end = () => {
      this.inflight--;
      this.drain();
      this.notify();
    };
    work.then(end, end);
  }

  asyncStarted(): void {
    this.inflight++;
  }

  asyncEnded(): void {
    this.inflight--;
  }

  private notify(): void {
    const waiters = this.waiters;
    if (waiters.length === 0) return;
    this.waiters = [];
    for (const w of waiters) w();
  }

  /** Resolves at the next settled async handler, after `ms`, or when `until` settles. */
  private progress(ms: number, until?: Promise<unknown>): Promise<void> {
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const done = () => {
        if (timer) clearTimeout(timer);
        const i = this.waiters.indexOf(done);
        if (i >= 0) this.waiters.splice(i, 1);
        resolve();
      };
      if (Number.isFinite(ms)) timer = setTimeout(done, Math.max(0, ms));
      this.waiters.push(done);
      void until?.then(done);
    });
  }

  // ---- the external API ---------------------------------------------------------------

  async tell(endpoint: EndpointHandle, target: ActorAddress, message: unknown): Promise<void> {
    this.queue.push(target, message, endpoint.address);
    this.drain();
  }

  async ask(endpoint: EndpointHandle, target: ActorAddress, message: unknown, timeoutMs?: number): Promise<unknown> {
    const ep = endpoint as ExternalEndpoint;
    // Registered before the message is sent: the reply may be delivered within this call.
    const waiter = ep.wait(target);
    this.queue.push(target, message, ep.address);
    return this.runUntil(ep, waiter, timeoutMs);
  }

  async listen(endpoint: EndpointHandle, timeoutMs?: number): Promise<unknown> {
    const ep = endpoint as ExternalEndpoint;
    return this.runUntil(ep, ep.wait(), timeoutMs);
  }

  /**
   * Spec 6.6/6.7 with release 2.5.0: runs the actors until `waiter` has its message. It waits
   * while an async handler runs or a wakeup is pending (with a timeout, one due inside it);
   * with nothing left that could answer it returns undefined at once, as Thespian's
   * simpleSystemBase does. Unlike Thespian, with no timeout it also sleeps until pending
   * wakeups fall due (Thespian returns None there): an ask with no timeout waits for its
   * reply on every base (issue 14 item 4). An actor that re-arms a wakeup for ever keeps
   * such an ask waiting, as a silent actor does on the multi-process bases.
   */
  private async runUntil(ep: ExternalEndpoint, waiter: EndpointWaiter, timeoutMs: number | undefined): Promise<unknown> {
    const deadline = timeoutMs === undefined ? Infinity : performance.now() + timeoutMs;
    for (;;) {
      this.drain();
      if (waiter.settled) return waiter.value;
      const now = performance.now();
      if (this.isShutdown || now >= deadline) break;
      const nextWake = this.wakeups.nextDue();
      const wakeInWindow = nextWake !== undefined && nextWake <= deadline;
      if (this.inflight === 0 && !wakeInWindow) break;
      await this.progress(Math.min(deadline, wakeInWindow ? nextWake : Infinity) - now, waiter.done);
    }
    ep.withdraw(waiter);
    return undefined;
  }

  async openEndpoint(): Promise<EndpointHandle> {
    return this.newEndpoint('private');
  }

  async closeEndpoint(endpoint: EndpointHandle): Promise<void> {
    (endpoint as ExternalEndpoint).releaseAll();
    this.endpoints.delete(endpoint.address.key);
  }

  async createActor(spec: ActorSpec, options: CreateActorOptions): Promise<ActorAddress> {
    // Spec 4.6: the name is looked up before the class, so a held name ignores `spec` entirely.
    const named = this.liveNamed(options.globalName);
    if (named) return named.address;
    const cls = options.sourceHash === undefined ? await resolveActorClass(spec) : this.sourceClass(options.sourceHash, spec);
    if (!cls.actorSystemCapabilityCheck({ ...this.capabilities }, options.requirements)) {
      throw new NoCompatibleSystemForActor(
        `no actor system can host ${cls.name}: its actorSystemCapabilityCheck rejected this ${this.baseName}'s capabilities ` +
          `(requirements: ${describeValue(options.requirements)}); add the capability with updateCapability() or start the system with it`,
      );
    }
    const cell = this.newCell(null, cls, options);
    cell.sourceHash = options.sourceHash;
    if (cell.state === 'dead') {
      const err = cell.startError as Error | undefined;
      throw new ActorSystemFailure(`${cls.name} could not start: its constructor threw ${err?.name ?? 'Error'}: ${err?.message ?? String(err)}`, 'ACTOR_START_FAILED');
    }
    return cell.address;
  }

  private sourceClass(hash: string, spec: ActorSpec): ActorClass {
    return (typeof spec === 'string' ? this.sources.actorClass(hash, spec) : (this.sources.check(hash), spec)) as ActorClass;
  }

  private liveNamed(globalName: string | undefined): SimpleCell | undefined {
    if (!globalName) return undefined;
    const cell = this.names.get(globalName);
    return cell && cell.state !== 'dead' ? cell : undefined;
  }

  // ---- actors -------------------------------------------------------------------------

  /** Spec 5.3: the address at once; a class that must be imported starts when it arrives. */
  createChild(parent: SimpleCell, spec: ActorSpec, options: CreateActorOptions): ActorAddress {
    const named = this.liveNamed(options.globalName);
    if (named) return named.address;
    const sourceHash = effectiveSourceHash(spec, options.sourceHash, parent.sourceHash);
    if (sourceHash !== undefined) return this.newSourceChild(parent, spec, { ...options, sourceHash });
    const cls = resolveActorClassSync(spec);
    if (cls) return this.newCell(parent, cls, options).address;
    const cell = this.registerCell(options.globalName ? null : parent, ActorBase as ActorClass, describeSpec(spec), options);
    this.inflight++;
    resolveActorClass(spec).then(
      (loaded) => this.startCell(cell, loaded),
      (err: unknown) => this.failStart(cell, err),
    ).finally(() => {
      this.inflight--;
      this.resume(cell);
    });
    return cell.address;
  }

  private newSourceChild(parent: SimpleCell, spec: ActorSpec, options: CreateActorOptions & { sourceHash: string }): ActorAddress {
    let cls: ActorClass;
    try {
      cls = this.sourceClass(options.sourceHash, spec);
    } catch (err) {
      const cell = this.registerCell(options.globalName ? null : parent, ActorBase as ActorClass, describeSpec(spec), options);
      this.failStart(cell, err);
      return cell.address;
    }
    const cell = this.registerCell(options.globalName ? null : parent, cls, cls.name, options);
    cell.sourceHash = options.sourceHash;
    this.startCell(cell, cls);
    return cell.address;
  }

  private newCell(parent: SimpleCell | null, cls: ActorClass, options: CreateActorOptions): SimpleCell {
    const cell = this.registerCell(options.globalName ? null : parent, cls, cls.name, options);
    this.startCell(cell, cls);
    return cell;
  }

  private registerCell(parent: SimpleCell | null, cls: ActorClass, label: string, options: CreateActorOptions): SimpleCell {
    const address = new ActorAddress(`${this.id}/${++this.seq}`, label);
    const cell = new SimpleCell(this, address, cls);
    address._local = cell;
    cell.parent = parent;
    cell.requirements = options.requirements;
    cell.globalName = options.globalName ?? '';
    this.cells.set(address.key, cell);
    parent?.children.add(cell);
    if (cell.globalName) this.names.set(cell.globalName, cell);
    this.counters.actorsCreated++;
    return cell;
  }

  private startCell(cell: SimpleCell, cls: ActorClass): void {
    cell.actorClass = cls;
    if (!cls.actorSystemCapabilityCheck({ ...this.capabilities }, cell.requirements)) {
      this.failStart(cell, new NoCompatibleSystemForActor(`no actor system can host ${cls.name}: its actorSystemCapabilityCheck rejected this system`));
      return;
    }
    let instance: ActorBase;
    try {
      instance = new cls({ ...this.capabilities }, cell.requirements);
    } catch (err) {
      this.failStart(cell, err);
      return;
    }
    attachContext(instance, new CellContext(this, cell));
    cell.instance = instance;
    cell.state = 'live';
    cell.busy = false;
  }

  /** Spec 4.3: a non-startable actor is dead-lettered and its parent told it exited. */
  private failStart(cell: SimpleCell, err: unknown): void {
    cell.startError = err;
    this.log('error', `actor ${cell.actorClass === ActorBase ? cell.address.label : cell.actorClass.name} could not start: ${(err as Error)?.message ?? String(err)}`);
    this.exited(cell, new ActorExitRequest());
  }

  exited(cell: SimpleCell, request: ActorExitRequest): void {
    if (cell.state === 'dead') return;
    cell.state = 'dead';
    cell.instance = undefined;
    this.counters.actorsExited++;
    this.cells.delete(cell.address.key);
    if (cell.globalName && this.names.get(cell.globalName) === cell) this.names.delete(cell.globalName);
    // An exited handler is not replaced by an earlier one: letters are discarded until someone registers.
    if (this.deadLetterHandler === cell) this.deadLetterHandler = undefined;
    this.conventionListeners.delete(cell);
    this.sources.forget(cell.address);
    this.wakeups.dropFor(cell);
    for (const env of cell.mailbox.splice(0)) this.deadLetter(cell.address, env.message, env.sender);
    for (const child of cell.children) {
      if (request.isRecursive) this.post(cell.address, child.address, new ActorExitRequest());
      else child.parent = null;
    }
    cell.children.clear();
    const parent = cell.parent;
    if (parent && parent.state !== 'dead') {
      parent.children.delete(cell);
      this.post(cell.address, parent.address, new ChildActorExited(cell.address));
    }
  }

  addWakeup(cell: SimpleCell, delayMs: number, payload: unknown): void {
    if (typeof delayMs !== 'number' || Number.isNaN(delayMs) || delayMs < 0) {
      throw new RangeError(`${cell.actorClass.name}.wakeupAfter() needs a delay in milliseconds >= 0, got ${describeValue(delayMs)}`);
    }
    this.wakeups.add({ due: performance.now() + delayMs, target: cell, delayMs, payload });
  }

  setDeadLetterHandler(cell: SimpleCell, on: boolean): void {
    // The latest registration wins; handleDeadLetters(false) only counts from the current handler.
    if (on) this.deadLetterHandler = cell;
    else if (this.deadLetterHandler === cell) this.deadLetterHandler = undefined;
  }

  setConventionListener(cell: SimpleCell, on: boolean): void {
    if (on) this.conventionListeners.add(cell);
    else this.conventionListeners.delete(cell);
  }

  setSourceListener(cell: SimpleCell, on: boolean): void {
    this.sources.setListener(cell.address, on);
  }

  setSourceAuthority(cell: SimpleCell): void {
    this.sources.setAuthority(cell.address);
  }

  // ---- capabilities -------------------------------------------------------------------

  /** Spec 5.13: a real change re-validates every actor; those now rejected get ActorExitRequest. */
  changeCapability(name: string, value: unknown): void {
    if (!applyCapabilityUpdate(this.capabilities, name, value, (m) => this.log('warning', m))) return;
    const caps = { ...this.capabilities };
    for (const cell of this.cells.values()) {
      if (cell.state === 'live' && !cell.actorClass.actorSystemCapabilityCheck(caps, cell.requirements)) {
        this.post(this.adminAddress, cell.address, new ActorExitRequest());
      }
    }
  }

  async updateCapability(name: string, value: unknown): Promise<void> {
    this.changeCapability(name, value);
    this.drain();
  }

  // ---- sources (spec 6.10: nothing loads without a source authority) ---------------------

  loadSource(source: Uint8Array | string, _requester: ActorAddress): string {
    return this.sources.load(source, { authorityAlive: (a) => (this.lookup(a)?.state ?? 'dead') !== 'dead' });
  }

  async loadActorSource(source: Uint8Array | string): Promise<string> {
    const hash = this.loadSource(source, this.mainEndpoint.address);
    this.drain();
    return hash;
  }

  unloadSource(hash: string): void {
    this.sources.unload(hash);
  }

  async unloadActorSource(sourceHash: string): Promise<void> {
    this.unloadSource(sourceHash);
    this.drain();
  }

  private adminReceive(message: unknown, sender: ActorAddress): void {
    if (message instanceof ValidatedSource) {
      this.sources.validated(message, sender);
    } else if (message instanceof StatusRequest) {
      this.post(this.adminAddress, sender, this.systemStatus());
    } else if (!(message instanceof ActorSystemMessage)) {
      this.log('debug', `admin ignored ${describeValue(message)} from ${String(sender)}`);
    }
  }

  // ---- status ---------------------------------------------------------------------------

  private actorStatus(cell: SimpleCell): ActorStatus {
    return new ActorStatus({
      actorAddress: cell.address,
      actorClass: cell.actorClass.name,
      globalName: cell.globalName,
      parent: cell.parent?.address ?? null,
      childActors: [...cell.children].map((c) => c.address),
      pendingMessages: cell.mailbox.length,
      pendingWakeups: this.wakeups.countFor(cell),
      messagesReceived: cell.received,
    });
  }

  private systemStatus(): SystemStatus {
    const live = [...this.cells.values()].filter((c) => c.state !== 'dead');
    return new SystemStatus({
      base: this.baseName,
      capabilities: { ...this.capabilities },
      actorCount: live.length,
      actors: live.map((c) => c.address),
      globalNames: Object.fromEntries([...this.names].filter(([, c]) => c.state !== 'dead').map(([n, c]) => [n, c.address])),
      loadedSources: this.sources.hashes(),
      deadLetterHandlers: this.deadLetterHandler ? [this.deadLetterHandler.address] : [],
      counters: { ...this.counters, pendingWakeups: this.wakeups.size },
      pid: process.pid,
      actorDetails: live.map((c) => this.actorStatus(c)),
    });
  }

  async status(): Promise<SystemStatus> {
    this.drain();
    return this.systemStatus();
  }

  // ---- logging --------------------------------------------------------------------------

  private log(level: LogLevel, message: string): void {
    this.logger.log({ level, message, time: Date.now() });
  }

  logFor(cell: SimpleCell, level: LogLevel, message: string, extra?: Record<string, unknown>): void {
    this.logger.log({ level, message, time: Date.now(), actorAddress: String(cell.address), actorClass: cell.actorClass.name, extra });
  }

  logFailure(cell: SimpleCell, message: unknown, error: unknown, final: boolean): void {
    if (final && !(message instanceof ActorExitRequest)) this.counters.poisonMessages++;
    const err = error as Error;
    const what = final ? (message instanceof ActorExitRequest ? 'exiting anyway' : 'returning it to the sender as a PoisonMessage') : 'retrying once';
    this.logFor(cell, final ? 'error' : 'warning', `failed handling ${describeValue(message)}: ${err?.name ?? 'Error'}: ${err?.message ?? String(error)}; ${what}`);
  }

  // ---- shutdown -------------------------------------------------------------------------

  /** Spec 6.3: an ActorExitRequest to every actor, children through their parents. */
  shutdown(): Promise<void> {
    if (!this.shutdownPromise) this.shutdownPromise = this.runShutdown();
    return this.shutdownPromise;
  }

  private async runShutdown(): Promise<void> {
    for (let round = 0; round < 50 && this.cells.size > 0; round++) {
      for (const cell of this.cells.values()) {
        if (cell.state !== 'dead' && (!cell.parent || cell.parent.state === 'dead')) {
          this.post(this.adminAddress, cell.address, new ActorExitRequest());
        }
      }
      this.drain();
      const until = performance.now() + 2000;
      while (this.inflight > 0 && performance.now() < until) {
        await this.progress(until - performance.now());
        this.drain();
      }
      if (this.inflight > 0) break;
    }
    for (const cell of [...this.cells.values()]) this.exited(cell, new ActorExitRequest());
    this.isShutdown = true;
    this.notify();
  }
}

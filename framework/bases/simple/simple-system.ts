import { ActorAddress } from '../../actor/address.js';
import { attachContext, ActorBase } from '../../actor/actor-base.js';
import { ActorSystemFailure } from '../../actor/errors.js';
import { ActorExitRequest, ChildActorExited } from '../../actor/messages.js';
import type { SystemStatus } from '../../actor/status-messages.js';
import type { ActorSpec, CreateActorOptions, LogLevel } from '../../actor/context.js';
import { createLogger, type Logger } from '../../logging/logger.js';
import { ExternalEndpoint } from '../../system/endpoint.js';
import { SimpleWakeups } from './simple-wakeups.js';
import { describeSpec, resolveActorClass, resolveActorClassSync, type ActorClass } from '../../system/actor-spec.js';
import { initialCapabilities } from '../../system/capabilities.js';
import { refusedByCapabilities } from '../../system/actor-checks.js';
import { SimpleAdmin } from './simple-admin.js';
import { Directory, type Destination } from '../../system/destination.js';
import { failureLogLine, type CellHost } from '../../system/actor-cell.js';
import type { EndpointHandle, SystemBase, SystemOptions } from '../../system/system-base.js';
import type { QueuedSend } from './send-queue.js';
import { SimpleCell, type SimpleHost } from './simple-cell.js';
import { effectiveSourceHash } from '../../sources/source-registry.js';
import { CellContext } from './cell-context.js';
import { RunLoop } from './run-loop.js';
import { stopEveryCell } from './simple-shutdown.js';
import { AdminDestination, CellDestination, DeadLetterDestination, EndpointDestination, deliverToCell, type SimpleRouting } from './simple-destinations.js';

let systemCounter = 0;

/**
 * Spec 9.2: every actor in this process, run from the caller's tell/ask/listen (run-loop.ts).
 * Names, dead letters, capabilities, sources and status are the shared admin core's; this
 * class starts and stops actors and routes each send through one directory.
 */
export class SimpleSystem implements SystemBase, CellHost, SimpleHost, SimpleRouting {
  readonly baseName = 'simpleSystemBase';
  readonly mainEndpoint: ExternalEndpoint;
  private readonly id = `s${(++systemCounter).toString(36)}`;
  private seq = 0;
  private readonly adminAddress: ActorAddress;
  private readonly wakeups = new SimpleWakeups((from, to, message) => this.post(from, to, message));
  private readonly logger: Logger;
  readonly core: SimpleAdmin;
  readonly deadLetters: Destination<QueuedSend>;
  /** The one place a send's destination is decided (framework/README.md, "One tell"). */
  private readonly directory: Directory<QueuedSend>;
  private readonly loop: RunLoop;
  private shutdownPromise: Promise<void> | undefined;
  isShutdown = false;
  readonly counters = { messagesDelivered: 0, deadLetters: 0, poisonMessages: 0, actorsCreated: 0, actorsExited: 0 };

  constructor(options: SystemOptions) {
    this.logger = createLogger(options.logDefs);
    this.adminAddress = new ActorAddress(`${this.id}/admin`, 'Admin');
    this.core = new SimpleAdmin(
      this.baseName,
      initialCapabilities(this.baseName, options.capabilities),
      this.counters,
      this.adminAddress,
      this.wakeups,
      (from, to, message) => this.post(from, to, message),
      (level, message) => this.log(level, message),
      (work) => this.holdOpen(work),
    );
    this.deadLetters = new DeadLetterDestination(this.core.deadLetters);
    // Cells are not bound: the admin core knows them (an address made here finds its cell at once).
    this.directory = new Directory((key) => {
      const cell = this.core.entries.get(key);
      return cell ? new CellDestination(this, cell) : this.deadLetters;
    });
    this.directory.bind(this.adminAddress.key, new AdminDestination((m, s) => this.core.receive(m, s)));
    this.loop = new RunLoop(this, this.wakeups, () => this.isShutdown);
    this.mainEndpoint = this.newEndpoint('external');
  }

  private newEndpoint(label: string): ExternalEndpoint {
    const ep = new ExternalEndpoint(new ActorAddress(`${this.id}/${label}-${++this.seq}`, label));
    this.directory.bind(ep.address.key, new EndpointDestination(this, ep));
    return ep;
  }

  route(send: QueuedSend): void {
    // An address made here points at its cell; any other is looked up.
    const local = send.target._local as SimpleCell | undefined;
    if (local !== undefined && local.host === this) deliverToCell(this, local, send);
    else this.directory.resolve(send.target.key).accept(send);
  }

  post(from: ActorAddress, to: ActorAddress, message: unknown): void {
    this.loop.post(from, to, message);
  }

  resume(cell: SimpleCell): void {
    while (!cell.busy && cell.state !== 'dead' && cell.mailbox.length !== 0) {
      const env = cell.mailbox.shift()!;
      cell.handle(env.message, env.sender);
    }
    this.loop.settled();
  }

  holdOpen(work: Promise<unknown>): void {
    this.loop.holdOpen(work);
  }

  asyncStarted(): void {
    this.loop.asyncStarted();
  }

  asyncEnded(): void {
    this.loop.asyncEnded();
  }

  async tell(endpoint: EndpointHandle, target: ActorAddress, message: unknown): Promise<void> {
    this.loop.push(endpoint.address, target, message);
    this.loop.drain();
  }

  async ask(endpoint: EndpointHandle, target: ActorAddress, message: unknown, timeoutMs?: number): Promise<unknown> {
    const ep = endpoint as ExternalEndpoint;
    // Registered before the message is sent: the reply may be delivered within this call.
    const waiter = ep.wait(target);
    this.loop.push(ep.address, target, message);
    return this.loop.runUntil(ep, waiter, timeoutMs);
  }

  async listen(endpoint: EndpointHandle, timeoutMs?: number): Promise<unknown> {
    const ep = endpoint as ExternalEndpoint;
    return this.loop.runUntil(ep, ep.wait(), timeoutMs);
  }

  async openEndpoint(): Promise<EndpointHandle> {
    return this.newEndpoint('private');
  }

  async closeEndpoint(endpoint: EndpointHandle): Promise<void> {
    (endpoint as ExternalEndpoint).releaseAll();
    this.directory.unbind(endpoint.address.key);
  }

  async createActor(spec: ActorSpec, options: CreateActorOptions): Promise<ActorAddress> {
    // Spec 4.6: the name is looked up before the class, so a held name ignores `spec` entirely.
    const named = this.core.names.holder(options.globalName);
    if (named) return named.address;
    const cls = options.sourceHash === undefined ? await resolveActorClass(spec) : this.sourceClass(options.sourceHash, spec);
    if (!cls.actorSystemCapabilityCheck({ ...this.core.capabilities }, options.requirements)) {
      throw refusedByCapabilities(cls.name, `this ${this.baseName}`, options.requirements);
    }
    const cell = this.newCell(null, cls, options);
    if (cell.state === 'dead') {
      const err = cell.startError as Error | undefined;
      throw new ActorSystemFailure(`${cls.name} could not start: its constructor threw ${err?.name ?? 'Error'}: ${err?.message ?? String(err)}`, 'ACTOR_START_FAILED');
    }
    return cell.address;
  }

  private sourceClass(hash: string, spec: ActorSpec): ActorClass {
    return (typeof spec === 'string' ? this.core.sources.actorClass(hash, spec) : (this.core.sources.check(hash), spec)) as ActorClass;
  }

  async updateCapability(name: string, value: unknown): Promise<void> {
    this.core.changeCapability(name, value);
    this.loop.drain();
  }

  async loadActorSource(source: Uint8Array | string): Promise<string> {
    const hash = this.core.loadSource(source);
    this.loop.drain();
    return hash;
  }

  async unloadActorSource(sourceHash: string): Promise<void> {
    this.core.unloadSource(sourceHash);
    this.loop.drain();
  }

  async status(): Promise<SystemStatus> {
    this.loop.drain();
    return this.core.status();
  }

  /** Spec 5.3: the address at once; a class that must be imported starts when it arrives. */
  createChild(parent: SimpleCell, spec: ActorSpec, options: CreateActorOptions): ActorAddress {
    const named = this.core.names.holder(options.globalName);
    if (named) return named.address;
    const sourceHash = effectiveSourceHash(spec, options.sourceHash, parent.sourceHash);
    if (sourceHash !== undefined) return this.newSourceChild(parent, spec, { ...options, sourceHash });
    const cls = resolveActorClassSync(spec);
    if (cls) return this.newCell(parent, cls, options).address;
    const cell = this.registerCell(options.globalName ? null : parent, ActorBase as ActorClass, describeSpec(spec), options);
    this.loop.asyncStarted();
    resolveActorClass(spec).then(
      (loaded) => this.startCell(cell, loaded),
      (err: unknown) => this.failStart(cell, err),
    ).finally(() => {
      this.loop.asyncEnded();
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
    return this.newCell(parent, cls, options).address;
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
    cell.sourceHash = options.sourceHash;
    parent?.children.add(cell);
    this.core.add(cell);
    return cell;
  }

  private startCell(cell: SimpleCell, cls: ActorClass): void {
    cell.actorClass = cls;
    if (!cls.actorSystemCapabilityCheck({ ...this.core.capabilities }, cell.requirements)) {
      this.failStart(cell, refusedByCapabilities(cls.name, `this ${this.baseName}`, cell.requirements));
      return;
    }
    let instance: ActorBase;
    try {
      instance = new cls({ ...this.core.capabilities }, cell.requirements);
    } catch (err) {
      this.failStart(cell, err);
      return;
    }
    attachContext(instance, new CellContext(this, this.core, cell));
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
    cell.instance = undefined;
    this.core.exited(cell, false);
    this.wakeups.dropFor(cell);
    for (const env of cell.mailbox.splice(0)) this.core.deadLetters.deliver(cell.address, env.message, env.sender);
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
    this.wakeups.after(cell, delayMs, payload);
  }

  private log(level: LogLevel, message: string): void {
    this.logger.log({ level, message, time: Date.now() });
  }

  logFor(cell: SimpleCell, level: LogLevel, message: string, extra?: Record<string, unknown>): void {
    this.logger.log({ level, message, time: Date.now(), actorAddress: String(cell.address), actorClass: cell.actorClass.name, extra });
  }

  logFailure(cell: SimpleCell, message: unknown, error: unknown, final: boolean): void {
    if (final && !(message instanceof ActorExitRequest)) this.counters.poisonMessages++;
    this.logFor(cell, final ? 'error' : 'warning', failureLogLine(message, error, final));
  }

  /** Spec 6.3: an ActorExitRequest to every actor, children through their parents. */
  shutdown(): Promise<void> {
    return (this.shutdownPromise ??= this.runShutdown());
  }

  private async runShutdown(): Promise<void> {
    await stopEveryCell(this.core.entries, this.loop, (cell) => this.post(this.adminAddress, cell.address, new ActorExitRequest()), (cell) => this.exited(cell, new ActorExitRequest()));
    this.isShutdown = true;
    this.loop.notify();
  }
}

import { ActorAddress } from '../../../actor/address.js';
import { attachContext, type ActorBase } from '../../../actor/actor-base.js';
import { ActorExitRequest, ChildActorExited, PoisonMessage, ThespianWatch, WakeupMessage } from '../../../actor/messages.js';
import { Watcher } from './watcher.js';
import { ActorStatus, StatusRequest } from '../../../actor/status-messages.js';
import type { ActorSpec, CreateActorOptions } from '../../../actor/context.js';
import { ActorCell, failureLogLine, type CellHost } from '../../../system/actor-cell.js';
import { checkWakeupDelay, refusedByCapabilities } from '../../../system/actor-checks.js';
import type { ActorClass } from '../../../system/actor-spec.js';
import { type OutboundEnvelope, type ReceivedEnvelope, type Transport } from '../../../transport/index.js';
import { ProcessActorContext, type ProcessActorPort } from './actor-context.js';
import { KIND_CONTROL, KIND_USER, type ControlMessage, type StartOrder, type WireSpec } from '../protocol.js';
import { controlMessageProblem } from '../protocol-shapes.js';
import { Router } from '../router.js';
import { announceSpare, refusedFromOtherSystem } from './process-door.js';
import { ChildTable } from './child-table.js';
import { drainThenExit } from './exit-drain.js';
import { acceptingPeers } from './peer-check.js';
import { DropReport } from '../drop-report.js';
import { classOfWire, describeWire, wireLabel, wireSpecSync } from '../spec-transfer.js';
import { effectiveSourceHash, sourceSpecOf } from '../../../sources/source-registry.js';
import { runSoon } from './local-queue.js';

const NO_CAPABILITIES = Object.freeze({});

/**
 * One actor in its own process: the cell, its children, wakeups, and a router to the rest
 * of the system. The process exits when the actor has handled its ActorExitRequest.
 */
export class ActorProcess implements CellHost, ProcessActorPort {
  order!: StartOrder;
  address!: ActorAddress;
  router!: Router;
  private cell: ActorCell | undefined;
  private readonly children = new ChildTable();
  private wakeups = 0;
  private exiting = false;
  private readonly hosted: boolean;
  private readonly watcher = new Watcher((m) => this.deliver(m, this.address));
  /** Sends dropped over the drop level: counted by the admin and logged to the starter. */
  readonly drops = new DropReport((count, targetKey) =>
    this.router.toAdmin({ op: 'dropped', count, targetKey, actorAddress: String(this.address ?? ''), actorClass: this.className }),
  );

  constructor(
    readonly transport: Transport,
    private readonly adminRoute: string,
    private readonly adminKey: string,
    private readonly exit: (code: number) => void,
    private readonly allowedRoots: readonly string[],
    viaAdmin = false,
    private readonly log: (level: string, message: string) => void = () => {},
    /** Links from other systems' actors are accepted (spec 9.4 direct routing; the key is in the transport). */
    directAcrossSystems = false,
    /** Pooled mode: one of many actors in a host process (host-process.ts), on the host's router; `exit` then only removes it. */
    host?: Router,
  ) {
    this.hosted = host !== undefined;
    this.router = host ?? new Router(
      transport,
      adminRoute,
      adminKey,
      (env) => this.router.reportDead(env),
      viaAdmin ? adminRoute : undefined,
      directAcrossSystems,
    );
  }

  get className(): string {
    return this.cell?.actorClass.name ?? this.order?.label ?? 'Actor';
  }

  /** The first words with the admin: this process is a warm spare, ready for an order. */
  announce(): void {
    announceSpare(this.transport, this.adminRoute, this.adminKey);
  }

  onEnvelope(env: ReceivedEnvelope): void {
    if (refusedFromOtherSystem(env, this.log)) return;
    if (env.kind === KIND_CONTROL) {
      env.settle?.();
      // A malformed control frame, from anyone, is logged and dropped: the actor keeps running.
      const problem = controlMessageProblem(env.message);
      if (problem !== undefined) {
        this.log('warning', `dropped a malformed control message from ${env.sender?.key ?? 'an unnamed sender'}: ${problem}`);
        return;
      }
      const msg = env.message as ControlMessage;
      this.control(msg).catch((err: unknown) => this.log('error', `failed handling control '${msg.op}': ${(err as Error)?.stack ?? String(err)}`));
      return;
    }
    if (!this.cell || env.targetKey !== this.address?.key) {
      // A stale route (e.g. a port reused after its actor died): not ours, so dead.
      this.router.reportDead(env);
      env.settle?.();
      return;
    }
    this.deliver(env.message, env.sender ?? this.address, env.settle);
  }

  private async control(msg: ControlMessage): Promise<void> {
    switch (msg.op) {
      case 'start':
        await this.start(msg.order);
        return;
      case 'created':
        if (msg.route === null) this.childNeverStarted(msg);
        this.router.learn(msg.key, msg.route);
        return;
      case 'route':
        this.router.learn(msg.key, msg.route);
        return;
      case 'forget':
        this.router.forget(msg.key);
        return;
      case 'caps':
        if (this.cell && !this.cell.actorClass.actorSystemCapabilityCheck(msg.capabilities, this.order.requirements)) {
          this.deliver(new ActorExitRequest(), this.address);
        }
        return;
      default:
        return;
    }
  }

  private async start(order: StartOrder): Promise<void> {
    // One process, one actor: a second order (a replay, or a stranger) must not replace it.
    if (this.order) return void this.log('warning', `ignored a second start order (for ${order.label}): this process already hosts ${this.order.label}`);
    this.order = order;
    this.address = new ActorAddress(order.key, order.label);
    let cls: ActorClass;
    let instance: ActorBase;
    try {
      // Defence in depth: the admin checked the path too, but this is the process that imports it.
      cls = await classOfWire(order.spec, this.allowedRoots, order.source);
      if (!cls.actorSystemCapabilityCheck({ ...order.capabilities }, order.requirements)) {
        // Spec 4.11.3: which other systems of the convention this class would take (the admin never loads it).
        throw Object.assign(refusedByCapabilities(cls.name, 'this system', order.requirements), { accepts: acceptingPeers(cls, order) });
      }
      if (this.hosted && cls.isolated) {
        // Pooled mode: the admin starts it again in a process of its own.
        this.router.toAdmin({ op: 'isolate', key: order.key });
        this.exit(0);
        return;
      }
      if (!this.hosted) process.title = `thespian ${cls.name}`;
      instance = new cls({ ...order.capabilities }, order.requirements);
      // Not needed after the start (a change comes as 'caps'); a pooled host keeps many orders.
      order.capabilities = NO_CAPABILITIES;
    } catch (err) {
      const e = err as Error & { code?: string; accepts?: string[] };
      this.router.toAdmin({
        op: 'start-failed',
        key: order.key,
        error: `${describeWire(order.spec)}: ${e?.message ?? String(err)}`,
        code: e?.code ?? 'ACTOR_START_FAILED',
        ...(e?.accepts ? { accepts: e.accepts } : {}),
      });
      setTimeout(() => this.exit(1), 50);
      return;
    }
    const cell = new ActorCell(this, this.address, cls);
    attachContext(instance, new ProcessActorContext(this));
    cell.instance = instance;
    cell.state = 'live';
    cell.busy = false;
    this.cell = cell;
    const take = (message: unknown, sender: ActorAddress | null): void => this.deliver(message, sender ?? this.address);
    this.router.bindActor(order.key, (message, sender) => runSoon(take, message, sender));
    this.router.toAdmin({ op: 'ready', key: order.key, pid: process.pid });
  }

  /** `settle`: the transport's acknowledgement, given once the message is taken (or dead). */
  private deliver(message: unknown, sender: ActorAddress, settle?: () => void): void {
    const cell = this.cell;
    if (!cell || cell.state === 'dead') {
      // Arrived after the actor handled its exit request: a dead letter (spec 2.2.3).
      if (this.address && !(message instanceof ActorExitRequest)) {
        this.router.toAdmin({ op: 'dead-letter', targetKey: this.address.key, targetLabel: this.address.label, message, origin: sender });
      }
      settle?.();
      return;
    }
    if (typeof message === 'object' && message instanceof StatusRequest) {
      this.post(this.address, sender, this.status());
      settle?.();
      return;
    }
    if (typeof message === 'object' && message instanceof ChildActorExited) this.children.delete(message.childAddress.key);
    this.watcher.messageArrived();
    if (cell.busy || cell.mailbox.length !== 0 || this.heldBack()) {
      cell.mailbox.push(settle ? { message, sender, settle } : { message, sender });
      if (!cell.busy && this.heldBack()) void this.transport.whenUnblocked().then(() => this.resume(cell));
      return;
    }
    cell.handle(message, sender);
    settle?.();
  }

  /**
   * Backpressure: a full transmit queue holds the actor's next message. A pooled host's queue
   * is every actor's there: holding them all would hold the messages whose acknowledgements
   * let another host's queue drain, and two hosts sending to each other would wait forever.
   * In a host only the drop level applies (README, pooled mode).
   */
  private heldBack(): boolean {
    return !this.hosted && this.transport.isBlocked();
  }

  // ---- CellHost -------------------------------------------------------------------------

  post(from: ActorAddress, to: ActorAddress, message: unknown): void {
    if (to.key === this.address.key) {
      // To itself: no encoding; after pending I/O, so a self-paced sender lets its
      // transmit queue drain (and backpressure hold it) between messages.
      setImmediate(() => this.deliver(message, from));
      return;
    }
    this.router.post(to.key, from, message, KIND_USER);
  }

  resume(cell: ActorCell): void {
    while (!cell.busy && cell.state !== 'dead' && cell.mailbox.length !== 0 && !this.heldBack()) {
      const env = cell.mailbox.shift()!;
      cell.handle(env.message, env.sender);
      env.settle?.();
    }
    if (!cell.busy && cell.mailbox.length !== 0 && this.heldBack()) {
      void this.transport.whenUnblocked().then(() => this.resume(cell));
    }
  }

  returned(_cell: ActorCell, value: unknown): void {
    if (value instanceof ThespianWatch) this.watcher.arm(value);
  }

  asyncStarted(): void {}
  asyncEnded(): void {}

  exited(cell: ActorCell, request: ActorExitRequest): void {
    if (this.exiting) return;
    this.exiting = true;
    cell.state = 'dead';
    for (const env of cell.mailbox.splice(0)) {
      if (!(env.message instanceof ActorExitRequest)) this.router.toAdmin({ op: 'dead-letter', targetKey: this.address.key, targetLabel: this.address.label, message: env.message, origin: env.sender });
      env.settle?.();
    }
    if (request.isRecursive) {
      for (const child of this.children.addresses()) this.post(this.address, child, new ActorExitRequest());
    }
    void drainThenExit(this.transport, this.router, this.address.key, !this.hosted, this.exit);
  }

  logFailure(_cell: ActorCell, message: unknown, error: unknown, final: boolean): void {
    if (final && !(message instanceof ActorExitRequest)) this.router.toAdmin({ op: 'poisoned' });
    this.router.toAdmin({
      op: 'log',
      level: final ? 'error' : 'warning',
      message: failureLogLine(message, error, final),
      actorAddress: String(this.address),
      actorClass: this.className,
    });
  }

  // ---- the actor's API ---------------------------------------------------------------------

  createChild(spec: ActorSpec, options: CreateActorOptions): ActorAddress {
    const sourceHash = effectiveSourceHash(spec, options.sourceHash, this.order.spec.kind === 'source' ? this.order.spec.hash : undefined);
    const wire: WireSpec = sourceHash !== undefined ? { kind: 'source', hash: sourceHash, spec: sourceSpecOf(spec) } : wireSpecSync(spec);
    const globalName = options.globalName ?? '';
    const label = wireLabel(wire);
    const key = this.children.newKey(this.order.home, this.address.key, globalName);
    if (!globalName) this.children.add(key, label);
    this.router.expect(key);
    this.router.toAdmin({ op: 'create', reqId: 0, key, label, spec: wire, requirements: options.requirements ?? null, globalName, parentKey: globalName ? null : this.address.key });
    return new ActorAddress(key, label);
  }

  addWakeup(delayMs: number, payload: unknown): void {
    checkWakeupDelay(this.className, delayMs);
    this.wakeups++;
    setTimeout(() => {
      this.wakeups--;
      this.deliver(new WakeupMessage(delayMs, payload), this.address);
    }, delayMs);
  }

  /**
   * Spec 4.11.3: what this actor sent a child no system would host comes back as poison
   * (Thespian's "Child Aborted"); a child that failed otherwise (its constructor threw) has its
   * messages dead-lettered.
   */
  childNeverStarted(msg: Extract<ControlMessage, { op: 'created' }>): void {
    if (msg.code === 'NO_COMPATIBLE_SYSTEM' && this.children.has(msg.key)) this.returnToSender(this.router.takeHeld(msg.key));
  }

  private returnToSender(held: OutboundEnvelope[]): void {
    for (const env of held) {
      if (env.kind === KIND_USER && env.sender?.key === this.address.key && !(env.message instanceof PoisonMessage)) {
        this.deliver(new PoisonMessage(env.message, 'Child Aborted'), this.address);
      } else this.router.reportDead(env);
    }
  }

  /** A send to a dead peer came back from the transport. */
  undeliverable(env: OutboundEnvelope): void {
    this.router.returned(env);
  }

  private status(): ActorStatus {
    return new ActorStatus({
      actorAddress: this.address,
      actorClass: this.className,
      globalName: this.order.globalName,
      parent: this.order.parentKey ? new ActorAddress(this.order.parentKey) : null,
      childActors: this.children.addresses(),
      pendingMessages: this.cell?.mailbox.length ?? 0,
      pendingWakeups: this.wakeups,
      messagesReceived: this.cell?.received ?? 0,
      pid: process.pid,
      ...(this.hosted ? { pooled: true } : {}),
    });
  }
}

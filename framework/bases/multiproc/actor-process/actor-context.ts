import type { ActorAddress } from '../../../actor/address.js';
import type { ActorContext, ActorSpec, Capabilities, CreateActorOptions, LogLevel } from '../../../actor/context.js';
import type { StartOrder, AdminRequest } from '../protocol.js';
import { remoteAddressText } from '../remote-address.js';
import { checkSendTarget } from '../../../system/actor-checks.js';
import { hashSource, sourceBytes } from '../../../sources/source-hash.js';
import { LEVEL_NUMBERS } from '../../../logging/levels.js';

/** What the context asks of the actor's process (ActorProcess implements it). */
export interface ProcessActorPort {
  readonly address: ActorAddress;
  readonly order: StartOrder;
  readonly className: string;
  readonly router: { toAdmin(request: AdminRequest): void };
  post(from: ActorAddress, to: ActorAddress, message: unknown): void;
  createChild(spec: ActorSpec, options: CreateActorOptions): ActorAddress;
  addWakeup(delayMs: number, payload: unknown): void;
}

/** The ActorContext of the one actor in a child process. */
export class ProcessActorContext implements ActorContext {
  constructor(private readonly proc: ProcessActorPort) {}

  get myAddress(): ActorAddress {
    return this.proc.address;
  }

  get globalName(): string {
    return this.proc.order.globalName;
  }

  get requirements(): unknown {
    return this.proc.order.requirements ?? undefined;
  }

  send(target: ActorAddress, message: unknown): void {
    checkSendTarget(this.proc.className, target, message);
    this.proc.post(this.proc.address, target, message);
  }

  createActor(spec: ActorSpec, options: CreateActorOptions): ActorAddress {
    return this.proc.createChild(spec, options);
  }

  wakeupAfter(delayMs: number, payload: unknown): void {
    this.proc.addWakeup(delayMs, payload);
  }

  handleDeadLetters(startHandling: boolean): void {
    this.proc.router.toAdmin({ op: 'dl-handler', key: this.proc.address.key, on: startHandling });
  }

  notifyOnSystemRegistrationChanges(startHandling: boolean): void {
    this.proc.router.toAdmin({ op: 'convention-notify', key: this.proc.address.key, label: this.proc.address.label, on: startHandling !== false });
  }

  registerSourceAuthority(): void {
    this.proc.router.toAdmin({ op: 'source-authority', key: this.proc.address.key, label: this.proc.address.label });
  }

  /** The hash is the content's, so it is known here at once; the admin holds the source. */
  loadActorSource(source: Uint8Array | string): string {
    const data = sourceBytes(source);
    this.proc.router.toAdmin({ op: 'source-load', reqId: 0, data, info: typeof source === 'string' ? source : '' });
    return hashSource(data);
  }

  unloadActorSource(sourceHash: string): void {
    this.proc.router.toAdmin({ op: 'source-unload', reqId: 0, hash: sourceHash });
  }

  notifyOnSourceAvailability(enable: boolean): void {
    this.proc.router.toAdmin({ op: 'source-notify', key: this.proc.address.key, label: this.proc.address.label, on: enable });
  }

  updateCapability(name: string, value: unknown): void {
    this.proc.router.toAdmin({ op: 'capability', name, value: value ?? null, reqId: 0 });
  }

  /** The admin reads the address (and logs what it cannot read): spec 5.14 says ignore, not throw. */
  preRegisterRemoteSystem(remoteAddress: string | ActorAddress, remoteCapabilities: Capabilities): void {
    const capabilities = typeof remoteCapabilities === 'object' && remoteCapabilities !== null && !Array.isArray(remoteCapabilities) ? { ...remoteCapabilities } : {};
    this.proc.router.toAdmin({ op: 'convention-preregister', address: remoteAddressText(remoteAddress), capabilities });
  }

  deRegisterRemoteSystem(remoteAddress: string | ActorAddress): void {
    this.proc.router.toAdmin({ op: 'convention-deregister', address: remoteAddressText(remoteAddress) });
  }

  actorSystemShutdown(): void {
    this.proc.router.toAdmin({ op: 'shutdown', reqId: 0 });
  }

  log(level: LogLevel, message: string, _extra?: Record<string, unknown>): void {
    // Dropped here, not in the starter, so records nobody keeps never cross processes (spec 4.13.2).
    if (LEVEL_NUMBERS[level] < (this.proc.order.logLevel ?? 0)) return;
    this.proc.router.toAdmin({ op: 'log', level, message, actorAddress: String(this.proc.address), actorClass: this.proc.className });
  }
}

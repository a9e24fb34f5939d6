import type { ActorAddress } from '../../actor/address.js';
import type { ActorContext, ActorSpec, Capabilities, CreateActorOptions, LogLevel } from '../../actor/context.js';
import type { SimpleCell, SimpleHost } from './simple-cell.js';
import type { SimpleAdminPort } from './simple-admin.js';
import { checkSendTarget } from '../../system/actor-checks.js';

/** The ActorContext of one actor in the simple base: every call goes to the system. */
export class CellContext implements ActorContext {
  constructor(
    private readonly sys: SimpleHost,
    private readonly admin: SimpleAdminPort,
    private readonly cell: SimpleCell,
  ) {}

  get myAddress(): ActorAddress {
    return this.cell.address;
  }

  get globalName(): string {
    return this.cell.globalName;
  }

  get requirements(): unknown {
    return this.cell.requirements;
  }

  send(target: ActorAddress, message: unknown): void {
    checkSendTarget(this.cell.actorClass.name, target, message);
    this.sys.post(this.cell.address, target, message);
  }

  createActor(spec: ActorSpec, options: CreateActorOptions): ActorAddress {
    return this.sys.createChild(this.cell, spec, options);
  }

  wakeupAfter(delayMs: number, payload: unknown): void {
    this.sys.addWakeup(this.cell, delayMs, payload);
  }

  handleDeadLetters(startHandling: boolean): void {
    this.admin.setDeadLetterHandler(this.cell, startHandling);
  }

  notifyOnSystemRegistrationChanges(startHandling: boolean): void {
    this.admin.setConventionListener(this.cell, startHandling);
  }

  registerSourceAuthority(): void {
    this.admin.setSourceAuthority(this.cell);
  }

  loadActorSource(source: Uint8Array | string): string {
    return this.admin.loadSource(source);
  }

  unloadActorSource(sourceHash: string): void {
    this.admin.unloadSource(sourceHash);
  }

  notifyOnSourceAvailability(enable: boolean): void {
    this.admin.setSourceListener(this.cell, enable);
  }

  updateCapability(name: string, value: unknown): void {
    this.admin.changeCapability(name, value);
  }

  preRegisterRemoteSystem(remoteAddress: string | ActorAddress, _remoteCapabilities: Capabilities): void {
    this.sys.logFor(this.cell, 'warning', `preRegisterRemoteSystem(${remoteAddress}) ignored: the simpleSystemBase cannot join conventions (spec 9.2)`);
  }

  deRegisterRemoteSystem(_remoteAddress: string | ActorAddress): void {}

  actorSystemShutdown(): void {
    void this.sys.shutdown();
  }

  log(level: LogLevel, message: string, extra?: Record<string, unknown>): void {
    this.sys.logFor(this.cell, level, message, extra);
  }

  holdOpen(work: Promise<unknown>): void {
    this.sys.holdOpen(work);
  }
}

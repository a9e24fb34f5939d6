import { ActorAddress } from '../../actor/address.js';
import { InvalidActorAddress, describeValue } from '../../actor/errors.js';
import type { ActorContext, ActorSpec, Capabilities, CreateActorOptions, LogLevel } from '../../actor/context.js';
import type { SimpleCell } from './simple-cell.js';
import type { SimpleSystem } from './simple-system.js';

/** The ActorContext of one actor in the simple base: every call goes to the system. */
export class CellContext implements ActorContext {
  constructor(
    private readonly sys: SimpleSystem,
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
    if (!(target instanceof ActorAddress)) {
      throw new InvalidActorAddress(
        `${this.cell.actorClass.name}.send() needs an ActorAddress as its target, got ${describeValue(target)} (message: ${describeValue(message)})`,
        'NOT_AN_ADDRESS',
      );
    }
    this.sys.post(this.cell.address, target, message);
  }

  createActor(spec: ActorSpec, options: CreateActorOptions): ActorAddress {
    return this.sys.createChild(this.cell, spec, options);
  }

  wakeupAfter(delayMs: number, payload: unknown): void {
    this.sys.addWakeup(this.cell, delayMs, payload);
  }

  handleDeadLetters(startHandling: boolean): void {
    this.sys.setDeadLetterHandler(this.cell, startHandling);
  }

  notifyOnSystemRegistrationChanges(startHandling: boolean): void {
    this.sys.setConventionListener(this.cell, startHandling);
  }

  registerSourceAuthority(): void {
    this.sys.setSourceAuthority(this.cell);
  }

  loadActorSource(source: Uint8Array | string): string {
    return this.sys.loadSource(source, this.cell.address);
  }

  unloadActorSource(sourceHash: string): void {
    this.sys.unloadSource(sourceHash);
  }

  notifyOnSourceAvailability(enable: boolean): void {
    this.sys.setSourceListener(this.cell, enable);
  }

  updateCapability(name: string, value: unknown): void {
    this.sys.changeCapability(name, value);
  }

  preRegisterRemoteSystem(remoteAddress: string, _remoteCapabilities: Capabilities): void {
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

import { ActorAddress } from '../../actor/address.js';
import { InvalidActorAddress, describeValue } from '../../actor/errors.js';
import type { ActorContext, ActorSpec, Capabilities, CreateActorOptions, LogLevel } from '../../actor/context.js';
import type { ActorProcess } from './actor-process.js';
import { LEVEL_NUMBERS } from '../../logging/levels.js';
import { hashSource, sourceBytes } from '../../sources/source-hash.js';

/** The ActorContext of the one actor in a child process. */
export class ProcessActorContext implements ActorContext {
  constructor(private readonly proc: ActorProcess) {}

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
    if (!(target instanceof ActorAddress)) {
      throw new InvalidActorAddress(
        `${this.proc.className}.send() needs an ActorAddress as its target, got ${describeValue(target)} (message: ${describeValue(message)})`,
        'NOT_AN_ADDRESS',
      );
    }
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

  notifyOnSystemRegistrationChanges(_startHandling: boolean): void {}

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

  preRegisterRemoteSystem(_remoteAddress: string, _remoteCapabilities: Capabilities): void {}

  deRegisterRemoteSystem(_remoteAddress: string | ActorAddress): void {}

  actorSystemShutdown(): void {
    this.proc.router.toAdmin({ op: 'shutdown', reqId: 0 });
  }

  log(level: LogLevel, message: string, _extra?: Record<string, unknown>): void {
    // Dropped here, not in the starter, so records nobody keeps never cross processes (spec 4.13.2).
    if (LEVEL_NUMBERS[level] < (this.proc.order.logLevel ?? 0)) return;
    this.proc.router.toAdmin({ op: 'log', level, message, actorAddress: String(this.proc.address), actorClass: this.proc.className });
  }
}

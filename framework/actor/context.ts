import type { ActorAddress } from './address.js';
import type { Constructor } from '../registry/metadata.js';

export type Capabilities = Record<string, unknown>;

/** What `createActor` accepts: a class, an `@Actor` name, or `'path/to/module.js:Export'`. */
export type ActorSpec = Constructor | string;

export interface CreateActorOptions {
  requirements?: unknown;
  globalName?: string;
  sourceHash?: string;
}

export type LogLevel = 'debug' | 'info' | 'warning' | 'error' | 'critical';

/**
 * The services a base gives a live actor. ActorBase forwards its API here, so actors are
 * identical on every base (spec 9: actors do not change when the base does).
 */
export interface ActorContext {
  readonly myAddress: ActorAddress;
  readonly globalName: string;
  /** The requirements this actor was created with (passed on by troupes to their workers). */
  readonly requirements: unknown;
  send(target: ActorAddress, message: unknown): void;
  createActor(spec: ActorSpec, options: CreateActorOptions): ActorAddress;
  wakeupAfter(delayMs: number, payload: unknown): void;
  handleDeadLetters(startHandling: boolean): void;
  notifyOnSystemRegistrationChanges(startHandling: boolean): void;
  registerSourceAuthority(): void;
  loadActorSource(source: Uint8Array | string): string;
  unloadActorSource(sourceHash: string): void;
  notifyOnSourceAvailability(enable: boolean): void;
  updateCapability(name: string, value: unknown): void;
  preRegisterRemoteSystem(remoteAddress: string | ActorAddress, remoteCapabilities: Capabilities): void;
  deRegisterRemoteSystem(remoteAddress: string | ActorAddress): void;
  actorSystemShutdown(): void;
  log(level: LogLevel, message: string, extra?: Record<string, unknown>): void;
  /**
   * Work the actor runs outside its handlers (RunCommand's child process): a base that runs
   * actors from its caller's calls (simpleSystemBase) keeps waiting while it is open.
   */
  holdOpen?(work: Promise<unknown>): void;
}

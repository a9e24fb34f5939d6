import type { ActorAddress } from '../actor/address.js';
import type { ActorSpec, Capabilities, CreateActorOptions } from '../actor/context.js';
import type { SystemStatus } from '../actor/status-messages.js';
import type { LogDefs } from '../logging/logger.js';
import { ActorSystemStartupFailure } from '../actor/errors.js';

export interface SystemOptions {
  base?: string;
  capabilities?: Capabilities;
  logDefs?: LogDefs | false;
  transientUnique?: boolean;
  /** A generated registry module (or its path) to load before the system starts. */
  registry?: unknown;
  /** TCP/UDP: only join an admin already on 'Admin Port'; never start one (CLI status/shutdown). */
  joinOnly?: boolean;
}

/** An address plus an inbox in the caller's process: tell/ask/listen go through one. */
export interface EndpointHandle {
  readonly address: ActorAddress;
}

/**
 * What every base implements; ActorSystem is a thin facade over it. Bases register a
 * factory by name, so `system/` never imports `bases/`.
 */
export interface SystemBase {
  readonly baseName: string;
  readonly mainEndpoint: EndpointHandle;
  /** True once the base has shut down, also when an actor asked for it (spec 5.16). */
  readonly isShutdown: boolean;
  createActor(spec: ActorSpec, options: CreateActorOptions): Promise<ActorAddress>;
  tell(endpoint: EndpointHandle, target: ActorAddress, message: unknown): Promise<void>;
  /**
   * Spec 6.6: tell, then the next message for this ask (DESIGN.md "Trust and delivery":
   * its target's reply, or what a lone ask takes); undefined after `timeoutMs`.
   */
  ask(endpoint: EndpointHandle, target: ActorAddress, message: unknown, timeoutMs?: number): Promise<unknown>;
  listen(endpoint: EndpointHandle, timeoutMs?: number): Promise<unknown>;
  openEndpoint(): Promise<EndpointHandle>;
  closeEndpoint(endpoint: EndpointHandle): Promise<void>;
  status(): Promise<SystemStatus>;
  updateCapability(name: string, value: unknown): Promise<void>;
  loadActorSource(source: Uint8Array | string): Promise<string>;
  unloadActorSource(sourceHash: string): Promise<void>;
  /** Spec 5.14 / 5.15 from outside; a base that cannot join conventions leaves them out. */
  preRegisterRemoteSystem?(remoteAddress: string | ActorAddress, capabilities: Capabilities): Promise<void>;
  deRegisterRemoteSystem?(remoteAddress: string | ActorAddress): Promise<void>;
  shutdown(): Promise<void>;
}

export type BaseFactory = (options: SystemOptions) => Promise<SystemBase>;

const factories = new Map<string, BaseFactory>();

export function registerSystemBase(name: string, factory: BaseFactory): void {
  factories.set(name, factory);
}

export function systemBaseFactory(name: string): BaseFactory {
  const f = factories.get(name);
  if (!f) {
    throw new ActorSystemStartupFailure(
      `unknown system base '${name}': choose one of ${[...factories.keys()].join(', ')} (spec 9)`,
      'UNKNOWN_SYSTEM_BASE',
    );
  }
  return f;
}

export function knownSystemBases(): string[] {
  return [...factories.keys()];
}

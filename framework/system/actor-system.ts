import { resolve } from 'node:path';
import { ActorAddress } from '../actor/address.js';
import { ActorSystemFailure, InvalidActorAddress, describeValue } from '../actor/errors.js';
import type { ActorSpec, Capabilities, CreateActorOptions } from '../actor/context.js';
import type { SystemStatus } from '../actor/status-messages.js';
import { importModule } from './module-import.js';
import { systemBaseFactory, type EndpointHandle, type SystemBase, type SystemOptions } from './system-base.js';

const DEFAULT_BASE = 'simpleSystemBase';
let singleton: ActorSystem | undefined;
let previousBase: string | undefined;

function checkTarget(call: string, target: unknown): asserts target is ActorAddress {
  if (!(target instanceof ActorAddress)) {
    throw new InvalidActorAddress(
      `${call}() needs an ActorAddress as its target, got ${describeValue(target)}; use the address returned by createActor()`,
      'NOT_AN_ADDRESS',
    );
  }
}

function checkTimeout(call: string, timeoutMs: unknown): void {
  if (timeoutMs !== undefined && (typeof timeoutMs !== 'number' || Number.isNaN(timeoutMs) || timeoutMs < 0)) {
    throw new RangeError(`${call}() timeout must be a number of milliseconds >= 0 (or omitted to wait), got ${describeValue(timeoutMs)}`);
  }
}

async function importRegistry(registry: unknown): Promise<void> {
  if (registry === undefined) return;
  if (typeof registry === 'string') {
    // Through importModule: a .ts registry gets a TypeScript loader in a plain node process.
    await importModule(resolve(process.cwd(), registry));
  } else if (typeof registry === 'function') {
    await (registry as () => unknown)();
  } else if (registry && typeof (registry as { load?: unknown }).load === 'function') {
    await (registry as { load: () => unknown }).load();
  }
}

/** tell/ask/listen through one endpoint: the system's own or a private one. */
abstract class EndpointApi {
  protected abstract get owner(): ActorSystem;
  protected abstract endpoint(): EndpointHandle;

  /** The address actors see as `sender` for messages from this endpoint. */
  get address(): ActorAddress {
    return this.endpoint().address;
  }

  async tell(target: ActorAddress, message: unknown): Promise<void> {
    const base = this.owner.liveBase('tell');
    checkTarget('tell', target);
    await base.tell(this.endpoint(), target, message);
  }

  /**
   * Spec 6.6: tell, then the reply; `undefined` after `timeoutMs`, none waits until one comes.
   * Concurrent asks each get their own target's reply (DESIGN.md "Trust and delivery").
   */
  async ask(target: ActorAddress, message: unknown, timeoutMs?: number): Promise<unknown> {
    const base = this.owner.liveBase('ask');
    checkTarget('ask', target);
    checkTimeout('ask', timeoutMs);
    return base.ask(this.endpoint(), target, message, timeoutMs);
  }

  async listen(timeoutMs?: number): Promise<unknown> {
    const base = this.owner.liveBase('listen');
    checkTimeout('listen', timeoutMs);
    return base.listen(this.endpoint(), timeoutMs);
  }
}

/** Spec 6.8: an endpoint of its own, so concurrent callers each get their own replies. */
export class PrivateContext extends EndpointApi {
  private closed = false;
  constructor(
    private readonly system: ActorSystem,
    private readonly handle: EndpointHandle,
  ) {
    super();
  }

  protected get owner(): ActorSystem {
    return this.system;
  }

  protected endpoint(): EndpointHandle {
    if (this.closed) throw new ActorSystemFailure('this private() context is closed; open another with asys.private()', 'PRIVATE_CLOSED');
    return this.handle;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.owner.liveBase('close').closeEndpoint(this.handle);
  }
}

/** The facade of spec 6: one object per running system, whatever its base. */
export class ActorSystem extends EndpointApi {
  private base: SystemBase | undefined;
  private shutdownPromise: Promise<void> | undefined;

  private constructor(
    base: SystemBase,
    readonly transientUnique: boolean,
  ) {
    super();
    this.base = base;
  }

  protected get owner(): ActorSystem {
    return this;
  }

  protected endpoint(): EndpointHandle {
    return this.liveBase('endpoint').mainEndpoint;
  }

  /**
   * Spec 6.2: returns the running process singleton when there is one (its arguments are
   * then ignored); `transientUnique` always starts a new, unregistered system.
   */
  static async start(options: SystemOptions = {}): Promise<ActorSystem> {
    if (!options.transientUnique && singleton && !singleton.isShutdown) return singleton;
    const baseName = options.base ?? previousBase ?? DEFAULT_BASE;
    const factory = systemBaseFactory(baseName);
    await importRegistry(options.registry);
    const base = await factory({ ...options, base: baseName });
    const system = new ActorSystem(base, Boolean(options.transientUnique));
    previousBase = baseName;
    if (!options.transientUnique) singleton = system;
    return system;
  }

  /** The process singleton started by `ActorSystem.start()`. */
  static current(): ActorSystem {
    if (!singleton) {
      throw new ActorSystemFailure('no ActorSystem is running in this process: call await ActorSystem.start() first', 'NO_SYSTEM');
    }
    return singleton;
  }

  get baseName(): string {
    return this.liveBase('baseName').baseName;
  }

  get isShutdown(): boolean {
    return this.base === undefined || this.base.isShutdown;
  }

  /** @internal the base, or a clear error once the system is shut down. */
  liveBase(call: string): SystemBase {
    if (!this.base || this.shutdownPromise || this.base.isShutdown) {
      throw new ActorSystemFailure(
        `cannot ${call}(): this ActorSystem has been shut down; start a new one with ActorSystem.start()`,
        'SYSTEM_SHUT_DOWN',
      );
    }
    return this.base;
  }

  /** Spec 6.4: a top-level actor; rejects with NoCompatibleSystemForActor or InvalidActorSpecification. */
  async createActor(spec: ActorSpec, options: CreateActorOptions = {}): Promise<ActorAddress> {
    return this.liveBase('createActor').createActor(spec, options);
  }

  async private(): Promise<PrivateContext> {
    const handle = await this.liveBase('private').openEndpoint();
    return new PrivateContext(this, handle);
  }

  async status(): Promise<SystemStatus> {
    return this.liveBase('status').status();
  }

  /** Spec 6.9: no value (or undefined) removes the capability; changed capabilities re-validate actors. */
  async updateCapability(name: string, value?: unknown): Promise<void> {
    await this.liveBase('updateCapability').updateCapability(name, value);
  }

  async capabilities(): Promise<Capabilities> {
    return (await this.status()).capabilities;
  }

  async loadActorSource(source: Uint8Array | string): Promise<string> {
    return this.liveBase('loadActorSource').loadActorSource(source);
  }

  async unloadActorSource(sourceHash: string): Promise<void> {
    await this.liveBase('unloadActorSource').unloadActorSource(sourceHash);
  }

  /**
   * Spec 5.14 (as an actor may): invite the system whose admin is at `remoteAddress`
   * ('host:port' or its admin's address) to join this one's convention, with placeholder
   * capabilities until it registers. On a base without conventions it does nothing.
   */
  async preRegisterRemoteSystem(remoteAddress: string | ActorAddress, remoteCapabilities: Capabilities = {}): Promise<void> {
    await this.liveBase('preRegisterRemoteSystem').preRegisterRemoteSystem?.(remoteAddress, remoteCapabilities);
  }

  /** Spec 5.15: the remote leaves this system's convention (registrants hear remoteAdded false). */
  async deRegisterRemoteSystem(remoteAddress: string | ActorAddress): Promise<void> {
    await this.liveBase('deRegisterRemoteSystem').deRegisterRemoteSystem?.(remoteAddress);
  }

  /** Spec 6.3: every actor gets an ActorExitRequest; calling it again is harmless (release 2.4.3). */
  async shutdown(): Promise<void> {
    if (!this.shutdownPromise) {
      const base = this.base;
      this.shutdownPromise = (async () => {
        try {
          await base?.shutdown();
        } finally {
          this.base = undefined;
          if (singleton === this) singleton = undefined;
        }
      })();
    }
    return this.shutdownPromise;
  }

  override toString(): string {
    return this.base ? `ActorSystem(${this.base.baseName})` : 'ActorSystem(shut down)';
  }
}

import { ActorAddress } from '../../../actor/address.js';
import { ActorSystemFailure, InvalidActorSourceHash, InvalidActorSpecification, NoCompatibleSystemForActor } from '../../../actor/errors.js';
import type { ActorSpec, Capabilities, CreateActorOptions } from '../../../actor/context.js';
import { remoteAddressText } from '../remote-address.js';
import type { SystemStatus } from '../../../actor/status-messages.js';
import type { EndpointHandle, SystemBase } from '../../../system/system-base.js';
import type { AdminRequest, ControlMessage, NameHolder } from '../protocol.js';
import { ExternalEndpoint } from '../../../system/endpoint.js';
import { wireLabel, wireSpecChecked } from '../spec-transfer.js';
import { sourceBytes } from '../../../sources/source-hash.js';
import { sourceSpecOf } from '../../../sources/source-registry.js';
import { nameKey, withHome, type WireSpec } from '../protocol.js';

type Created = Extract<ControlMessage, { op: 'created' }>;

/**
 * What a starter does on every multi-process base, whether its admin is another process
 * (TCP, UDP) or lives right here (queue): endpoints, creation, status, capabilities.
 * Subclasses say how a request reaches the admin and how a tell leaves.
 */
export abstract class AdminClient implements SystemBase {
  abstract readonly baseName: string;
  mainEndpoint!: ExternalEndpoint;
  isShutdown = false;
  protected readonly endpoints = new Map<string, ExternalEndpoint>();
  private epSeq = 0;
  private keySeq = 0;
  /** The admin's route, in a system whose keys name their home (TCP: see protocol.ts homeOf). */
  protected home: string | undefined;

  /** The route part of this process's endpoint keys ('<route>#<name>'). */
  protected abstract get endpointRoute(): string;
  /** Unique across the processes that create actors (a starter may come and go). */
  protected abstract get keyPrefix(): string;
  protected abstract request(req: AdminRequest & { reqId: number }, timeoutMs?: number): Promise<ControlMessage>;
  abstract tell(endpoint: EndpointHandle, target: ActorAddress, message: unknown): Promise<void>;
  abstract shutdown(): Promise<void>;
  protected abstract closeTransport(): Promise<void>;
  /** The admin's answer to a creation: where the actor lives, for the sender's routes. */
  protected learnRoute(_key: string, _route: string | null): void {}

  protected newEndpoint(name: string): ExternalEndpoint {
    const ep = new ExternalEndpoint(new ActorAddress(withHome(this.home, `${this.endpointRoute}#${name}${++this.epSeq}`), name));
    this.endpoints.set(ep.address.key, ep);
    this.endpointChanged(ep, true);
    return ep;
  }

  /** An endpoint opened or closed here: a base that routes sends locally binds or unbinds it. */
  protected endpointChanged(_ep: ExternalEndpoint, _open: boolean): void {}

  /** A message for one of this process's endpoints; false if there is none by that key. */
  protected acceptAtEndpoint(targetKey: string, message: unknown, sender: ActorAddress | null): boolean {
    const ep = this.endpoints.get(targetKey);
    if (!ep) return false;
    ep.accept(message, sender);
    return true;
  }

  async createActor(spec: ActorSpec, options: CreateActorOptions): Promise<ActorAddress> {
    // Spec 4.6 (Thespian's createActor looks the name up before it loads the class): a held
    // name is answered with its holder, whatever `spec` says, even a spec that would not resolve.
    const holder = options.globalName ? await this.nameHolder(options.globalName) : null;
    if (holder) {
      this.learnRoute(holder.key, holder.route);
      return new ActorAddress(holder.key, holder.label);
    }
    // A spec in a loaded source is resolved where the admin sends the package, not here.
    const { label, wire } = options.sourceHash === undefined ? await checkedWire(spec) : sourceWire(spec, options.sourceHash);
    const globalName = options.globalName ?? '';
    const key = globalName ? nameKey(this.home, globalName) : withHome(this.home, `${this.keyPrefix}.${++this.keySeq}`);
    const reply = (await this.request({ op: 'create', reqId: 0, key, label, spec: wire, requirements: options.requirements ?? null, globalName, parentKey: null })) as Created;
    if (reply.route === null || reply.error) throw creationError(label, reply);
    this.learnRoute(reply.key, reply.route);
    return new ActorAddress(reply.key, reply.label ?? label);
  }

  private async nameHolder(globalName: string): Promise<NameHolder | null> {
    const reply = (await this.request({ op: 'name?', reqId: 0, globalName })) as Extract<ControlMessage, { op: 'reply' }>;
    return (reply.value as NameHolder | null) ?? null;
  }

  async ask(endpoint: EndpointHandle, target: ActorAddress, message: unknown, timeoutMs?: number): Promise<unknown> {
    const ep = endpoint as ExternalEndpoint;
    // Registered before the message leaves, so no reply can arrive ahead of its ask.
    const waiter = ep.wait(target);
    try {
      await this.tell(ep, target, message);
    } catch (err) {
      ep.withdraw(waiter);
      throw err;
    }
    return ep.result(waiter, timeoutMs);
  }

  async listen(endpoint: EndpointHandle, timeoutMs?: number): Promise<unknown> {
    return (endpoint as ExternalEndpoint).next(undefined, timeoutMs);
  }

  async openEndpoint(): Promise<EndpointHandle> {
    return this.newEndpoint('private');
  }

  async closeEndpoint(endpoint: EndpointHandle): Promise<void> {
    const ep = this.endpoints.get(endpoint.address.key);
    ep?.releaseAll();
    this.endpoints.delete(endpoint.address.key);
    if (ep) this.endpointChanged(ep, false);
  }

  async status(): Promise<SystemStatus> {
    return ((await this.request({ op: 'status', reqId: 0 })) as Extract<ControlMessage, { op: 'reply' }>).value as SystemStatus;
  }

  /** Spec 5.14 from outside: the admin reads the address (and logs what it cannot read). */
  async preRegisterRemoteSystem(remoteAddress: string | ActorAddress, capabilities: Capabilities): Promise<void> {
    await this.request({ op: 'convention-preregister', address: remoteAddressText(remoteAddress), capabilities: { ...capabilities }, reqId: 0 });
  }

  async deRegisterRemoteSystem(remoteAddress: string | ActorAddress): Promise<void> {
    await this.request({ op: 'convention-deregister', address: remoteAddressText(remoteAddress), reqId: 0 });
  }

  async updateCapability(name: string, value: unknown): Promise<void> {
    await this.request({ op: 'capability', name, value: value ?? null, reqId: 0 });
  }

  /** Spec 6.10: the admin answers with the hash at once; the source loads once validated. */
  async loadActorSource(source: Uint8Array | string): Promise<string> {
    const data = sourceBytes(source);
    const reply = await this.request({ op: 'source-load', reqId: 0, data, info: typeof source === 'string' ? source : '' });
    return (reply as Extract<ControlMessage, { op: 'reply' }>).value as string;
  }

  async unloadActorSource(sourceHash: string): Promise<void> {
    await this.request({ op: 'source-unload', reqId: 0, hash: sourceHash });
  }

  /** The system is gone (shut down here, by an actor's actorSystemShutdown, or by SIGTERM). */
  protected async stopped(): Promise<void> {
    if (this.isShutdown) return;
    this.isShutdown = true;
    for (const ep of this.endpoints.values()) ep.releaseAll();
    await this.closeTransport();
  }
}

/** The typed error for a failed creation, from the code the actor's process reported. */
async function checkedWire(spec: ActorSpec): Promise<{ label: string; wire: WireSpec }> {
  const { cls, wire } = await wireSpecChecked(spec);
  return { label: cls.name, wire };
}

/** The admin checks the hash before anything else; the actor's process resolves the spec in the package. */
function sourceWire(spec: ActorSpec, hash: string): { label: string; wire: WireSpec } {
  const wire: WireSpec = { kind: 'source', hash, spec: sourceSpecOf(spec) };
  return { label: wireLabel(wire), wire };
}

function creationError(className: string, reply: Created): Error {
  const why = reply.error ?? 'it did not start';
  if (reply.code === 'INVALID_ACTOR_SOURCE_HASH') return new InvalidActorSourceHash(why, reply.code);
  if (reply.code === 'NO_COMPATIBLE_SYSTEM') return new NoCompatibleSystemForActor(why);
  if (reply.code && /SPEC|EXPORT|ACTOR_MODULE|NOT_AN_ACTOR|UNKNOWN_ACTOR/.test(reply.code)) return new InvalidActorSpecification(why, reply.code);
  return new ActorSystemFailure(`${className} could not start: ${why}`, 'ACTOR_START_FAILED');
}

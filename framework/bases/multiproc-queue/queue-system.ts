import { ActorAddress } from '../../actor/address.js';
import { ActorSystemFailure, InvalidActorSourceHash, InvalidActorSpecification, NoCompatibleSystemForActor } from '../../actor/errors.js';
import type { ActorSpec, CreateActorOptions, LogLevel } from '../../actor/context.js';
import type { SystemStatus } from '../../actor/status-messages.js';
import { initialCapabilities } from '../../system/capabilities.js';
import type { EndpointHandle, SystemBase, SystemOptions } from '../../system/system-base.js';
import { createLogger } from '../../logging/logger.js';
import { createThesplog } from '../../logging/thesplog.js';
import { encodeMessage, IpcTransport, type ReceivedEnvelope } from '../../transport/index.js';
import { Admin } from '../multiproc/admin.js';
import { KIND_ADMIN, type AdminRequest, type ControlMessage } from '../multiproc/protocol.js';
import { WaitingEndpoint } from '../multiproc/waiting-endpoint.js';
import { wireSpecChecked } from '../multiproc/wire-spec.js';

const LOCAL = new ActorAddress('local#proc');

/**
 * Spec 9.3: the starter is the admin; each actor is a child process on a Node IPC channel,
 * and every message between actors passes through here. Lifetime bound to the starter.
 */
export class QueueSystem implements SystemBase {
  readonly baseName = 'multiprocQueueBase';
  readonly mainEndpoint: WaitingEndpoint;
  isShutdown = false;
  private readonly admin: Admin;
  private readonly transport: IpcTransport;
  private readonly endpoints = new Map<string, WaitingEndpoint>();
  private readonly pending = new Map<number, (m: ControlMessage) => void>();
  private reqSeq = 0;
  private keySeq = 0;
  private epSeq = 0;

  constructor(options: SystemOptions) {
    const logger = createLogger(options.logDefs);
    this.transport = new IpcTransport(
      {
        onEnvelope: (env) => this.admin.onEnvelope(env),
        onUndeliverable: (env) => this.admin.undeliverable(env),
        log: createThesplog({ who: 'starter' }), // spec 4.13.3: only with THESPLOG_FILE set
      },
      { name: 'admin' },
    );
    this.admin = new Admin(this.transport, {
      baseName: this.baseName,
      transportKind: 'ipc',
      host: '127.0.0.1',
      capabilities: initialCapabilities(this.baseName, options.capabilities),
      ...(typeof options.registry === 'string' ? { registry: options.registry } : {}),
      log: (level, message) => logger.log({ level: level as LogLevel, message, time: Date.now() }),
      logLevel: logger.minLevel,
      logRecord: (r) =>
        logger.log({ level: r.level as LogLevel, message: r.message, time: r.time, ...(r.actorAddress ? { actorAddress: r.actorAddress } : {}), ...(r.actorClass ? { actorClass: r.actorClass } : {}) }),
      deliverLocal: (env) => this.deliverLocal(env),
      onStopped: () => void this.stopped(),
      localReply: (m) => {
        if ('reqId' in m) this.pending.get(m.reqId)?.(m);
      },
    });
    this.admin.start();
    this.mainEndpoint = this.newEndpoint('ext');
  }

  private deliverLocal(env: ReceivedEnvelope): boolean {
    const ep = this.endpoints.get(env.targetKey);
    if (!ep) return false;
    ep.accept(env.message);
    return true;
  }

  private request(req: AdminRequest & { reqId: number }): Promise<ControlMessage> {
    const reqId = ++this.reqSeq;
    return new Promise((resolve) => {
      this.pending.set(reqId, (m) => {
        this.pending.delete(reqId);
        resolve(m);
      });
      this.admin.onEnvelope({ targetKey: this.admin.key, sender: LOCAL, kind: KIND_ADMIN, system: true, message: { ...req, reqId } });
    });
  }

  private newEndpoint(name: string): WaitingEndpoint {
    const ep = new WaitingEndpoint(new ActorAddress(`admin#${name}${++this.epSeq}`, name));
    this.endpoints.set(ep.address.key, ep);
    return ep;
  }

  async createActor(spec: ActorSpec, options: CreateActorOptions): Promise<ActorAddress> {
    const { cls, wire } = await wireSpecChecked(spec);
    if (options.sourceHash !== undefined) {
      throw new InvalidActorSourceHash(`no loaded source has hash '${options.sourceHash}': ${this.baseName} has no loaded sources yet`);
    }
    const globalName = options.globalName ?? '';
    const key = globalName ? `name:${globalName}` : `q.${++this.keySeq}`;
    const reply = (await this.request({ op: 'create', reqId: 0, key, label: cls.name, spec: wire, requirements: options.requirements ?? null, globalName, parentKey: null })) as Extract<
      ControlMessage,
      { op: 'created' }
    >;
    if (reply.route === null || reply.error) {
      const why = reply.error ?? 'it did not start';
      if (reply.code === 'NO_COMPATIBLE_SYSTEM') throw new NoCompatibleSystemForActor(why);
      if (reply.code && /SPEC|EXPORT|ACTOR_MODULE|NOT_AN_ACTOR|UNKNOWN_ACTOR/.test(reply.code)) throw new InvalidActorSpecification(why, reply.code);
      throw new ActorSystemFailure(`${cls.name} could not start: ${why}`, 'ACTOR_START_FAILED');
    }
    return new ActorAddress(reply.key, cls.name);
  }

  async tell(endpoint: EndpointHandle, target: ActorAddress, message: unknown): Promise<void> {
    encodeMessage(message); // an unencodable message fails here, in the caller
    this.admin.sendUser(target.key, message, endpoint.address);
  }

  async listen(endpoint: EndpointHandle, timeoutMs?: number): Promise<unknown> {
    return (endpoint as WaitingEndpoint).next(timeoutMs);
  }

  async openEndpoint(): Promise<EndpointHandle> {
    return this.newEndpoint('private');
  }

  async closeEndpoint(endpoint: EndpointHandle): Promise<void> {
    this.endpoints.get(endpoint.address.key)?.wakeAll();
    this.endpoints.delete(endpoint.address.key);
  }

  async status(): Promise<SystemStatus> {
    return ((await this.request({ op: 'status', reqId: 0 })) as Extract<ControlMessage, { op: 'reply' }>).value as SystemStatus;
  }

  async updateCapability(name: string, value: unknown): Promise<void> {
    await this.request({ op: 'capability', name, value: value ?? null, reqId: 0 });
  }

  async loadActorSource(_source: Uint8Array | string): Promise<string> {
    throw new ActorSystemFailure(`loadActorSource is not available on ${this.baseName} yet`, 'NOT_SUPPORTED');
  }

  async unloadActorSource(_sourceHash: string): Promise<void> {}

  async shutdown(): Promise<void> {
    if (this.isShutdown) return;
    await this.admin.shutdown();
    await this.stopped();
  }

  /** Also reached when an actor called actorSystemShutdown (spec 5.16). */
  private async stopped(): Promise<void> {
    if (this.isShutdown) return;
    this.isShutdown = true;
    for (const ep of this.endpoints.values()) ep.wakeAll();
    await this.transport.close();
  }
}

import { ActorAddress } from '../../actor/address.js';
import type { LogLevel } from '../../actor/context.js';
import { initialCapabilities } from '../../system/capabilities.js';
import type { EndpointHandle, SystemOptions } from '../../system/system-base.js';
import { createLogger } from '../../logging/logger.js';
import { createThesplog } from '../../logging/thesplog.js';
import { encodeMessage, IpcTransport, type ReceivedEnvelope } from '../../transport/index.js';
import { Admin } from '../multiproc/admin/admin.js';
import { KIND_ADMIN, type AdminRequest, type ControlMessage } from '../multiproc/protocol.js';
import { AdminClient } from '../multiproc/starter/admin-client.js';
import { TellGate } from '../multiproc/starter/tell-gate.js';

const LOCAL = new ActorAddress('local#proc');

/**
 * Spec 9.3: the starter is the admin; each actor is a child process on a Node IPC channel,
 * and every message between actors passes through here. Lifetime bound to the starter.
 */
export class QueueSystem extends AdminClient {
  readonly baseName = 'multiprocQueueBase';
  private readonly admin: Admin;
  private readonly transport: IpcTransport;
  private readonly pending = new Map<number, (m: ControlMessage) => void>();
  private reqSeq = 0;
  private readonly gate: TellGate;

  constructor(options: SystemOptions) {
    super();
    const logger = createLogger(options.logDefs);
    this.transport = new IpcTransport(
      {
        onEnvelope: (env) => this.admin.onEnvelope(env),
        onUndeliverable: (env, target) => this.admin.undeliverable(env, target),
        onDropped: (env) => this.admin.drops.dropped(env),
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
    this.gate = new TellGate(this.transport);
    this.admin.start();
    this.mainEndpoint = this.newEndpoint('ext');
  }

  private deliverLocal(env: ReceivedEnvelope): boolean {
    return this.acceptAtEndpoint(env.targetKey, env.message, env.sender);
  }

  protected request(req: AdminRequest & { reqId: number }): Promise<ControlMessage> {
    const reqId = ++this.reqSeq;
    return new Promise((resolve) => {
      this.pending.set(reqId, (m) => {
        this.pending.delete(reqId);
        resolve(m);
      });
      this.admin.onEnvelope({ targetKey: this.admin.key, sender: LOCAL, kind: KIND_ADMIN, system: true, message: { ...req, reqId } });
    });
  }

  protected get endpointRoute(): string {
    return 'admin';
  }

  protected get keyPrefix(): string {
    return 'q';
  }

  protected async closeTransport(): Promise<void> {
    await this.transport.close();
  }

  async tell(endpoint: EndpointHandle, target: ActorAddress, message: unknown): Promise<void> {
    encodeMessage(message); // an unencodable message fails here, in the caller
    await this.gate.pass(() => this.admin.sendUser(target.key, message, endpoint.address));
  }

  async shutdown(): Promise<void> {
    if (this.isShutdown) return;
    await this.admin.shutdown();
    await this.stopped();
  }
}

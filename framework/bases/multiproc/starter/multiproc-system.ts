import { randomBytes } from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import { ActorAddress } from '../../../actor/address.js';
import { ActorSystemFailure, ActorSystemStartupFailure } from '../../../actor/errors.js';
import type { EndpointHandle, SystemOptions } from '../../../system/system-base.js';
import { AdminClient } from './admin-client.js';
import { initialCapabilities } from '../../../system/capabilities.js';
import { prepareEnvelope, type OutboundEnvelope, type ReceivedEnvelope, type Transport } from '../../../transport/index.js';
import { controlMessageProblem } from '../protocol-shapes.js';
import { ADMIN_SUFFIX, KIND_ADMIN, KIND_CONTROL, KIND_USER, type AdminRequest, type ControlMessage } from '../protocol.js';
import { Router } from '../router.js';
import { DropReport } from '../drop-report.js';
import { TellGate } from './tell-gate.js';
import { startTransport, type TransportKind } from '../node-config.js';
import { checkedConventionConfig } from '../admin/convention-self.js';
import type { TlsPaths } from '../../../transport/tls-material.js';
import { spawnEntry } from '../spawn.js';
import { newSecret, readSecretFile, secretEnv, secretFile } from '../system-secret.js';
import { allowedRoots } from '../../../system/allowed-roots.js';
import { LoopHold } from './loop-hold.js';
import { createLogger, type Logger } from '../../../logging/logger.js';
import { createThesplog } from '../../../logging/thesplog.js';
import type { LogLevel } from '../../../actor/context.js';
import type { ExternalEndpoint } from '../../../system/endpoint.js';

export interface MultiprocFlavour {
  baseName: string;
  transport: TransportKind;
  defaultAdminPort: number;
}

const nonce = () => randomBytes(4).toString('hex');

/**
 * The starter's side of a TCP or UDP system: an external endpoint (and private ones) in
 * this process, talking to an admin process that outlives it (spec 9.4).
 */
export class MultiprocSystem extends AdminClient {
  readonly baseName: string;
  private transport!: Transport;
  private router!: Router;
  private adminRoute = '';
  private adminKey = '';
  private readonly pending = new Map<number, { resolve: (m: ControlMessage) => void; reject: (e: Error) => void }>();
  private logger: Logger = createLogger(false);
  private reqSeq = 0;
  private readonly prefix = `k${nonce()}`;
  private wantsLogs = false;
  private tls: TlsPaths | undefined;
  private hold!: LoopHold;
  private gate!: TellGate;
  private readonly drops = new DropReport((count, targetKey) => this.router.toAdmin({ op: 'dropped', count, targetKey, actorAddress: 'starter', actorClass: 'ActorSystem' }));

  private constructor(private readonly flavour: MultiprocFlavour) {
    super();
    this.baseName = flavour.baseName;
  }

  static async start(flavour: MultiprocFlavour, options: SystemOptions): Promise<MultiprocSystem> {
    const sys = new MultiprocSystem(flavour);
    await sys.boot(options);
    return sys;
  }

  private async boot(options: SystemOptions): Promise<void> {
    this.logger = createLogger(options.logDefs);
    this.wantsLogs = Number.isFinite(this.logger.minLevel);
    const host = process.env.THESPIAN_BASE_IPADDR || '127.0.0.1';
    const requested = options.capabilities?.['Admin Port'];
    if (requested !== undefined && (!Number.isInteger(requested) || (requested as number) < 0 || (requested as number) > 65535)) {
      throw new ActorSystemStartupFailure(`'Admin Port' must be an integer port number (0-65535), got ${JSON.stringify(requested)}`, 'BAD_ADMIN_PORT');
    }
    const port = (requested as number | undefined) ?? (options.transientUnique ? 0 : this.flavour.defaultAdminPort);
    // Spec 4.11: a setting that cannot work fails here; with TLS every link of the system uses it.
    const convention = this.flavour.transport === 'ipc' ? undefined : checkedConventionConfig(options.capabilities ?? {}, host);
    this.tls = this.flavour.transport === 'tcp' ? convention?.tls : undefined;
    let attached: Extract<ControlMessage, { op: 'attached' }> | undefined;
    // Joining: an admin of this user on that port left its secret in its file; without it
    // the admin would not let us in, so there is nothing to try.
    const known = port !== 0 ? readSecretFile(this.baseName, port) : undefined;
    if (known) {
      await this.openTransport(host, known);
      attached = await this.tryAttach(`${host}:${port}`, 800);
      if (!attached) await this.transport.close();
    }
    if (!attached && options.joinOnly) {
      throw new ActorSystemStartupFailure(
        `no ${this.baseName} admin answers on ${host}:${port}: start one (thespian start --base ${this.baseName} --port ${port}) or check the 'Admin Port'` +
          (known
            ? ` (its secret file ${secretFile(this.baseName, port)} is there: the admin is gone, or it is another user's)`
            : ` (no secret file ${secretFile(this.baseName, port)}: an admin started by this user writes it; with THESPIAN_STATE_DIR set, set it the same way here)`),
        'NO_ADMIN',
      );
    }
    if (!attached) {
      // A new system: its secret is made here and handed to the admin in its environment.
      const secret = newSecret();
      await this.openTransport(host, secret);
      const admin = await this.spawnAdmin(host, port, options, secret);
      attached = await this.tryAttach(`${host}:${admin.port}`, 10_000);
      if (!attached) {
        // Ours and unreachable: do not leave it running with nobody to shut it down.
        process.kill(admin.pid, 'SIGTERM');
        await this.transport.close();
        throw new ActorSystemStartupFailure(`the ${this.baseName} admin on ${host}:${admin.port} (pid ${admin.pid}) did not answer; it was stopped`, 'ADMIN_NO_ANSWER');
      }
    }
    this.home = attached.home;
    this.mainEndpoint = this.newEndpoint('ext');
  }

  private async openTransport(host: string, secret: Uint8Array): Promise<void> {
    this.transport = await startTransport(
      this.flavour.transport,
      host,
      {
        onEnvelope: (env) => this.onEnvelope(env),
        onUndeliverable: (env) => this.undeliverable(env),
        // Tells wait at the gate, so only a starter's replies to actors could be dropped here.
        onDropped: (env) => this.drops.dropped(env),
        log: this.transportLog, // spec 4.13.3: only with THESPLOG_FILE set
      },
      'admin',
      0,
      { secret, ...(this.tls ? { tls: this.tls } : {}) },
    );
    // The starter's sockets never keep a script alive by themselves: a request, ask or listen
    // that waits does (loop-hold.ts), so a script that never calls shutdown() still exits.
    this.transport.unref?.();
    this.hold ??= new LoopHold(() => this.transport.queuedCount);
    this.gate = new TellGate(this.transport);
  }

  private async tryAttach(route: string, timeoutMs: number): Promise<Extract<ControlMessage, { op: 'attached' }> | undefined> {
    this.adminRoute = route;
    this.adminKey = `${route}${ADMIN_SUFFIX}`;
    this.router = new Router(this.transport, route, this.adminKey, (env) => this.deadLetter(env));
    for (const ep of this.endpoints.values()) this.endpointChanged(ep, true);
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const reply = await this.request({ op: 'attach', reqId: 0, logs: this.wantsLogs, ...(this.wantsLogs ? { logLevel: this.logger.minLevel } : {}) }, Math.min(1000, deadline - Date.now())).catch(() => undefined);
      if (reply?.op === 'attached') return reply;
      await new Promise((r) => setTimeout(r, 50));
    }
    return undefined;
  }

  private spawnAdmin(host: string, port: number, options: SystemOptions, secret: Uint8Array): Promise<{ port: number; pid: number }> {
    const capabilities = initialCapabilities(this.baseName, options.capabilities);
    const config = {
      baseName: this.baseName,
      transport: this.flavour.transport,
      host,
      port,
      capabilities,
      ...(typeof options.registry === 'string' ? { registry: options.registry } : {}),
      allowedRoots: allowedRoots(),
    };
    // Detached: the admin outlives this process until someone shuts it down (spec 9.4).
    const child: ChildProcess = spawnEntry('admin-main', [JSON.stringify(config)], {
      detached: true,
      stdio: ['ignore', 'pipe', process.env.THESPIAN_ADMIN_STDERR === 'inherit' ? 'inherit' : 'ignore'],
      env: secretEnv(secret),
    });
    return new Promise((resolve, reject) => {
      let text = '';
      const fail = (why: string) => reject(new ActorSystemStartupFailure(`could not start the ${this.baseName} admin: ${why}`, 'ADMIN_START_FAILED'));
      const timer = setTimeout(() => fail('it did not report ready within 15 s'), 15_000);
      child.on('error', (err) => fail(err.message));
      child.on('exit', (code) => fail(`it exited with code ${code}: ${text.trim()}`));
      child.stdout!.on('data', (chunk: Buffer) => {
        text += chunk.toString();
        const ready = /THESPIAN_ADMIN_READY (\d+)/.exec(text);
        const failed = /THESPIAN_ADMIN_FAILED (.*)/.exec(text);
        if (!ready && !failed) return;
        clearTimeout(timer);
        child.removeAllListeners('exit');
        child.stdout!.destroy();
        child.unref();
        if (ready) resolve({ port: Number(ready[1]), pid: child.pid! });
        else fail(`${failed![1]} (is another program using ${host}:${port}? set a free 'Admin Port' capability)`);
      });
    });
  }

  // ---- messages in -------------------------------------------------------------------

  private readonly transportLog = createThesplog({ who: 'starter' });

  private onEnvelope(env: ReceivedEnvelope): void {
    if (env.kind === KIND_CONTROL) {
      const problem = controlMessageProblem(env.message);
      if (problem !== undefined) return void this.transportLog('warning', `dropped a malformed control message from ${env.sender?.key ?? 'an unnamed sender'}: ${problem}`);
      const msg = env.message as ControlMessage;
      if (msg.op === 'route') this.router.learn(msg.key, msg.route);
      else if (msg.op === 'forget') this.router.forget(msg.key);
      else if (msg.op === 'stopped') void this.stopped();
      else if (msg.op === 'log-record') {
        this.logger.log({ level: msg.level as LogLevel, message: msg.message, time: msg.time, ...(msg.actorAddress ? { actorAddress: msg.actorAddress } : {}), ...(msg.actorClass ? { actorClass: msg.actorClass } : {}) });
      } else if ('reqId' in msg) this.pending.get(msg.reqId)?.resolve(msg);
      return;
    }
    if (!this.acceptAtEndpoint(env.targetKey, env.message, env.sender)) this.deadLetter(env);
  }

  protected override endpointChanged(ep: ExternalEndpoint, open: boolean): void {
    if (!this.router) return;
    if (open) this.router.bindLocal(ep.address.key, (env) => ep.accept(env.message, env.sender));
    else this.router.unbindLocal(ep.address.key);
  }

  private deadLetter(env: { targetKey: string; message: unknown; sender?: ActorAddress | null }): void {
    this.router.toAdmin({ op: 'dead-letter', targetKey: env.targetKey, targetLabel: '', message: env.message, origin: env.sender ?? null });
  }

  private undeliverable(env: OutboundEnvelope): void {
    if (env.kind === KIND_ADMIN) {
      // The admin is gone: fail what waits for it now rather than at its timeout.
      const req = env.message as { reqId?: number; op?: string };
      if (req.reqId) this.pending.get(req.reqId)?.reject(new ActorSystemFailure(`the ${this.baseName} admin at ${this.adminRoute} is not reachable ('${req.op}')`, 'ADMIN_UNREACHABLE'));
      return;
    }
    if (env.kind !== KIND_USER) return;
    this.router.forget(env.targetKey);
    this.deadLetter(env);
  }

  protected request(req: AdminRequest & { reqId: number }, timeoutMs = 30_000): Promise<ControlMessage> {
    return this.hold.during(() => this.requestNow(req, timeoutMs));
  }

  private requestNow(req: AdminRequest & { reqId: number }, timeoutMs: number): Promise<ControlMessage> {
    const reqId = ++this.reqSeq;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(reqId);
        reject(new ActorSystemFailure(`the ${this.baseName} admin at ${this.adminRoute} did not answer '${req.op}' within ${timeoutMs} ms`, 'ADMIN_TIMEOUT'));
      }, timeoutMs);
      this.pending.set(reqId, {
        resolve: (m) => {
          clearTimeout(timer);
          this.pending.delete(reqId);
          resolve(m);
        },
        reject: (e) => {
          clearTimeout(timer);
          this.pending.delete(reqId);
          reject(e);
        },
      });
      try {
        this.router.toAdmin({ ...req, reqId } as AdminRequest);
      } catch (err) {
        clearTimeout(timer);
        this.pending.delete(reqId);
        reject(err);
      }
    });
  }

  // ---- AdminClient ---------------------------------------------------------------------

  protected get endpointRoute(): string {
    return this.transport.address;
  }

  protected get keyPrefix(): string {
    return this.prefix;
  }

  protected override learnRoute(key: string, route: string | null): void {
    this.router.learn(key, route);
  }

  protected async closeTransport(): Promise<void> {
    // Held until the sockets are closed: the server's close waits for the last acks to leave,
    // on timers that do not hold the process themselves. Exiting before would end the script
    // with an unsettled await (exit code 13) in the middle of its shutdown().
    await this.hold.during(() => this.transport.close());
    this.hold.stop();
  }

  async tell(endpoint: EndpointHandle, target: ActorAddress, message: unknown): Promise<void> {
    // A tell that waits at the gate (the transmit queue is full) holds the process like an ask.
    await this.hold.during(() => this.gate.pass(() => this.router.send(prepareEnvelope({ targetKey: target.key, sender: endpoint.address, message, kind: KIND_USER }))));
    this.hold.releaseWhenFlushed();
  }

  override ask(endpoint: EndpointHandle, target: ActorAddress, message: unknown, timeoutMs?: number): Promise<unknown> {
    return this.hold.during(() => super.ask(endpoint, target, message, timeoutMs));
  }

  override listen(endpoint: EndpointHandle, timeoutMs?: number): Promise<unknown> {
    return this.hold.during(() => super.listen(endpoint, timeoutMs));
  }

  async shutdown(): Promise<void> {
    if (this.isShutdown) return;
    try {
      await this.request({ op: 'shutdown', reqId: 0 }, 20_000);
    } finally {
      await this.stopped();
    }
  }
}

import net from 'node:net';
import type { Envelope, OutboundEnvelope } from './envelope.js';
import { DEFAULT_MAX_FRAME_BYTES, FRAME_HEADER_BYTES } from './framing.js';
import { formatHostPort, parseHostPort } from './inbound.js';
import type { TransmitLink } from './transmit-queue.js';
import { InboundGuard } from './inbound-guard.js';
import { acceptHandshake, DEFAULT_HANDSHAKE_TIMEOUT_MS, type LinkKeys } from './link-auth.js';
import { TcpLink } from './tcp-link.js';
import { ReceiptCounter, reportUnacknowledged } from './acks.js';
import { ReturnPaths, type DuplexOptions, type ReturnPathPolicy } from './duplex.js';
import type { TransmitLimits } from './transmit-limits.js';
import { SendSide } from './send-side.js';
import type { TlsMaterial } from './tls-material.js';
import { createStreamServer, cutHandshaking } from './tls-socket.js';
import { TransportError } from './transport-errors.js';
import { type SendResult, type Transport, type TransportHandlers, type TransportLog } from './transport.js';

export interface TcpTransportOptions {
  /** Interface to listen on. Default '127.0.0.1' (a base passes THESPIAN_BASE_IPADDR or 0.0.0.0). */
  host?: string;
  /** 0 (default): the OS picks; `address` reports it. */
  port?: number;
  /** The host peers should use to reach us when listening on 0.0.0.0. Default: `host`. */
  advertiseHost?: string;
  limits?: Partial<TransmitLimits>;
  maxFrameBytes?: number;
  connectTimeoutMs?: number;
  /**
   * The system secret every link must prove (framework/transport/link-auth.ts). Every base
   * passes one; without it links are open, which only in-process transport tests want.
   */
  secret?: Uint8Array;
  /**
   * The key this system shares with the other systems of its convention: links proved with it
   * (not the secret) are `foreign` (their envelopes say so), for user and convention messages only.
   */
  conventionKey?: Uint8Array;
  /** How long an inbound connection may take to prove the secret. Default 5 s. */
  handshakeTimeoutMs?: number;
  /**
   * PEM contents (tls-material.ts reads them from files): listen and connect over TLS, the link
   * handshake and frames inside it; with `ca`, mutual TLS (tls-socket.ts says what is checked).
   */
  tls?: TlsMaterial;
  /**
   * Links to other systems (proved with the convention key) announce this transport's address,
   * so those systems send back over them (duplex.ts): for a system they cannot dial ('Outbound Only').
   */
  announce?: boolean;
  /** Which announced peers are sent to over the links they opened (default: none). */
  returnPaths?: ReturnPathPolicy;
  /** Refuse links proved only with the convention key (other systems), saying this why. */
  refuseForeign?: string;
}

const noLog: TransportLog = () => {};

/** Listens and connects on node:net. Targets are "host:port" strings. */
export class TcpTransport implements Transport {
  private readonly side: SendSide;
  /** Reading inbound links is paused (a test of the senders' backpressure stalls a receiver so). */
  private paused = false;
  private readonly links = new Map<string, TcpLink>();
  private readonly inbound = new Map<net.Socket, ReceiptCounter | undefined>();
  private readonly log: TransportLog;
  private readonly maxFrameBytes: number;
  private readonly connectTimeoutMs: number;
  private readonly keys: LinkKeys | undefined;
  private readonly handshakeTimeoutMs: number;
  private readonly tls: TlsMaterial | undefined;
  private readonly guard: InboundGuard;
  private readonly returns: ReturnPaths;
  private duplex: DuplexOptions | undefined;
  private readonly refuseForeign: string | undefined;
  private unrefd = false;
  private addressText = '';

  private constructor(
    private readonly server: net.Server,
    private readonly handlers: TransportHandlers,
    options: TcpTransportOptions,
  ) {
    this.log = handlers.log ?? noLog;
    this.maxFrameBytes = options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
    this.connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
    this.keys = options.secret ? { secret: options.secret, ...(options.conventionKey ? { convention: options.conventionKey } : {}) } : undefined;
    this.handshakeTimeoutMs = options.handshakeTimeoutMs ?? DEFAULT_HANDSHAKE_TIMEOUT_MS;
    this.tls = options.tls;
    this.guard = new InboundGuard(this.log);
    this.guard.limit(server);
    this.returns = new ReturnPaths(handlers, this.log, (lost, target, error) => this.lost(lost, target, error), options.returnPaths);
    this.refuseForeign = options.refuseForeign;
    this.side = new SendSide(() => this.address, options.limits, handlers, (target) => this.linkFor(target), this.log);
  }

  static async start(handlers: TransportHandlers, options: TcpTransportOptions = {}): Promise<TcpTransport> {
    const timeout = options.handshakeTimeoutMs ?? DEFAULT_HANDSHAKE_TIMEOUT_MS;
    let transport: TcpTransport | undefined;
    const server = createStreamServer(options.tls, timeout, handlers.log ?? noLog, (socket) => transport!.accept(socket));
    transport = new TcpTransport(server, handlers, options);
    const host = options.host ?? '127.0.0.1';
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host, port: options.port ?? 0 }, () => {
        server.off('error', reject);
        resolve();
      });
    });
    server.on('error', (err) => transport.log('error', `TCP listener error: ${err.message}`));
    const port = (server.address() as net.AddressInfo).port;
    transport.addressText = formatHostPort(options.advertiseHost ?? host, port);
    if (options.announce) transport.duplex = { announceAs: transport.addressText, handlers, log: transport.log, maxFrameBytes: transport.maxFrameBytes };
    return transport;
  }

  get address(): string {
    return this.addressText;
  }

  get port(): number {
    return (this.server.address() as net.AddressInfo | null)?.port ?? 0;
  }

  hasReturnPath(target: string): boolean {
    return this.returns.get(target) !== undefined;
  }

  get queuedCount(): number {
    return this.side.queuedCount;
  }

  get limits(): TransmitLimits {
    return this.side.queue.limits;
  }

  send(target: string, envelope: Envelope | OutboundEnvelope): SendResult {
    this.side.checkOpen();
    if (!this.links.has(target) && !this.returns.get(target)) parseHostPort(target); // a bad target fails here, not inside the queue
    const out = this.side.prepare(envelope, this.maxFrameBytes, FRAME_HEADER_BYTES + 256);
    return this.side.enqueue(target, out);
  }

  isBlocked(): boolean {
    return this.side.isBlocked();
  }

  whenUnblocked(): Promise<void> {
    return this.side.whenUnblocked();
  }

  /** Stop reading inbound links (the OS then slows the senders); not part of Transport: no base needs it. */
  pauseReceiving(): void {
    this.paused = true;
    for (const s of this.inbound.keys()) s.pause();
  }

  resumeReceiving(): void {
    this.paused = false;
    for (const s of this.inbound.keys()) s.resume();
  }

  /** Frames written and not yet acknowledged, over all links (for tests and diagnostics). */
  get awaitingAck(): number {
    let n = 0;
    for (const link of this.links.values()) n += link.awaitingAck;
    return n;
  }

  unref(): void {
    this.unrefd = true;
    this.server.unref();
    for (const s of this.inbound.keys()) s.unref();
    for (const link of this.links.values()) link.unref();
  }

  async close(): Promise<void> {
    if (!this.side.beginClose()) return;
    const closing = new Promise<void>((resolve) => this.server.close(() => resolve()));
    // What was settled gets its ack before the links go: its senders need not dead-letter it.
    for (const [s, receipts] of this.inbound) {
      receipts?.flush();
      // end(), not destroy(): the last ack must not be cut off; a peer that never answers
      // our FIN is cut off shortly after.
      s.end();
      setTimeout(() => s.destroy(), 100).unref();
    }
    cutHandshaking(this.server, 100);
    this.guard.stop();
    this.side.failQueued();
    this.returns.closeAll();
    for (const link of this.links.values()) link.destroy();
    await closing;
  }

  private accept(socket: net.Socket): void {
    if (this.side.closed) return void socket.destroy();
    const origin = `${socket.remoteAddress}:${socket.remotePort}`;
    socket.setNoDelay(true);
    const { receipts, duplex } = this.returns.acks(socket);
    this.inbound.set(socket, receipts);
    if (this.unrefd) socket.unref();
    socket.on('error', (err) => this.log('debug', `inbound link ${origin}: ${err.message}`));
    socket.on('close', () => this.inbound.delete(socket));
    if (this.paused) socket.pause();
    if (!this.keys) return this.receiveFrames(socket, origin, receipts, duplex, false);
    // Not one frame byte is decoded before the peer proved it holds the system secret (or the convention key).
    acceptHandshake(
      socket,
      this.keys,
      (result) => {
        if ('failed' in result) {
          if (!this.side.closed) this.log('warning', `closing unauthenticated connection from ${origin}: ${result.failed}`);
          socket.destroy();
          return;
        }
        // Proved, so we know it is another system, and can say why it is refused.
        if (result.foreign && this.refuseForeign) {
          this.log('warning', `closing a connection from another system (${origin}): ${this.refuseForeign}`);
          socket.destroy();
          return;
        }
        this.receiveFrames(socket, origin, receipts, duplex, result.foreign, result.rest);
      },
      this.handshakeTimeoutMs,
    );
  }

  private receiveFrames(socket: net.Socket, origin: string, receipts: ReceiptCounter | undefined, duplex: { on: boolean }, foreign: boolean, first?: Buffer): void {
    const { decoder, closed } = this.returns.reader(socket, origin, this.maxFrameBytes, () => socket.destroy(), receipts, duplex, { foreign });
    socket.on('close', closed);
    socket.on('data', (chunk: Buffer) => decoder.push(chunk));
    // The handshake has its own deadline; the frame budgets start once frames may flow.
    this.guard.watch(socket, decoder, origin);
    if (first?.length) decoder.push(first);
  }

  private linkFor(target: string): TransmitLink {
    // A peer that announced itself on a link it opened is sent to over that link.
    const back = this.returns.get(target);
    if (back) return back;
    const existing = this.links.get(target);
    if (existing && !existing.isDead) return existing;
    const { host, port } = parseHostPort(target);
    const link = new TcpLink(
      target,
      host,
      port,
      this.connectTimeoutMs,
      this.keys,
      (dead, error) => {
        if (this.links.get(target) === dead) this.links.delete(target);
        // A peer that cannot prove the secret is news for the owner; a peer going away is not.
        if (!this.side.closed) this.log((error as TransportError).code === 'AUTH_FAILED' ? 'warning' : 'debug', `link to ${target} closed: ${error.message}`);
      },
      (lost, error) => this.lost(lost, target, error),
      this.tls,
      this.duplex,
    );
    this.links.set(target, link);
    if (this.unrefd) link.unref();
    return link;
  }

  private lost(envelopes: OutboundEnvelope[], target: string, error: Error): void {
    reportUnacknowledged(this.side.closed, this.handlers, this.log, envelopes, target, error);
  }

}

import http from 'node:http';
import https from 'node:https';
import type net from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { ReceiptCounter, reportUnacknowledged } from './acks.js';
import { ReturnPaths, type ReturnPathPolicy } from './duplex.js';
import type { TransmitLink } from './transmit-queue.js';
import type { Envelope, OutboundEnvelope } from './envelope.js';
import { DEFAULT_MAX_FRAME_BYTES, FRAME_HEADER_BYTES } from './framing.js';
import { InboundGuard } from './inbound-guard.js';
import { acceptHandshake, DEFAULT_HANDSHAKE_TIMEOUT_MS, type LinkKeys } from './link-auth.js';
import type { TransmitLimits } from './transmit-limits.js';
import { TransportError } from './transport-errors.js';
import { type SendResult, type Transport, type TransportHandlers, type TransportLog } from './transport.js';
import { SendSide } from './send-side.js';
import { WsLink, type WsLinkOptions } from './ws-link.js';
import { WsStream } from './ws-stream.js';

export interface WsTransportOptions {
  /** Interface to listen on. Default '127.0.0.1'. */
  host?: string;
  /** 0 (default): the OS picks. */
  port?: number;
  /** The URL path peers connect to. Default '/thespian'. */
  path?: string;
  /** The host peers should use (listening on 0.0.0.0, or behind a proxy). Default: `host`. */
  advertiseHost?: string;
  limits?: Partial<TransmitLimits>;
  maxFrameBytes?: number;
  connectTimeoutMs?: number;
  /** As for TcpTransport: every link proves it before a frame of it is decoded. */
  secret?: Uint8Array;
  /** As for TcpTransport: links proved with it are `foreign`. */
  conventionKey?: Uint8Array;
  handshakeTimeoutMs?: number;
  /** PEM: serve wss:// with cert/key; with `ca` inbound peers must present a certificate it signed, and outbound peers are checked against it. */
  tls?: { cert?: string | Buffer; key?: string | Buffer; ca?: string | Buffer };
  /** false: only dial out (a member that reaches its leader over WebSocket listens for nothing). Default true. */
  listen?: boolean;
  /** As for TcpTransport: links to other systems announce this address (duplex.ts). */
  announceAs?: string;
  /** As for TcpTransport: which announced peers are sent to over the links they opened. */
  returnPaths?: ReturnPathPolicy;
}

const noLog: TransportLog = () => {};

/**
 * TcpTransport's frames, handshake and acknowledgements over WebSocket (`ws`), for a member
 * that reaches its leader only through HTTP(S) (issue 13 item 8). Targets are ws:// or wss://
 * URLs; `address` is this endpoint's own URL.
 */
export class WsTransport implements Transport {
  private readonly side: SendSide;
  private readonly links = new Map<string, WsLink>();
  private readonly inbound = new Map<WsStream, ReceiptCounter | undefined>();
  private readonly log: TransportLog;
  private readonly maxFrameBytes: number;
  private readonly linkOptions: WsLinkOptions;
  private readonly handshakeTimeoutMs: number;
  private readonly keys: LinkKeys | undefined;
  private readonly guard: InboundGuard;
  private readonly wss: WebSocketServer | undefined;
  private readonly returns: ReturnPaths;
  private paused = false;
  private addressText = '';

  private constructor(
    private readonly server: http.Server | https.Server | undefined,
    private readonly handlers: TransportHandlers,
    private readonly options: WsTransportOptions,
  ) {
    this.log = handlers.log ?? noLog;
    this.maxFrameBytes = options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
    this.handshakeTimeoutMs = options.handshakeTimeoutMs ?? DEFAULT_HANDSHAKE_TIMEOUT_MS;
    const tls = options.tls?.ca ? { ca: options.tls.ca, ...(options.tls.cert ? { cert: options.tls.cert } : {}), ...(options.tls.key ? { key: options.tls.key } : {}) } : undefined;
    // A batch of frames plus a handshake fits in one WebSocket message; more is refused by ws.
    const maxPayload = this.maxFrameBytes * 2 + 1024;
    this.keys = options.secret ? { secret: options.secret, ...(options.conventionKey ? { convention: options.conventionKey } : {}) } : undefined;
    const duplex = options.announceAs ? { announceAs: options.announceAs, handlers, log: this.log, maxFrameBytes: this.maxFrameBytes } : undefined;
    this.linkOptions = { connectTimeoutMs: options.connectTimeoutMs ?? 10_000, keys: this.keys, maxPayload, ...(tls ? { tls } : {}), ...(duplex ? { duplex } : {}) };
    this.guard = new InboundGuard(this.log);
    this.returns = new ReturnPaths(handlers, this.log, (lost, target, error) => reportUnacknowledged(this.side.closed, this.handlers, this.log, lost, target, error), options.returnPaths);
    if (server) {
      this.guard.limit(server);
      this.wss = new WebSocketServer({ server, path: options.path ?? '/thespian', maxPayload, perMessageDeflate: false });
      this.wss.on('connection', (ws, req) => this.accept(ws, `${req.socket.remoteAddress}:${req.socket.remotePort}`));
      this.wss.on('error', (err) => this.log('error', `WebSocket listener error: ${err.message}`));
    }
    this.side = new SendSide(() => this.address, options.limits, handlers, (target) => this.linkFor(target), this.log);
  }

  static async start(handlers: TransportHandlers, options: WsTransportOptions = {}): Promise<WsTransport> {
    if (options.listen === false) {
      const dialOnly = new WsTransport(undefined, handlers, options);
      dialOnly.addressText = options.announceAs ?? 'ws:dial-out-only';
      return dialOnly;
    }
    const tls = options.tls;
    if (tls && (!tls.cert || !tls.key)) throw new TransportError('a wss:// listener needs a certificate and its key', 'BAD_TLS_MATERIAL');
    const server = tls
      ? https.createServer({ cert: tls.cert!, key: tls.key!, ...(tls.ca ? { ca: tls.ca, requestCert: true, rejectUnauthorized: true } : {}) })
      : http.createServer();
    // Anything but an upgrade to our path is not for us.
    server.on('request', (_req, res) => res.writeHead(426, { 'content-type': 'text/plain' }).end('thespian-ts: WebSocket only\n'));
    const transport = new WsTransport(server, handlers, options);
    const host = options.host ?? '127.0.0.1';
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host, port: options.port ?? 0 }, () => {
        server.off('error', reject);
        resolve();
      });
    });
    server.on('error', (err) => transport.log('error', `WebSocket listener error: ${err.message}`));
    server.on('tlsClientError', (err: Error) => transport.log('warning', `refused a TLS connection: ${err.message}`));
    const port = (server.address() as net.AddressInfo).port;
    const advertise = options.advertiseHost ?? host;
    transport.addressText = `${tls ? 'wss' : 'ws'}://${advertise.includes(':') ? `[${advertise}]` : advertise}:${port}${options.path ?? '/thespian'}`;
    return transport;
  }

  get address(): string {
    return this.addressText;
  }

  get port(): number {
    return (this.server?.address() as net.AddressInfo | null | undefined)?.port ?? 0;
  }

  /** True while a peer that announced itself as `target` has its link to us open. */
  hasReturnPath(target: string): boolean {
    return this.returns.get(target) !== undefined;
  }

  get queuedCount(): number {
    return this.side.queuedCount;
  }

  get awaitingAck(): number {
    let n = 0;
    for (const link of this.links.values()) n += link.awaitingAck;
    return n;
  }

  send(target: string, envelope: Envelope | OutboundEnvelope): SendResult {
    this.side.checkOpen();
    if (!this.links.has(target) && !this.returns.get(target)) parseWsTarget(target);
    const out = this.side.prepare(envelope, this.maxFrameBytes, FRAME_HEADER_BYTES + 256);
    return this.side.enqueue(target, out);
  }

  isBlocked(): boolean {
    return this.side.isBlocked();
  }

  whenUnblocked(): Promise<void> {
    return this.side.whenUnblocked();
  }

  pauseReceiving(): void {
    this.paused = true;
    for (const s of this.inbound.keys()) s.pause();
  }

  resumeReceiving(): void {
    this.paused = false;
    for (const s of this.inbound.keys()) s.resume();
  }

  unref(): void {
    this.server?.unref();
  }

  async close(): Promise<void> {
    if (!this.side.beginClose()) return;
    const server = this.server;
    const closing = server ? new Promise<void>((resolve) => server.close(() => resolve())) : Promise.resolve();
    for (const [s, receipts] of this.inbound) {
      receipts?.flush();
      s.end();
      setTimeout(() => s.destroy(), 100).unref();
    }
    this.guard.stop();
    this.side.failQueued();
    this.returns.closeAll();
    for (const link of this.links.values()) link.destroy();
    this.wss?.close();
    server?.closeAllConnections?.();
    await closing;
  }

  private accept(ws: WebSocket, origin: string): void {
    const stream = new WsStream(ws);
    if (this.side.closed) return stream.destroy();
    const { receipts, duplex } = this.returns.acks(stream);
    this.inbound.set(stream, receipts);
    stream.on('error', (err: Error) => this.log('debug', `inbound WebSocket ${origin}: ${err.message}`));
    stream.on('close', () => this.inbound.delete(stream));
    if (this.paused) stream.pause();
    if (!this.keys) return this.receiveFrames(stream, origin, receipts, duplex, false);
    acceptHandshake(
      stream,
      this.keys,
      (result) => {
        if ('failed' in result) {
          if (!this.side.closed) this.log('warning', `closing unauthenticated WebSocket connection from ${origin}: ${result.failed}`);
          return stream.destroy();
        }
        this.receiveFrames(stream, origin, receipts, duplex, result.foreign, result.rest);
      },
      this.handshakeTimeoutMs,
    );
  }

  private receiveFrames(stream: WsStream, origin: string, receipts: ReceiptCounter | undefined, duplex: { on: boolean }, foreign: boolean, first?: Buffer): void {
    const { decoder, closed } = this.returns.reader(stream, origin, this.maxFrameBytes, () => stream.destroy(), receipts, duplex, { foreign });
    stream.on('close', closed);
    stream.on('data', (chunk: Buffer) => decoder.push(chunk));
    this.guard.watch(stream, decoder, origin);
    if (first?.length) decoder.push(first);
  }

  private linkFor(target: string): TransmitLink {
    const back = this.returns.get(target);
    if (back) return back;
    const existing = this.links.get(target);
    if (existing && !existing.isDead) return existing;
    const link = new WsLink(
      target,
      this.linkOptions,
      (dead, error) => {
        if (this.links.get(target) === dead) this.links.delete(target);
        if (!this.side.closed) this.log((error as TransportError).code === 'AUTH_FAILED' ? 'warning' : 'debug', `link to ${target} closed: ${error.message}`);
      },
      (lost, error) => reportUnacknowledged(this.side.closed, this.handlers, this.log, lost, target, error),
    );
    this.links.set(target, link);
    return link;
  }

}

/** A ws:// or wss:// URL, or a TransportError saying what a target must look like. */
export function parseWsTarget(target: string): URL {
  let url: URL | undefined;
  try {
    url = new URL(target);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'ws:' && url.protocol !== 'wss:') || url.hostname === '') {
    throw new TransportError(`'${target}' is not a ws://host:port/path or wss:// WebSocket address`, 'BAD_TRANSPORT_ADDRESS');
  }
  return url;
}

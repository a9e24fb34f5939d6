import http from 'node:http';
import https from 'node:https';
import type net from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { acksEnabled, encodeAck, ReceiptCounter, reportUnacknowledged } from './acks.js';
import type { Envelope, OutboundEnvelope } from './envelope.js';
import { DEFAULT_MAX_FRAME_BYTES, FRAME_HEADER_BYTES } from './framing.js';
import { streamReceiver } from './inbound.js';
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
  tls?: { cert: string | Buffer; key: string | Buffer; ca?: string | Buffer };
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
  private readonly wss: WebSocketServer;
  private paused = false;
  private addressText = '';

  private constructor(
    private readonly server: http.Server | https.Server,
    private readonly handlers: TransportHandlers,
    private readonly options: WsTransportOptions,
  ) {
    this.log = handlers.log ?? noLog;
    this.maxFrameBytes = options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
    this.handshakeTimeoutMs = options.handshakeTimeoutMs ?? DEFAULT_HANDSHAKE_TIMEOUT_MS;
    const tls = options.tls?.ca ? { ca: options.tls.ca, cert: options.tls.cert, key: options.tls.key } : undefined;
    // A batch of frames plus a handshake fits in one WebSocket message; more is refused by ws.
    const maxPayload = this.maxFrameBytes * 2 + 1024;
    this.keys = options.secret ? { secret: options.secret, ...(options.conventionKey ? { convention: options.conventionKey } : {}) } : undefined;
    this.linkOptions = { connectTimeoutMs: options.connectTimeoutMs ?? 10_000, keys: this.keys, maxPayload, ...(tls ? { tls } : {}) };
    this.guard = new InboundGuard(this.log);
    this.guard.limit(server);
    this.wss = new WebSocketServer({ server, path: options.path ?? '/thespian', maxPayload, perMessageDeflate: false });
    this.wss.on('connection', (ws, req) => this.accept(ws, `${req.socket.remoteAddress}:${req.socket.remotePort}`));
    this.wss.on('error', (err) => this.log('error', `WebSocket listener error: ${err.message}`));
    this.side = new SendSide(() => this.address, options.limits, handlers, (target) => this.linkFor(target), this.log);
  }

  static async start(handlers: TransportHandlers, options: WsTransportOptions = {}): Promise<WsTransport> {
    const tls = options.tls;
    const server = tls
      ? https.createServer({ cert: tls.cert, key: tls.key, ...(tls.ca ? { ca: tls.ca, requestCert: true, rejectUnauthorized: true } : {}) })
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
    return (this.server.address() as net.AddressInfo | null)?.port ?? 0;
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
    if (!this.links.has(target)) parseWsTarget(target);
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
    this.server.unref();
  }

  async close(): Promise<void> {
    if (!this.side.beginClose()) return;
    const closing = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const [s, receipts] of this.inbound) {
      receipts?.flush();
      s.end();
      setTimeout(() => s.destroy(), 100).unref();
    }
    this.guard.stop();
    this.side.failQueued();
    for (const link of this.links.values()) link.destroy();
    this.wss.close();
    this.server.closeAllConnections?.();
    await closing;
  }

  private accept(ws: WebSocket, origin: string): void {
    const stream = new WsStream(ws);
    if (this.side.closed) return stream.destroy();
    const receipts = acksEnabled() ? new ReceiptCounter((count) => void (!stream.destroyed && stream.write(encodeAck(count)))) : undefined;
    this.inbound.set(stream, receipts);
    stream.on('error', (err: Error) => this.log('debug', `inbound WebSocket ${origin}: ${err.message}`));
    stream.on('close', () => this.inbound.delete(stream));
    if (this.paused) stream.pause();
    if (!this.keys) return this.receiveFrames(stream, origin, receipts, false);
    acceptHandshake(
      stream,
      this.keys,
      (result) => {
        if ('failed' in result) {
          if (!this.side.closed) this.log('warning', `closing unauthenticated WebSocket connection from ${origin}: ${result.failed}`);
          return stream.destroy();
        }
        this.receiveFrames(stream, origin, receipts, result.foreign, result.rest);
      },
      this.handshakeTimeoutMs,
    );
  }

  private receiveFrames(stream: WsStream, origin: string, receipts: ReceiptCounter | undefined, foreign: boolean, first?: Buffer): void {
    const decoder = streamReceiver(this.handlers, this.log, origin, this.maxFrameBytes, () => stream.destroy(), receipts, foreign);
    stream.on('data', (chunk: Buffer) => decoder.push(chunk));
    this.guard.watch(stream, decoder, origin);
    if (first?.length) decoder.push(first);
  }

  private linkFor(target: string): WsLink {
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

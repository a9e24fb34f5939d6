import dgram from 'node:dgram';
import { frameOf, prepareEnvelope, type Envelope, type OutboundEnvelope } from './envelope.js';
import { unframe } from './framing.js';
import { deliverFrame, formatHostPort, parseHostPort } from './inbound.js';
import { MAC_BYTES, openDatagram, sealDatagram, type LinkKeys } from './link-auth.js';
import type { TransmitLimits } from './transmit-limits.js';
import { SendSide } from './send-side.js';
import type { TransmitLink } from './transmit-queue.js';
import { FrameError, MessageEncodeError, TransportError } from './transport-errors.js';
import { isOutbound, type SendResult, type Transport, type TransportHandlers, type TransportLog } from './transport.js';

/** The largest UDP payload over IPv4: 65535 minus the IP and UDP headers. */
export const MAX_DATAGRAM_BYTES = 65_507;

export interface UdpTransportOptions {
  host?: string;
  port?: number;
  advertiseHost?: string;
  limits?: Partial<TransmitLimits>;
  /**
   * The system secret: every datagram carries an HMAC tag of it and one without a valid tag
   * is dropped unread (link-auth.ts). Every base passes one; without it datagrams are open.
   */
  secret?: Uint8Array;
  /** As for TcpTransport: datagrams tagged only with it are `foreign` (another system of the convention). */
  conventionKey?: Uint8Array;
}

const noLog: TransportLog = () => {};

/**
 * One frame per datagram on node:dgram. Best effort like Thespian's UDP base: no connection,
 * so a dead target is not noticed (only local send errors are reported undeliverable); a
 * message whose frame is over one datagram fails at `send` with DATAGRAM_TOO_LARGE.
 */
export class UdpTransport implements Transport {
  private readonly side: SendSide;
  private readonly log: TransportLog;
  private readonly frames = new WeakMap<OutboundEnvelope, Uint8Array>();
  private addressText = '';
  private readonly keys: LinkKeys | undefined;
  /** The largest frame that fits one datagram, with the tag when there is one. */
  private readonly maxFrame: number;

  private constructor(
    private readonly socket: dgram.Socket,
    private readonly handlers: TransportHandlers,
    options: UdpTransportOptions,
  ) {
    this.log = handlers.log ?? noLog;
    this.keys = options.secret ? { secret: options.secret, ...(options.conventionKey ? { convention: options.conventionKey } : {}) } : undefined;
    this.maxFrame = MAX_DATAGRAM_BYTES - (this.keys ? (this.keys.convention ? 2 : 1) * MAC_BYTES : 0);
    this.side = new SendSide(() => this.address, options.limits, handlers, (target) => this.linkFor(target), this.log);
  }

  static async start(handlers: TransportHandlers, options: UdpTransportOptions = {}): Promise<UdpTransport> {
    const host = options.host ?? '127.0.0.1';
    const socket = dgram.createSocket(host.includes(':') ? 'udp6' : 'udp4');
    const transport = new UdpTransport(socket, handlers, options);
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(options.port ?? 0, host, () => {
        socket.off('error', reject);
        resolve();
      });
    });
    socket.on('error', (err) => transport.log('error', `UDP socket error: ${err.message}`));
    socket.on('message', (msg, rinfo) => transport.receive(msg, `${rinfo.address}:${rinfo.port}`));
    transport.addressText = formatHostPort(options.advertiseHost ?? host, socket.address().port);
    return transport;
  }

  unref(): void {
    this.socket.unref();
  }

  get address(): string {
    return this.addressText;
  }

  get port(): number {
    return this.socket.address().port;
  }

  get queuedCount(): number {
    return this.side.queuedCount;
  }

  send(target: string, envelope: Envelope | OutboundEnvelope): SendResult {
    this.side.checkOpen();
    parseHostPort(target);
    const out = isOutbound(envelope) ? envelope : prepareEnvelope(envelope);
    this.assertSendable(out);
    return this.side.enqueue(target, out);
  }

  /** Throws now what send() would throw, for a caller that holds the envelope to send later. */
  assertSendable(out: OutboundEnvelope): void {
    let frame = this.frames.get(out);
    if (!frame) this.frames.set(out, (frame = frameOf(out)));
    if (frame.byteLength > this.maxFrame) {
      throw new MessageEncodeError(
        `message of ${frame.byteLength} bytes (framed) is over the UDP limit of ${this.maxFrame} bytes (one 64 KiB datagram${this.keys ? ' less its authentication tags' : ''}); ` +
          'send less per message, or use a TCP base for large messages',
        'message',
        'DATAGRAM_TOO_LARGE',
      );
    }
  }

  isBlocked(): boolean {
    return this.side.isBlocked();
  }

  whenUnblocked(): Promise<void> {
    return this.side.whenUnblocked();
  }

  async close(): Promise<void> {
    if (!this.side.beginClose()) return;
    this.side.failQueued();
    await new Promise<void>((resolve) => this.socket.close(() => resolve()));
  }

  private receive(datagram: Buffer, origin: string): void {
    const opened = this.keys ? openDatagram(this.keys, datagram) : { frame: datagram, foreign: false };
    if (!opened) {
      this.log('warning', `dropping unauthenticated datagram of ${datagram.byteLength} bytes from ${origin}: no valid tag of this system's secret${this.keys?.convention ? ' or convention key' : ''}`);
      return;
    }
    try {
      deliverFrame(unframe(opened.frame, MAX_DATAGRAM_BYTES), this.handlers, this.log, origin, undefined, { foreign: opened.foreign });
    } catch (err) {
      // One datagram must never take the process down: a bad frame or a handler's own bug
      // is logged and the socket keeps serving.
      if (err instanceof FrameError) this.log('warning', `ignoring datagram from ${origin}: ${err.message} (${err.code})`);
      else this.log('error', `envelope handler threw on a datagram from ${origin}: ${(err as Error)?.stack ?? String(err)}`);
    }
  }

  private readonly links = new Map<string, TransmitLink>();
  private linkFor(target: string): TransmitLink {
    const known = this.links.get(target);
    if (known) return known;
    const { host, port } = parseHostPort(target);
    const link: TransmitLink = {
      write: (env, done) => {
        if (this.side.closed) return done(new TransportError(`transport ${this.address} closed before delivery`, 'TRANSPORT_CLOSED'));
        const plain = this.frames.get(env) ?? frameOf(env);
        const frame = this.keys ? sealDatagram(this.keys, plain) : plain;
        this.socket.send(frame, port, host, (err) => done(err ? new TransportError(`could not send to ${target}: ${err.message}`, 'TARGET_UNREACHABLE') : undefined));
      },
    };
    this.links.set(target, link);
    return link;
  }

}

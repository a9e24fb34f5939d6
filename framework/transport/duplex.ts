import { acksEnabled, encodeAck, ReceiptCounter } from './acks.js';
import { framePieces, type OutboundEnvelope } from './envelope.js';
import { ACK_FRAME, FRAME_HEADER_BYTES, frameHeader, HELLO_FRAME, MAX_CONTROL_BODY_BYTES, type FrameDecoder } from './framing.js';
import { streamReceiver, type LinkFacts } from './inbound.js';
import type { LostHandler, PendingFrame } from './link-death.js';
import { StreamLink } from './stream-link.js';
import type { TransmitLink } from './transmit-queue.js';
import { FrameError, TransportError } from './transport-errors.js';
import type { TransportHandlers, TransportLog } from './transport.js';

/**
 * Duplex stream links: frames both ways on one connection, for a system that other systems
 * cannot dial (spec 9.1 'Outbound Only', or a member that reaches its leader only over
 * WebSocket, issue 13 item 8). Thespian keeps such inbound sockets "for replies"; here:
 *
 * - The connector opens with a HELLO frame naming the address it is known by ("reach me back
 *   over this link"). It does so only on links to other systems (proved with the convention
 *   key), and only when its owner asked (`announceAs`).
 * - From the hello on, both directions carry frames: envelope frames (version 1) and ACK
 *   frames (a u32 count, as acks.ts); a link without a hello keeps the raw 4-byte acks.
 * - The acceptor, when its owner takes return paths, writes what it sends to that address on
 *   the link (a ReturnPath), with the same accounting as a dialed link: kept until acked,
 *   reported lost if the link dies first.
 */

export function encodeAckFrame(count: number): Buffer {
  const out = Buffer.allocUnsafe(FRAME_HEADER_BYTES + 4);
  frameHeader(4, out, 0, ACK_FRAME);
  out.writeUInt32BE(count >>> 0, FRAME_HEADER_BYTES);
  return out;
}

export function encodeHelloFrame(address: string): Buffer {
  const body = Buffer.from(address, 'utf8');
  if (body.byteLength === 0 || body.byteLength > MAX_CONTROL_BODY_BYTES) throw new TransportError(`cannot announce '${address}': not 1-${MAX_CONTROL_BODY_BYTES} bytes`, 'BAD_TRANSPORT_ADDRESS');
  return Buffer.concat([frameHeader(body.byteLength, undefined, 0, HELLO_FRAME), body]);
}

function readAck(body: Uint8Array): number {
  if (body.byteLength !== 4) throw new FrameError(`an ack frame of ${body.byteLength} bytes (4 expected)`, 'BAD_FRAME');
  return Buffer.from(body.buffer, body.byteOffset, 4).readUInt32BE(0);
}

function readHello(body: Uint8Array): string {
  const text = Buffer.from(body).toString('utf8');
  // An address is printable and has no spaces; anything else is not one.
  if (!/^[\x21-\x7e]+$/.test(text)) throw new FrameError('a hello frame that names no address', 'BAD_FRAME');
  return text;
}

/** What a duplex link writes on: a TCP socket, or a WebSocket seen as a stream (ws-stream.ts). */
export interface DuplexStream {
  write(chunk: Uint8Array, done?: (error?: Error | null) => void): unknown;
  readonly destroyed: boolean;
}

/** Frames to a peer that announced itself on a link it opened to us, written on that link. */
export class ReturnPath extends StreamLink<PendingFrame> implements TransmitLink {
  constructor(
    readonly target: string,
    private readonly stream: DuplexStream,
    private readonly onDead: (path: ReturnPath) => void,
    private readonly onLost: LostHandler,
  ) {
    super();
    this.markOpen();
  }

  write(envelope: OutboundEnvelope, done: (error?: Error) => void): void {
    this.enqueue({ envelope, done });
  }

  /** The peer's ACK frame. */
  ack(count: number): void {
    this.counted(count);
  }

  /** The link closed: what it held is failed or reported lost. */
  closed(): void {
    this.lastError ??= new TransportError(`the link ${this.target} opened to this process closed`, 'TARGET_UNREACHABLE');
    this.die();
  }

  protected override writeBatch(batch: PendingFrame[], finish: (err?: Error | null) => void): void {
    if (this.stream.destroyed) return finish(new Error('link closed'));
    this.stream.write(Buffer.concat(batch.flatMap((p) => framePieces(p.envelope))), finish);
  }

  protected override reportDeath(): void {
    this.onDead(this);
  }

  protected override reportLost(envelopes: OutboundEnvelope[], error: Error): void {
    this.onLost(envelopes, error);
  }
}

/** Who may be reached back over a link they opened: the owner decides (an admin: other systems only). */
export type ReturnPathPolicy = (address: string, facts: LinkFacts) => boolean;

/**
 * The acceptor's side of every inbound stream link of one transport: reads frames, answers
 * acks (framed once the peer said hello), and keeps the return paths peers announced.
 */
export class ReturnPaths {
  private readonly paths = new Map<string, ReturnPath>();

  constructor(
    private readonly handlers: TransportHandlers,
    private readonly log: TransportLog,
    private readonly lost: (envelopes: OutboundEnvelope[], target: string, error: Error) => void,
    private readonly policy: ReturnPathPolicy | undefined,
  ) {}

  /** A live return path to `target`, if it opened one. */
  get(target: string): ReturnPath | undefined {
    const path = this.paths.get(target);
    return path && !path.isDead ? path : undefined;
  }

  /** The ack writer of one inbound link: raw counts until the peer says hello, ACK frames after. */
  acks(stream: DuplexStream): { receipts: ReceiptCounter | undefined; duplex: { on: boolean } } {
    const duplex = { on: false };
    const receipts = acksEnabled()
      ? new ReceiptCounter((count) => {
          if (!stream.destroyed) stream.write(duplex.on ? encodeAckFrame(count) : encodeAck(count));
        })
      : undefined;
    return { receipts, duplex };
  }

  /** The frame reader of one proved inbound link. Call `closed` from the link's 'close'. */
  reader(
    stream: DuplexStream,
    origin: string,
    maxFrameBytes: number,
    close: () => void,
    receipts: ReceiptCounter | undefined,
    duplex: { on: boolean },
    facts: LinkFacts,
  ): { decoder: FrameDecoder; closed: () => void } {
    let path: ReturnPath | undefined;
    const onControl = (version: number, body: Uint8Array): void => {
      if (version === ACK_FRAME) {
        if (!path) throw new FrameError('an ack frame on a link that said no hello', 'BAD_FRAME');
        return path.ack(readAck(body));
      }
      const address = readHello(body);
      if (duplex.on) throw new FrameError('a second hello on one link', 'BAD_FRAME');
      duplex.on = true;
      if (!this.policy?.(address, facts)) {
        // The peer still gets framed acks; this owner only does not send back on the link.
        this.log('warning', `${origin} announced itself as ${address}; not taken as a way back to it (${this.policy ? 'refused by this process' : 'this process keeps no return paths'})`);
        return;
      }
      path = new ReturnPath(
        address,
        stream,
        (dead) => {
          if (this.paths.get(address) === dead) this.paths.delete(address);
        },
        (envelopes, error) => this.lost(envelopes, address, error),
      );
      // A newer link from the same peer wins; the older one finishes what it holds.
      this.paths.set(address, path);
      this.log('debug', `${origin} is ${address}: sends to it go back over its link`);
    };
    const decoder = streamReceiver(this.handlers, this.log, origin, maxFrameBytes, close, receipts, facts, onControl);
    return { decoder, closed: () => path?.closed() };
  }

  /** Our transport closes: nothing more is written back. */
  closeAll(): void {
    for (const path of this.paths.values()) path.closed();
    this.paths.clear();
  }
}

export interface DuplexOptions {
  /** The address this process is known by (the peer sends to it over this link). */
  announceAs: string;
  handlers: TransportHandlers;
  log: TransportLog;
  maxFrameBytes: number;
}

/**
 * The connector's reader on a duplex link: the peer's ACK frames for what we wrote, and the
 * envelopes it sends back (stamped `returnedOn` = our link's target), acked with ACK frames.
 */
export function connectorReader(
  options: DuplexOptions,
  target: string,
  stream: DuplexStream,
  foreign: boolean,
  onAck: (count: number) => void,
  close: () => void,
): FrameDecoder {
  const receipts = acksEnabled()
    ? new ReceiptCounter((count) => {
        if (!stream.destroyed) stream.write(encodeAckFrame(count));
      })
    : undefined;
  const onControl = (version: number, body: Uint8Array): void => {
    if (version !== ACK_FRAME) throw new FrameError('a hello from the side that accepted the link', 'BAD_FRAME');
    onAck(readAck(body));
  };
  return streamReceiver(options.handlers, options.log, target, options.maxFrameBytes, close, receipts, { foreign, returnedOn: target }, onControl);
}

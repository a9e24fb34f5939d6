import { frameOf, type Envelope, type OutboundEnvelope } from './envelope.js';
import { DEFAULT_MAX_FRAME_BYTES, unframe } from './framing.js';
import { deliverFrame } from './inbound.js';
import type { TransmitLimits } from './transmit-limits.js';
import { SendSide } from './send-side.js';
import type { TransmitLink } from './transmit-queue.js';
import { acksEnabled, AckWindow, ReceiptCounter, reportUnacknowledged } from './acks.js';
import { FrameError, TransportError } from './transport-errors.js';
import { type SendResult, type Transport, type TransportHandlers, type TransportLog } from './transport.js';

/**
 * The part of a Node IPC channel we use: a ChildProcess (parent side) or `process` (child
 * side). Fork with `serialization: 'advanced'` so frames travel as bytes, not JSON arrays.
 */
export interface IpcChannel {
  send?(message: unknown, sendHandle?: undefined, options?: object, callback?: (error: Error | null) => void): boolean;
  readonly connected?: boolean;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  on(event: 'disconnect', listener: () => void): unknown;
  off(event: 'message', listener: (message: unknown) => void): unknown;
  off(event: 'disconnect', listener: () => void): unknown;
}

/** Our frames are wrapped so they share the channel with anything else the base sends. */
interface IpcWire {
  thespianFrame: Uint8Array;
}

/** The receiver's cumulative count of settled frames (see acks.ts). */
interface IpcAck {
  thespianAck: number;
}

function ackFromWire(message: unknown): number | undefined {
  const n = (message as Partial<IpcAck> | null)?.thespianAck;
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 ? n : undefined;
}

export interface IpcTransportOptions {
  /** This endpoint's name, as its peers know it (e.g. 'admin', or the child's id). */
  name: string;
  limits?: Partial<TransmitLimits>;
  maxFrameBytes?: number;
}

const noLog: TransportLog = () => {};

function frameFromWire(message: unknown): Uint8Array | undefined {
  const f = (message as Partial<IpcWire> | null)?.thespianFrame as unknown;
  if (f instanceof Uint8Array) return f;
  // serialization 'json' turns bytes into { type: 'Buffer', data: [...] }: accept, slowly.
  const j = f as { type?: string; data?: number[] } | undefined;
  if (j?.type === 'Buffer' && Array.isArray(j.data)) return Uint8Array.from(j.data);
  return undefined;
}

/**
 * Frames over Node IPC channels, one channel per peer; targets are the names given to
 * `attach`. A child attaches `process` as its parent; a parent attaches each ChildProcess.
 * Envelopes for a channel that disconnects are reported undeliverable.
 *
 * No link authentication here, on purpose: an IPC channel is trusted by construction. The
 * parent creates it when it spawns the child (a socketpair inherited as a file descriptor),
 * so no other process can connect to it, and both ends belong to the one system.
 */
export class IpcTransport implements Transport {
  private readonly side: SendSide;
  private readonly log: TransportLog;
  private readonly maxFrameBytes: number;
  private readonly channels = new Map<string, { channel: IpcChannel; link: IpcLink; receipts?: ReceiptCounter; detach: () => void }>();
  /** Acks handed to a channel and not yet written: close() waits for them (process.exit would cut them off). */
  private ackWrites = 0;

  constructor(
    private readonly handlers: TransportHandlers,
    private readonly options: IpcTransportOptions,
  ) {
    this.log = handlers.log ?? noLog;
    this.maxFrameBytes = options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
    this.side = new SendSide(() => this.address, options.limits, handlers, (target) => this.channels.get(target)?.link ?? new IpcLink(target, undefined, () => {}), this.log);
  }

  get address(): string {
    return this.options.name;
  }

  get queuedCount(): number {
    return this.side.queuedCount;
  }

  /** Starts receiving from `channel` and makes `name` a send target. */
  attach(name: string, channel: IpcChannel): void {
    this.detach(name);
    const link = new IpcLink(name, channel, (lost, error) => this.lost(lost, name, error));
    const receipts = acksEnabled()
      ? new ReceiptCounter((count) => {
          if (channel.connected === false || !channel.send) return;
          this.ackWrites++;
          channel.send({ thespianAck: count } satisfies IpcAck, undefined, {}, () => this.ackWrites--);
        })
      : undefined;
    const onMessage = (message: unknown): void => {
      const frame = frameFromWire(message);
      if (!frame) {
        const ack = ackFromWire(message);
        if (ack !== undefined) link.acked(ack);
        return; // else not ours: the base's own control messages share the channel
      }
      try {
        deliverFrame(unframe(frame, this.maxFrameBytes), this.handlers, this.log, `ipc:${name}`, receipts);
      } catch (err) {
        if (err instanceof FrameError) this.log('warning', `ignoring IPC frame from ${name}: ${err.message} (${err.code})`);
        else this.log('error', `envelope handler threw on an IPC frame from ${name}: ${(err as Error)?.stack ?? String(err)}`);
      }
    };
    const onDisconnect = (): void => link.disconnected();
    channel.on('message', onMessage);
    channel.on('disconnect', onDisconnect);
    this.channels.set(name, {
      channel,
      link,
      ...(receipts ? { receipts } : {}),
      detach: () => {
        channel.off('message', onMessage);
        channel.off('disconnect', onDisconnect);
      },
    });
  }

  detach(name: string): void {
    const known = this.channels.get(name);
    if (!known) return;
    known.detach();
    this.channels.delete(name);
  }

  send(target: string, envelope: Envelope | OutboundEnvelope): SendResult {
    this.side.checkOpen();
    const out = this.side.prepare(envelope, this.maxFrameBytes, 256);
    return this.side.enqueue(target, out);
  }

  isBlocked(): boolean {
    return this.side.isBlocked();
  }

  whenUnblocked(): Promise<void> {
    return this.side.whenUnblocked();
  }

  async close(): Promise<void> {
    if (!this.side.beginClose()) return;
    const error = this.side.failQueued();
    const links = [...this.channels.values()].map((c) => c.link);
    for (const c of this.channels.values()) c.receipts?.flush();
    // Stop receiving first: nothing new to settle (or to fail inside a closed transport).
    for (const name of [...this.channels.keys()]) this.detach(name);
    const until = Date.now() + 200;
    while (this.ackWrites > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 2));
    for (const link of links) link.disconnected(error);
  }

  private lost(envelopes: OutboundEnvelope[], target: string, error: Error): void {
    reportUnacknowledged(this.side.closed, this.handlers, this.log, envelopes, target, error);
  }

}

/**
 * Writes to one channel; remembers what the channel has not confirmed (to fail it on
 * disconnect) and what the peer has not acknowledged (lost with it: see acks.ts).
 */
class IpcLink implements TransmitLink {
  private readonly unconfirmed = new Set<(error?: Error) => void>();
  private readonly unacked = new AckWindow<{ envelope: OutboundEnvelope; done: (error?: Error) => void }>();
  private gone = false;
  private readonly acks = acksEnabled();

  constructor(
    readonly target: string,
    private readonly channel: IpcChannel | undefined,
    private readonly onLost: (envelopes: OutboundEnvelope[], error: Error) => void,
  ) {}

  get awaitingAck(): number {
    return this.unacked.size;
  }

  acked(count: number): void {
    this.unacked.acked(count);
  }

  write(envelope: OutboundEnvelope, done: (error?: Error) => void): void {
    const channel = this.channel;
    if (this.gone || !channel?.send || channel.connected === false) {
      return done(new TransportError(`no connected IPC channel named '${this.target}'`, 'TARGET_UNREACHABLE'));
    }
    this.unconfirmed.add(done);
    if (this.acks) this.unacked.push({ envelope, done });
    const wire: IpcWire = { thespianFrame: frameOf(envelope) };
    channel.send(wire, undefined, {}, (error) => {
      if (!this.unconfirmed.delete(done)) return;
      done(error ? new TransportError(`could not send to IPC channel '${this.target}': ${error.message}`, 'TARGET_UNREACHABLE') : undefined);
    });
  }

  disconnected(error = new TransportError(`IPC channel '${this.target}' disconnected`, 'TARGET_UNREACHABLE')): void {
    if (this.gone) return;
    this.gone = true;
    // Oldest first: confirmed by the channel but never acknowledged, then unconfirmed.
    const lost: OutboundEnvelope[] = [];
    for (const p of this.unacked.drain()) if (!this.unconfirmed.has(p.done)) lost.push(p.envelope);
    if (lost.length > 0) this.onLost(lost, error);
    const pending = [...this.unconfirmed];
    this.unconfirmed.clear();
    for (const done of pending) done(error);
  }
}

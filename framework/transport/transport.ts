import type { Envelope, OutboundEnvelope, ReceivedEnvelope, ReceivedHead } from './envelope.js';
import type { MessageDecodeError } from './transport-errors.js';

export type TransportLogLevel = 'debug' | 'info' | 'warning' | 'error';
/** Until the logging module exists, a base passes its own sink (thesplog later). */
export type TransportLog = (level: TransportLogLevel, message: string) => void;

/** What a transport tells its owner (a base). Only `onEnvelope` is required. */
export interface TransportHandlers {
  /** A decoded envelope arrived, in the order its sender sent it. */
  onEnvelope(envelope: ReceivedEnvelope): void;
  /**
   * An accepted envelope could not be delivered (connection refused, peer died or closed, or
   * the transport closed first): the base dead-letters it. Called once per envelope.
   */
  onUndeliverable?(envelope: OutboundEnvelope, target: string, error: Error): void;
  /** A well-framed envelope whose message did not decode (e.g. unknown type id); the link stays up. */
  onUndecodable?(head: ReceivedHead, error: MessageDecodeError): void;
  /** An envelope was dropped over THESPIAN_DROP_TRANSMITS_LEVEL (the base counts and reports it). */
  onDropped?(envelope: OutboundEnvelope, target: string): void;
  /**
   * The base calls each envelope's `settle()` itself, when its actor takes it (see acks.ts):
   * a receiver killed with messages still in its mailbox leaves them unacknowledged, and their
   * sender dead-letters them. Without it an envelope is settled as soon as it is handed over.
   */
  settlesEnvelopes?: boolean;
  log?: TransportLog;
}

/** 'dropped': over THESPIAN_DROP_TRANSMITS_LEVEL and not a system message (logged). */
export type SendResult = 'queued' | 'dropped';

/**
 * One endpoint of one process (STYLE 2: small, one file per transport behind it). Sends are
 * never blocking: backpressure is a signal the base reads (`isBlocked`) and waits out
 * (`onUnblocked` / `whenUnblocked`) before handing its actor the next message.
 */
export interface Transport {
  /** How peers reach this endpoint: "host:port" for TCP/UDP, the channel name for IPC. */
  readonly address: string;
  /**
   * Queue an envelope for `target` (messages to one target stay in order). Encodes now, so an
   * unencodable or oversize message throws MessageEncodeError here, synchronously.
   */
  send(target: string, envelope: Envelope | OutboundEnvelope): SendResult;
  /** True from reaching maxQueued until the count falls below the unblock threshold. */
  isBlocked(): boolean;
  /** Resolves at once when not blocked, else when it unblocks (or the transport closes). */
  whenUnblocked(): Promise<void>;
  /** Envelopes accepted and not yet written (in flight + waiting). */
  readonly queuedCount: number;
  /** Optional: throw now what send() would throw for this envelope (e.g. a datagram too large). */
  assertSendable?(envelope: OutboundEnvelope): void;
  /**
   * Optional: from now on this transport's listener and sockets do not keep the process alive
   * (a starter that is done exits, spec 9.4); its owner holds the event loop while it waits.
   */
  unref?(): void;
  /** Optional: true while `target` announced itself on a link it opened to us, and is sent to over it (duplex.ts). */
  hasReturnPath?(target: string): boolean;
  /** Stops listening, closes links; envelopes still queued are reported undeliverable. */
  close(): Promise<void>;
}

export function isOutbound(envelope: Envelope | OutboundEnvelope): envelope is OutboundEnvelope {
  return (envelope as OutboundEnvelope).payload instanceof Uint8Array;
}

import { decodeMessage } from './codec.js';
import { readEnvelopeBody, type ReceivedHead } from './envelope.js';
import { FrameDecoder } from './framing.js';
import { FrameError, MessageDecodeError, TransportError } from './transport-errors.js';
import type { TransportHandlers, TransportLog } from './transport.js';
import type { ReceiptCounter } from './acks.js';

/**
 * Turns one received frame body into an `onEnvelope` call. A head that does not parse
 * throws FrameError (the link is not speaking our protocol: the caller closes it); a message
 * that does not decode is reported and logged, and the link stays up, because framing is
 * still in step and the next envelope is fine.
 */
/** What a link knows of where its frames come from, stamped on each envelope's head. */
export interface LinkFacts {
  /** Proved only with the convention key (ReceivedHead.foreign). */
  foreign?: boolean;
  /** They came back over our own link to this target (ReceivedHead.returnedOn). */
  returnedOn?: string;
}

export function deliverFrame(body: Uint8Array, handlers: TransportHandlers, log: TransportLog, origin: string, receipts?: ReceiptCounter, facts: LinkFacts = {}): void {
  const read = readEnvelopeBody(body);
  const payload = read.payload;
  // A copy, never the decoded head itself: readEnvelopeBody hands the same head object to the
  // next frame with the same head bytes, which may come from a link of our own system. Said
  // only when true, so the common envelope keeps its shape.
  const head: ReceivedHead =
    facts.foreign || facts.returnedOn !== undefined
      ? { ...read.head, ...(facts.foreign ? { foreign: true } : {}), ...(facts.returnedOn !== undefined ? { returnedOn: facts.returnedOn } : {}) }
      : read.head;
  const settle = receipts?.next();
  let message: unknown;
  try {
    message = decodeMessage(payload);
  } catch (err) {
    settle?.(); // reported here and to the base: accounted for
    const error = err instanceof MessageDecodeError ? err : new MessageDecodeError(String((err as Error)?.message ?? err));
    log('error', `undecodable message from ${origin} for ${head.targetKey} (sender ${String(head.sender)}): ${error.message}`);
    handlers.onUndecodable?.(head, error);
    return;
  }
  if (settle === undefined) return handlers.onEnvelope({ ...head, message });
  if (!handlers.settlesEnvelopes) {
    try {
      handlers.onEnvelope({ ...head, message });
    } finally {
      settle();
    }
    return;
  }
  handlers.onEnvelope({ ...head, message, settle });
}

/**
 * A frame decoder for one stream link. On a broken stream (oversize, bad version, bad head)
 * it logs once and calls `close`, which must close only this link.
 */
export function streamReceiver(
  handlers: TransportHandlers,
  log: TransportLog,
  origin: string,
  maxFrameBytes: number,
  close: (error: FrameError) => void,
  receipts?: ReceiptCounter,
  facts: LinkFacts = {},
  /** A duplex link's control frames (duplex.ts); a FrameError thrown here closes the link. */
  onControl?: (version: number, body: Uint8Array) => void,
): FrameDecoder {
  let closed = false;
  const shut = (error: FrameError): void => {
    if (closed) return;
    closed = true;
    log('warning', `closing link from ${origin}: ${error.message} (${error.code})`);
    close(error);
  };
  // The peer's bytes broke the protocol: close this link. The base's own handler threw: its bug,
  // not the peer's; keep the link and say so.
  const guarded =
    <A extends unknown[]>(what: string, handle: (...args: A) => void) =>
    (...args: A): void => {
      if (closed) return;
      try {
        handle(...args);
      } catch (err) {
        if (err instanceof FrameError) shut(err);
        else log('error', `${what} handler threw on a message from ${origin}: ${(err as Error)?.stack ?? String(err)}`);
      }
    };
  const decoder = new FrameDecoder(
    {
      onFrame: guarded('envelope', (body: Uint8Array) => deliverFrame(body, handlers, log, origin, receipts, facts)),
      ...(onControl ? { onControl: guarded('control frame', onControl) } : {}),
      onError: shut,
    },
    maxFrameBytes,
  );
  return decoder;
}

/** Hosts "host:port" targets; IPv6 in brackets ("[::1]:1900"). */
export function parseHostPort(target: string): { host: string; port: number } {
  const at = target.lastIndexOf(':');
  const port = Number(target.slice(at + 1));
  let host = target.slice(0, at);
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  if (at <= 0 || !Number.isInteger(port) || port <= 0 || port > 65535) {
    throw new TransportError(`'${target}' is not a "host:port" transport address`, 'BAD_TRANSPORT_ADDRESS');
  }
  return { host, port };
}

export function formatHostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

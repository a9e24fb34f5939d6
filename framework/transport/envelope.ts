import { Decoder, Encoder } from '@msgpack/msgpack';
import { ActorAddress } from '../actor/address.js';
import { ActorSystemMessage } from '../actor/messages.js';
import { encodeMessage } from './codec.js';
import { FRAME_HEADER_BYTES, frameHeader } from './framing.js';
import { FrameError } from './transport-errors.js';

/**
 * What travels: who it is for (the target address key, so one endpoint can host many
 * actors), who sent it, a base-defined kind, whether it is a system message (never dropped),
 * and the message. The message is encoded once (`payload`) and can be framed for any number
 * of targets; only the small head is per target.
 */
export interface Envelope {
  targetKey: string;
  sender: ActorAddress | null;
  message: unknown;
  /** Base-defined (e.g. 0 user message, 1 admin request). Carried, never interpreted here. */
  kind?: number;
  /** Defaults to `message instanceof ActorSystemMessage`. System envelopes are never dropped. */
  system?: boolean;
}

/** An envelope ready to write: its message already encoded. Kept until written (or failed). */
export interface OutboundEnvelope {
  readonly targetKey: string;
  readonly sender: ActorAddress | null;
  readonly kind: number;
  readonly system: boolean;
  readonly payload: Uint8Array;
  /** The original message, so an undeliverable envelope can be dead-lettered without decoding. */
  readonly message: unknown;
}

export interface ReceivedHead {
  targetKey: string;
  sender: ActorAddress | null;
  kind: number;
  system: boolean;
  /**
   * True when the link proved only the convention key (another system of the convention): such
   * an envelope may carry user and convention messages; bases refuse control requests on it.
   */
  foreign?: boolean;
  /**
   * Set when the envelope came back over a link this process opened (a duplex link, duplex.ts):
   * that link's target, e.g. the ws:// URL a member dialed to reach its leader.
   */
  returnedOn?: string;
}

export interface ReceivedEnvelope extends ReceivedHead {
  message: unknown;
  /**
   * On links with acknowledgements (TCP, IPC), when the base set `settlesEnvelopes`: call once
   * when the envelope is taken (handled, dead-lettered or answered), so the sender stops
   * holding it. Otherwise the transport settles it when `onEnvelope` returns.
   */
  settle?: () => void;
}

const FLAG_SYSTEM = 1;
// Reused: msgpack's encode()/decode() functions build a new coder per call (measurable per message).
const headEncoder = new Encoder();
// A head is [targetKey, senderKey, senderLabel, kind, flags]: decode nothing bigger.
const MAX_HEAD_BYTES = 64 * 1024;
const headDecoder = new Decoder({ maxArrayLength: 5, maxMapLength: 0, maxBinLength: 0, maxExtLength: 0, maxStrLength: MAX_HEAD_BYTES });

/** Encodes the message unless `payload` (the same message, encoded once already) is given. */
export function prepareEnvelope(env: Envelope, payload?: Uint8Array): OutboundEnvelope {
  return {
    targetKey: env.targetKey,
    sender: env.sender,
    kind: env.kind ?? 0,
    system: env.system ?? env.message instanceof ActorSystemMessage,
    payload: payload ?? encodeMessage(env.message),
    message: env.message,
  };
}

/**
 * The frame as two pieces: [frame header + head length + head] and the shared payload, so a
 * stream transport writes them with writev and never copies the payload.
 */
export function framePieces(out: OutboundEnvelope): [Uint8Array, Uint8Array] {
  const head = encodedHead(out);
  const prefix = new Uint8Array(FRAME_HEADER_BYTES + 4 + head.byteLength);
  frameHeader(4 + head.byteLength + out.payload.byteLength, prefix, 0);
  new DataView(prefix.buffer).setUint32(FRAME_HEADER_BYTES, head.byteLength);
  prefix.set(head, FRAME_HEADER_BYTES + 4);
  return [prefix, out.payload];
}

// A sender mostly repeats the same (target, sender) pair: encode each head once.
const headCache = new Map<string, Uint8Array>();

function encodedHead(out: OutboundEnvelope): Uint8Array {
  const flags = out.system ? FLAG_SYSTEM : 0;
  const key = `${out.targetKey}\u0000${out.sender?.key ?? '\u0001'}\u0000${out.sender?.label ?? ''}\u0000${out.kind}\u0000${flags}`;
  let head = headCache.get(key);
  if (head === undefined) {
    head = headEncoder.encode([out.targetKey, out.sender?.key ?? null, out.sender?.label ?? '', out.kind, flags]);
    if (headCache.size >= 4096) headCache.clear();
    headCache.set(key, head);
  }
  return head;
}

/** One contiguous frame (datagrams and IPC messages need a single buffer). */
export function frameOf(out: OutboundEnvelope): Uint8Array {
  const [prefix, payload] = framePieces(out);
  const frame = new Uint8Array(prefix.byteLength + payload.byteLength);
  frame.set(prefix, 0);
  frame.set(payload, prefix.byteLength);
  return frame;
}

/**
 * Splits a frame body into its head and payload. A head that does not decode means the
 * peer is not speaking our protocol: FrameError, close the connection. The payload is
 * decoded separately (decodeMessage) so a failure there can still be answered to `sender`.
 */
export function readEnvelopeBody(body: Uint8Array): { head: ReceivedHead; payload: Uint8Array } {
  if (body.byteLength < 4) throw new FrameError('frame body too short for an envelope head', 'BAD_ENVELOPE');
  const headLen = new DataView(body.buffer, body.byteOffset, body.byteLength).getUint32(0);
  if (headLen > body.byteLength - 4) throw new FrameError('envelope head length past the end of its frame', 'BAD_ENVELOPE');
  if (headLen > MAX_HEAD_BYTES) throw new FrameError(`envelope head of ${headLen} bytes is over ${MAX_HEAD_BYTES}`, 'BAD_ENVELOPE');
  const headBytes = body.subarray(4, 4 + headLen);
  // A stream of frames mostly repeats one head: reuse the last decoded one when the bytes match.
  if (lastHead !== undefined && lastHeadBytes.byteLength === headLen && Buffer.from(headBytes.buffer, headBytes.byteOffset, headLen).equals(lastHeadBytes)) {
    return { head: lastHead, payload: body.subarray(4 + headLen) };
  }
  let raw: unknown;
  try {
    raw = headDecoder.decode(headBytes);
  } catch (err) {
    throw new FrameError(`envelope head does not decode: ${(err as Error).message}`, 'BAD_ENVELOPE');
  }
  if (!Array.isArray(raw) || raw.length !== 5) throw new FrameError('envelope head is not a 5-element array', 'BAD_ENVELOPE');
  const [targetKey, senderKey, senderLabel, kind, flags] = raw as unknown[];
  if (
    typeof targetKey !== 'string' ||
    (senderKey !== null && typeof senderKey !== 'string') ||
    typeof senderLabel !== 'string' ||
    typeof kind !== 'number' ||
    typeof flags !== 'number'
  ) {
    throw new FrameError('envelope head has fields of the wrong types', 'BAD_ENVELOPE');
  }
  const head: ReceivedHead = {
    targetKey,
    sender: senderKey === null ? null : new ActorAddress(senderKey, senderLabel),
    kind,
    system: (flags & FLAG_SYSTEM) !== 0,
  };
  lastHead = head;
  lastHeadBytes = Buffer.from(headBytes);
  return { head, payload: body.subarray(4 + headLen) };
}

let lastHead: ReceivedHead | undefined;
let lastHeadBytes: Buffer = Buffer.alloc(0);

import { FrameError } from './transport-errors.js';

/**
 * Frames on a byte stream: [u32 BE length][u8 protocol version][length-1 body bytes], where
 * length counts the version byte and the body. The version byte lets a future wire format be
 * refused cleanly instead of misread.
 */
export const PROTOCOL_VERSION = 1;
export const FRAME_HEADER_BYTES = 5;
export const DEFAULT_MAX_FRAME_BYTES = 64 * 1024 * 1024;
const INITIAL_BODY_BYTES = 64 * 1024;

/** The 5 header bytes for a frame whose body is `bodyBytes` long. */
export function frameHeader(bodyBytes: number, out = new Uint8Array(FRAME_HEADER_BYTES), at = 0, version = PROTOCOL_VERSION): Uint8Array {
  const length = bodyBytes + 1;
  out[at] = length >>> 24;
  out[at + 1] = (length >>> 16) & 0xff;
  out[at + 2] = (length >>> 8) & 0xff;
  out[at + 3] = length & 0xff;
  out[at + 4] = version;
  return out;
}

/**
 * Control frames of a duplex stream link (duplex.ts): the version byte names them, so they
 * interleave with envelope frames in either direction. Their bodies are small by definition.
 */
export const ACK_FRAME = 0xa1;
export const HELLO_FRAME = 0xa2;
export const MAX_CONTROL_BODY_BYTES = 1024;

export interface FrameSink {
  /** A complete frame body. It may be a view into the received chunk: decode it before returning. */
  onFrame(body: Uint8Array): void;
  /**
   * A control frame (ACK_FRAME, HELLO_FRAME). Only a sink that has this reads them: on a link
   * that is not duplex they are a protocol error, as any unknown version is.
   */
  onControl?(version: number, body: Uint8Array): void;
  /** The stream is unusable from here on (oversize, bad version): close this connection only. */
  onError(error: FrameError): void;
}

/**
 * Streaming decoder: feed it chunks as they arrive, in any sizes. Small frames inside a chunk
 * are handed out as views (no copy). A frame spanning chunks is assembled in a buffer that
 * grows with the bytes received (doubling, capped at the frame's size): a header alone costs
 * nothing, so a peer that announces 60 MiB and sends 5 bytes holds 64 KiB, not 60 MiB.
 */
export class FrameDecoder {
  private readonly header = new Uint8Array(FRAME_HEADER_BYTES);
  private headerFill = 0;
  private body: Uint8Array | null = null;
  private bodyLength = 0;
  private bodyFill = 0;
  private bodyVersion = PROTOCOL_VERSION;
  private failed = false;
  /** When the frame being assembled started (ms), for a caller that times out slow peers. */
  partialSince: number | undefined;
  /** Complete frames handed out so far, control frames included. */
  frames = 0;

  constructor(
    private readonly sink: FrameSink,
    readonly maxFrameBytes = DEFAULT_MAX_FRAME_BYTES,
  ) {}

  /** Bytes allocated for the frame being assembled: grows with what arrived, not with what the header claims. */
  get reserved(): number {
    return this.headerFill + (this.body?.length ?? 0);
  }

  /** Bytes held for a frame not yet complete (0 between frames). */
  get buffered(): number {
    return this.headerFill + this.bodyFill;
  }

  push(chunk: Uint8Array): void {
    let off = 0;
    while (off < chunk.length && !this.failed) {
      if (this.body) {
        const take = Math.min(this.bodyLength - this.bodyFill, chunk.length - off);
        this.reserve(this.bodyFill + take);
        this.body.set(chunk.subarray(off, off + take), this.bodyFill);
        this.bodyFill += take;
        off += take;
        if (this.bodyFill === this.bodyLength) this.finishBody();
        continue;
      }
      if (this.headerFill === 0 && chunk.length - off >= FRAME_HEADER_BYTES) {
        const bodyLen = this.readHeader(chunk, off);
        if (bodyLen < 0) return;
        off += FRAME_HEADER_BYTES;
        if (chunk.length - off >= bodyLen) {
          this.hand(chunk.subarray(off, off + bodyLen));
          off += bodyLen;
        } else {
          this.startBody(bodyLen);
        }
        continue;
      }
      this.partialSince ??= Date.now();
      const take = Math.min(FRAME_HEADER_BYTES - this.headerFill, chunk.length - off);
      this.header.set(chunk.subarray(off, off + take), this.headerFill);
      this.headerFill += take;
      off += take;
      if (this.headerFill === FRAME_HEADER_BYTES) {
        this.headerFill = 0;
        const bodyLen = this.readHeader(this.header, 0);
        if (bodyLen < 0) return;
        this.startBody(bodyLen);
        if (bodyLen === 0) this.finishBody();
      }
    }
  }

  private startBody(length: number): void {
    this.partialSince ??= Date.now();
    this.bodyLength = length;
    this.body = new Uint8Array(Math.min(length, INITIAL_BODY_BYTES));
  }

  private reserve(bytes: number): void {
    if (bytes <= this.body!.length) return;
    const grown = new Uint8Array(Math.min(this.bodyLength, Math.max(bytes, this.body!.length * 2)));
    grown.set(this.body!.subarray(0, this.bodyFill));
    this.body = grown;
  }

  private finishBody(): void {
    const body = this.body!;
    this.body = null;
    this.bodyFill = 0;
    this.partialSince = undefined;
    this.hand(body);
  }

  private hand(body: Uint8Array): void {
    this.frames++;
    if (this.bodyVersion !== PROTOCOL_VERSION) return this.sink.onControl!(this.bodyVersion, body);
    this.sink.onFrame(body);
  }

  /** Returns the body length, or -1 after reporting an error. */
  private readHeader(bytes: Uint8Array, at: number): number {
    const length = ((bytes[at]! << 24) | (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!) >>> 0;
    const version = bytes[at + 4]!;
    if (length > this.maxFrameBytes) {
      return this.fail(new FrameError(`frame of ${length} bytes is over the limit of ${this.maxFrameBytes} bytes`, 'FRAME_TOO_LARGE'));
    }
    if (length === 0) return this.fail(new FrameError('frame of length 0 (no version byte)', 'BAD_FRAME'));
    this.bodyVersion = version;
    if (version !== PROTOCOL_VERSION && this.sink.onControl && (version === ACK_FRAME || version === HELLO_FRAME)) {
      if (length - 1 > MAX_CONTROL_BODY_BYTES) return this.fail(new FrameError(`control frame of ${length} bytes is over ${MAX_CONTROL_BODY_BYTES}`, 'BAD_FRAME'));
      return length - 1;
    }
    if (version !== PROTOCOL_VERSION) {
      return this.fail(
        new FrameError(`frame has protocol version ${version}, this process speaks ${PROTOCOL_VERSION} (garbage, or a mismatched thespian-ts)`, 'BAD_PROTOCOL_VERSION'),
      );
    }
    return length - 1;
  }

  private fail(error: FrameError): -1 {
    this.failed = true;
    this.body = null;
    this.sink.onError(error);
    return -1;
  }
}

/** A frame that arrives whole (a datagram, an IPC message): checks its header, returns the body. */
export function unframe(frame: Uint8Array, maxFrameBytes = DEFAULT_MAX_FRAME_BYTES): Uint8Array {
  let body: Uint8Array | undefined;
  let error: FrameError | undefined;
  const decoder = new FrameDecoder({ onFrame: (b) => (body = b), onError: (e) => (error = e) }, maxFrameBytes);
  decoder.push(frame);
  if (error) throw error;
  if (!body || decoder.buffered !== 0) throw new FrameError(`a whole frame was expected, got ${frame.byteLength} bytes that do not make one`, 'BAD_FRAME');
  if (body.byteOffset + body.byteLength !== frame.byteOffset + frame.byteLength) {
    throw new FrameError('bytes after the end of the frame', 'BAD_FRAME');
  }
  return body;
}

import { describe, expect, it } from 'vitest';
import { FrameDecoder, PROTOCOL_VERSION, frameHeader } from '../../framework/transport/framing.js';
import type { FrameError } from '../../framework/transport/transport-errors.js';

function frame(body: Uint8Array): Uint8Array {
  const out = new Uint8Array(5 + body.length);
  frameHeader(body.length, out, 0);
  out.set(body, 5);
  return out;
}

function collect(max?: number): { frames: Uint8Array[]; errors: FrameError[]; dec: FrameDecoder } {
  const frames: Uint8Array[] = [];
  const errors: FrameError[] = [];
  // Copy each frame: the decoder may hand out views into the chunk.
  const dec = new FrameDecoder({ onFrame: (b) => frames.push(b.slice()), onError: (e) => errors.push(e) }, max);
  return { frames, errors, dec };
}

const bodies = [Uint8Array.of(1), new Uint8Array(0), Uint8Array.from({ length: 300 }, (_, i) => i & 0xff), Uint8Array.of(7, 7)];
const stream = Buffer.concat(bodies.map(frame));

describe('FrameDecoder', () => {
  it('writes the version byte after the length', () => {
    expect([...frameHeader(3)]).toEqual([0, 0, 0, 4, PROTOCOL_VERSION]);
  });

  it('decodes many frames in one chunk', () => {
    const { frames, errors, dec } = collect();
    dec.push(stream);
    expect(errors).toEqual([]);
    expect(frames.map((f) => [...f])).toEqual(bodies.map((b) => [...b]));
    expect(dec.buffered).toBe(0);
  });

  it.each([1, 2, 3, 4, 5, 6, 7, 64])('decodes the same stream fed in %i-byte pieces', (size) => {
    const { frames, errors, dec } = collect();
    for (let i = 0; i < stream.length; i += size) dec.push(stream.subarray(i, i + size));
    expect(errors).toEqual([]);
    expect(frames.map((f) => [...f])).toEqual(bodies.map((b) => [...b]));
  });

  it('holds a partial frame until the rest arrives', () => {
    const { frames, dec } = collect();
    const f = frame(Uint8Array.of(1, 2, 3));
    dec.push(f.subarray(0, 6));
    expect(frames).toHaveLength(0);
    expect(dec.buffered).toBe(1);
    dec.push(f.subarray(6));
    expect(frames.map((x) => [...x])).toEqual([[1, 2, 3]]);
  });

  it('reports an oversize frame once, from its header alone, and stops', () => {
    const { frames, errors, dec } = collect(1000);
    dec.push(frame(new Uint8Array(10)));
    const header = frameHeader(5000);
    dec.push(header);
    dec.push(frame(new Uint8Array(3))); // ignored: the stream is out of step after an error
    expect(frames).toHaveLength(1);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.code).toBe('FRAME_TOO_LARGE');
    expect(errors[0]!.message).toContain('5001 bytes is over the limit of 1000');
  });

  it('reports a wrong protocol version and a zero length', () => {
    const a = collect();
    a.dec.push(Uint8Array.of(0, 0, 0, 2, 99, 0));
    expect(a.errors[0]!.code).toBe('BAD_PROTOCOL_VERSION');
    const b = collect();
    b.dec.push(Uint8Array.of(0, 0, 0, 0, 1));
    expect(b.errors[0]!.code).toBe('BAD_FRAME');
  });

  it('assembles a 50 MB frame from 64 KiB chunks intact', () => {
    const size = 50 * 1024 * 1024;
    const body = new Uint8Array(size);
    for (let i = 0; i < size; i += 4093) body[i] = (i / 4093) & 0xff;
    body[size - 1] = 0xab;
    const { frames, errors, dec } = collect();
    const f = frame(body);
    for (let i = 0; i < f.length; i += 65536) dec.push(f.subarray(i, i + 65536));
    expect(errors).toEqual([]);
    expect(frames).toHaveLength(1);
    expect(frames[0]!.length).toBe(size);
    expect(Buffer.compare(frames[0]!, body)).toBe(0);
  });
});
